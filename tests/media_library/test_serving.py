import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_image, make_video, upload
from tests.media_library.test_validators import WEBM_HEAD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_images_and_renditions_are_served_with_their_type_and_nosniff(client):
    image = make_image()
    webp = image.renditions_for("thumb", "webp")[0]

    original = client.get(image.file.url)
    rendition = client.get(webp.url)

    assert original.status_code == 200 and original["Content-Type"] == "image/jpeg"
    assert rendition["Content-Type"] == "image/webp" and body(rendition)[8:12] == b"WEBP"
    for response in (original, rendition):
        assert response["X-Content-Type-Options"] == "nosniff"


def test_video_and_captions_are_served_with_their_type(client):
    video = make_video(
        file=upload(WEBM_HEAD, "upload.webm", "video/webm"),
        external_url="",
        captions=upload(b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "c.vtt", "text/vtt"),
    )

    assert client.get(video.file.url)["Content-Type"] == "video/webm"
    assert client.get(video.captions.url)["Content-Type"] == "text/vtt; charset=utf-8"


@pytest.mark.parametrize(
    "path", ["/media/images/missing.jpg", "/media/images/x.html", "/media/../nanguan/settings.py", "/media/a/b/c.jpg"]
)
def test_anything_else_under_media_is_404(client, media_root, path):
    (media_root / "images").mkdir(parents=True)
    (media_root / "images" / "x.html").write_text("<script>alert(1)</script>")

    assert client.get(path).status_code == 404


def settings_in_subprocess(**env) -> dict:
    code = "import json, nanguan.settings as s; print(json.dumps({'storages': s.STORAGES, 'media_url': s.MEDIA_URL}))"
    environment = {**os.environ, "DEBUG": "true", **env}
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_CUSTOM_DOMAIN"):
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_files_by_default_and_s3_when_a_bucket_is_configured():
    local = settings_in_subprocess()
    s3 = settings_in_subprocess(
        AWS_STORAGE_BUCKET_NAME="nanguan-media",
        AWS_S3_ENDPOINT_URL="https://oss.example.cn",
        AWS_S3_CUSTOM_DOMAIN="media.example.gov.cn",
    )

    assert local["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s3["storages"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["storages"]["default"]["OPTIONS"]["bucket_name"] == "nanguan-media"
    assert s3["storages"]["default"]["OPTIONS"]["endpoint_url"] == "https://oss.example.cn"
    assert s3["media_url"] == "https://media.example.gov.cn/"

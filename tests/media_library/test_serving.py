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


def test_video_is_served_in_byte_ranges_for_seeking(client):
    # Safari plays no video whose server ignores Range, and other browsers cannot seek past what they loaded.
    data = WEBM_HEAD + bytes(range(256)) * 40
    video = make_video(file=upload(data, "upload.webm", "video/webm"), external_url="")

    whole = client.get(video.file.url)
    part = client.get(video.file.url, headers={"range": "bytes=100-199"})
    rest = client.get(video.file.url, headers={"range": "bytes=10000-"})
    tail = client.get(video.file.url, headers={"range": "bytes=-16"})
    beyond = client.get(video.file.url, headers={"range": f"bytes={len(data)}-"})

    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert part.status_code == 206 and body(part) == data[100:200]
    assert part["Content-Range"] == f"bytes 100-199/{len(data)}" and part["Content-Length"] == "100"
    assert part["Content-Type"] == "video/webm" and part["X-Content-Type-Options"] == "nosniff"
    assert rest.status_code == 206 and body(rest) == data[10000:]
    assert tail.status_code == 206 and body(tail) == data[-16:]
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize("header", ["bytes=5-3", "lines=1-2", "bytes=0-1,5-6", "bytes=-"])
def test_a_range_header_that_is_not_one_valid_range_gets_the_whole_file(client, header):
    video = make_video(file=upload(WEBM_HEAD, "upload.webm", "video/webm"), external_url="")

    response = client.get(video.file.url, headers={"range": header})

    assert response.status_code == 200 and body(response) == WEBM_HEAD


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

import io
import os
import shutil
import stat
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from media_library.validators import inspect_image, inspect_video, sniff_video, validate_captions
from tests.factories import image_bytes, upload

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
MKV_HEAD = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x88matroska"


def refusal(check, data, name="file.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        check(upload(data, name))
    return caught.value.messages[0]


@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_supported_images_are_accepted_and_named_by_content(fmt, ext):
    accepted = inspect_image(upload(image_bytes(fmt, size=(640, 480)), name="whatever.bin"))

    assert (accepted.format, accepted.width, accepted.height) == (fmt, 640, 480)
    assert accepted.content.name == f"upload.{ext}"


def test_gif_keeps_its_first_frame_as_png():
    frames = [PILImage.new("RGB", (40, 30), color) for color in [(255, 0, 0), (0, 0, 255)]]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])

    accepted = inspect_image(upload(out.getvalue(), "anim.gif"))

    assert accepted.format == "PNG" and accepted.content.name == "upload.png"
    with PILImage.open(io.BytesIO(accepted.content.read())) as stored:
        assert stored.format == "PNG" and getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


def test_dimensions_follow_exif_orientation():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotate 90°: a 400×300 sensor image is shown 300×400
    accepted = inspect_image(upload(image_bytes("JPEG", size=(400, 300), exif=exif)))

    assert (accepted.width, accepted.height) == (300, 400)


def test_svg_is_refused_in_chinese():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "不支持 SVG" in refusal(inspect_image, svg, "logo.jpg")


def test_html_named_as_image_is_refused():
    assert "网页（HTML）" in refusal(inspect_image, b"<!DOCTYPE html><html><body>hi</body></html>", "photo.png")


def test_bmp_is_not_a_supported_format():
    assert "只支持 JPEG、PNG、WebP" in refusal(inspect_image, image_bytes("BMP"), "photo.jpg")


def test_truncated_image_is_refused():
    data = image_bytes("PNG", size=(300, 300))
    assert "已损坏" in refusal(inspect_image, data[: len(data) // 2], "photo.png")


def test_image_over_size_limit_is_refused(settings):
    settings.MEDIA_IMAGE_MAX_BYTES = 1000
    assert "超过上限" in refusal(inspect_image, image_bytes("PNG", size=(400, 400)) + b"\0" * 1000)


def test_image_with_too_many_pixels_is_refused(settings):
    settings.MEDIA_IMAGE_MAX_PIXELS = 100 * 100
    assert "像素过多" in refusal(inspect_image, image_bytes("PNG", size=(101, 100)))


def test_pillow_decompression_bomb_is_refused(settings, monkeypatch):
    # Pillow's own guard (warning, then error at twice the limit) is also turned into a refusal.
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 50 * 50)
    assert "像素过多" in refusal(inspect_image, image_bytes("PNG", size=(60, 60)))
    assert "像素过多" in refusal(inspect_image, image_bytes("PNG", size=(200, 200)))


def test_video_type_is_sniffed_from_content():
    assert sniff_video(MP4_HEAD) == "video/mp4"
    assert sniff_video(WEBM_HEAD) == "video/webm"
    assert sniff_video(MKV_HEAD) is None
    assert sniff_video(b"\x00\x00\x00\x18ftypheic" + b"\0" * 20) is None  # HEIF photo, not a video
    assert sniff_video(b"RIFF\x00\x00\x00\x00AVI LIST") is None


def test_video_named_mp4_but_not_a_video_is_refused():
    assert "只支持 MP4 或 WebM" in refusal(inspect_video, image_bytes(), "film.mp4")
    assert "网页（HTML）" in refusal(inspect_video, b"<html><script>x</script></html>", "film.mp4")


def test_video_over_size_limit_is_refused(settings):
    settings.MEDIA_VIDEO_MAX_BYTES = 100
    assert "超过上限" in refusal(inspect_video, MP4_HEAD * 10, "film.mp4")


def test_video_is_renamed_by_content_and_duration_blank_without_ffprobe(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    accepted = inspect_video(upload(WEBM_HEAD + b"\0" * 100, "film.mp4", "video/mp4"))

    assert accepted.mime_type == "video/webm"
    assert accepted.content.name == "upload.webm"
    assert accepted.duration is None


def test_video_duration_is_read_by_ffprobe_when_installed(monkeypatch, tmp_path):
    ffprobe = tmp_path / "bin" / "ffprobe"
    ffprobe.parent.mkdir()
    # A stand-in that answers like `ffprobe -show_entries format=duration` for the file it is given.
    ffprobe.write_text('#!/bin/sh\nfor last; do :; done\n[ -s "$last" ] && echo 754.320000\n')
    ffprobe.chmod(ffprobe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{ffprobe.parent}{os.pathsep}/usr/bin:/bin")

    accepted = inspect_video(upload(MP4_HEAD, "film.mp4", "video/mp4"))

    assert accepted.duration == timedelta(seconds=754.32)


def test_valid_webvtt_captions_pass():
    vtt = "\ufeffWEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n大家好。\n\n00:05.000 --> 00:08.500 align:start\n南关区\n"
    validate_captions(upload(vtt.encode("utf-8"), "zh.vtt", "text/vtt"))


@pytest.mark.parametrize(
    "data, message",
    [
        ("1\n00:00:01,000 --> 00:00:04,000\n大家好\n".encode(), "第一行必须是「WEBVTT」"),  # SRT, not WebVTT
        ("WEBVTT\n\n00:00:01,000 --> 00:00:04,000\n大家好\n".encode(), "第 3 行的时间格式不正确"),
        (b"WEBVTT\n\n", "没有任何字幕条目"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n大家好\n".encode("gb18030"), "UTF-8"),
        ("WEBVTT\n\n00:05.000 --> 00:02.000\n大家好\n".encode(), "第 3 行的结束时间应晚于开始时间"),
        ("WEBVTT\n\n01:00:00.000 --> 59:59.000\n大家好\n".encode(), "第 3 行的结束时间应晚于开始时间"),
    ],
    ids=["srt", "bad-timing", "empty", "gb18030", "backwards", "backwards-hours"],
)
def test_bad_captions_are_refused_in_chinese(data, message):
    assert message in refusal(validate_captions, data, "zh.vtt")


def test_unknown_files_are_refused():
    assert "JPEG、PNG" in refusal(inspect_image, b"%PDF-1.7 not an image at all", "photo.jpg")


def test_camera_mpo_is_accepted_as_jpeg():
    frames = [PILImage.new("RGB", (64, 48), color) for color in [(255, 0, 0), (0, 255, 0)]]
    out = io.BytesIO()
    frames[0].save(out, format="MPO", save_all=True, append_images=frames[1:])

    accepted = inspect_image(upload(out.getvalue(), "IMG_0001.JPG"))

    assert (accepted.format, accepted.content.name) == ("JPEG", "upload.jpg")


def test_iphone_heic_is_refused_with_advice():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    assert "不支持 HEIC" in refusal(inspect_image, heic, "IMG_0001.HEIC")


@pytest.mark.skipif(not shutil.which("ffmpeg") or not shutil.which("ffprobe"), reason="ffmpeg is not installed")
def test_real_ffprobe_reads_the_duration_of_a_real_mp4(tmp_path):
    video = tmp_path / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=64x48:rate=10",
            "-pix_fmt",
            "yuv420p",
            video,
        ],
        check=True,
        timeout=60,
    )

    accepted = inspect_video(upload(video.read_bytes(), "clip.bin", "application/octet-stream"))

    assert accepted.mime_type == "video/mp4"
    assert accepted.duration == timedelta(seconds=2)

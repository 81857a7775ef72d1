"""Checks on uploaded media: the type is read from the bytes, never from the name or the browser.

- images: JPEG, PNG, WebP, and GIF (whose first frame is kept, as PNG); Pillow must be able to
  verify and fully decode the file, and it must stay under the size and pixel limits in settings;
- videos: MP4 (an ISO base media ``ftyp`` box with a video brand) or WebM (an EBML header whose
  DocType is ``webm``), under the size limit; the duration comes from ffprobe when it is installed;
- captions: WebVTT, UTF-8, with a ``WEBVTT`` header and well-formed cue timings.

Every refusal is a ``ValidationError`` with a message in Chinese for editors.
"""

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

# Pillow format name -> stored extension.
IMAGE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
# MPO is a camera JPEG with extra frames appended; it is stored and served as the JPEG it is.
STORED_FORMAT = {"MPO": "JPEG", "GIF": "PNG"}
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"MSNV"}
ORIENTATION_TAG = 0x0112
CUE_TIMING = re.compile(r"^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}\s+-->\s+(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}(?:\s+.*)?$")
CAPTIONS_MAX_BYTES = 2 * 1024 * 1024
FFPROBE_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class ImageUpload:
    """What an accepted image upload is: the file to store and what was learnt from it."""

    content: File  # named upload.<ext>, ext from the detected format
    format: str  # JPEG, PNG or WEBP (a GIF becomes PNG)
    width: int  # after EXIF orientation
    height: int
    sha256: str  # of the bytes as uploaded
    size: int


@dataclass(frozen=True)
class VideoUpload:
    content: File
    mime_type: str
    sha256: str
    size: int
    duration: timedelta | None


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _refuse_other_type(head: bytes) -> None:
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        raise ValidationError(
            "不支持 HEIC/AVIF 格式（如苹果手机照片），请先转换为 JPEG 后上传"
            "（手机「设置 › 相机 › 格式」选择「兼容性最佳」即可直接得到 JPEG）。",
            code="heif",
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) or b"<svg" in text[:1024]:
        raise ValidationError("不支持 SVG 图片（可能含有脚本），请上传 JPEG、PNG 或 WebP 格式。", code="svg")
    if text.startswith((b"<!doctype", b"<html", b"<script", b"<")):
        raise ValidationError("这是一个网页（HTML）文件，不是图片，请上传 JPEG、PNG 或 WebP 格式。", code="html")


def inspect_image(upload) -> ImageUpload:
    """Accept an image upload or raise ValidationError saying why not."""
    limit = settings.MEDIA_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"图片大小为 {megabytes(upload.size)}，超过上限 {megabytes(limit)}，请压缩后再上传。", code="too_large"
        )
    data = _read_all(upload)
    _refuse_other_type(data[:2048])
    max_pixels = settings.MEDIA_IMAGE_MAX_PIXELS
    unsupported = ValidationError(
        "无法识别的文件类型。只支持 JPEG、PNG、WebP 图片（GIF 只取第一帧）。", code="unsupported"
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as a refusal.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise unsupported
                width, height = probe.size
                if width * height > max_pixels:
                    raise PILImage.DecompressionBombError(f"{width}x{height}")
                probe.verify()
            # verify() leaves the image unusable; decode it fully to catch truncated files.
            with PILImage.open(io.BytesIO(data)) as image:
                image.load()
                fmt = image.format
                orientation = image.getexif().get(ORIENTATION_TAG, 1)
                first_frame = _first_frame_png(image) if fmt == "GIF" else None
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(
            f"图片像素过多（超过 {max_pixels // 1_000_000} 百万像素），可能是恶意文件，已拒绝。请缩小尺寸后再上传。",
            code="bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "图片文件已损坏或格式不受支持，请重新导出为 JPEG、PNG 或 WebP 后上传。", code="broken"
        ) from error
    if orientation in (5, 6, 7, 8):  # rotated a quarter turn: stored sideways
        width, height = height, width
    ext = IMAGE_FORMATS[fmt]
    return ImageUpload(
        content=ContentFile(first_frame or data, name=f"upload.{ext}"),
        format=STORED_FORMAT.get(fmt, fmt),
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(first_frame or data),
    )


def _first_frame_png(image: PILImage.Image) -> bytes:
    image.seek(0)
    frame = image.convert("RGBA")
    out = io.BytesIO()
    frame.save(out, format="PNG")
    return out.getvalue()


def sniff_video(head: bytes) -> str | None:
    """The MIME type of a video from its first bytes, or None when it is neither MP4 nor WebM."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm"
    return None


def inspect_video(upload) -> VideoUpload:
    """Accept a video upload or raise ValidationError saying why not."""
    limit = settings.MEDIA_VIDEO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"视频大小为 {megabytes(upload.size)}，超过上限 {megabytes(limit)}。", code="too_large")
    upload.seek(0)
    head = upload.read(64)
    mime_type = sniff_video(head)
    if mime_type is None:
        _refuse_other_type(head)
        raise ValidationError("只支持 MP4 或 WebM 格式的视频文件，请转换格式后再上传。", code="unsupported")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    ext = "mp4" if mime_type == "video/mp4" else "webm"
    upload.name = f"upload.{ext}"
    return VideoUpload(
        content=upload,
        mime_type=mime_type,
        sha256=digest.hexdigest(),
        size=upload.size,
        duration=probe_duration(upload),
    )


def probe_duration(upload) -> timedelta | None:
    """The video's duration read by ffprobe, or None when ffprobe is missing or cannot tell."""
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        return None
    command = [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1"]
    try:
        if hasattr(upload, "temporary_file_path"):
            result = _run(command + [upload.temporary_file_path()])
        else:
            # The upload is in memory: ffprobe needs a seekable file (MP4 index may sit at the end).
            with tempfile.NamedTemporaryFile(suffix=".video") as copy:
                upload.seek(0)
                for chunk in upload.chunks():
                    copy.write(chunk)
                copy.flush()
                upload.seek(0)
                result = _run(command + [copy.name])
        seconds = float(result.strip().splitlines()[0])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    return timedelta(seconds=round(seconds, 3)) if seconds > 0 else None


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=FFPROBE_TIMEOUT_SECONDS, check=True).stdout


def _seconds(timestamp: str) -> float:
    """Seconds of a WebVTT timestamp, ``[hh:]mm:ss.ttt``."""
    *hours, minutes, seconds = timestamp.split(":")
    return int(hours[0] if hours else 0) * 3600 + int(minutes) * 60 + float(seconds)


def validate_captions(upload) -> None:
    """Refuse anything that is not a UTF-8 WebVTT file with well-formed cue timings."""
    if upload.size > CAPTIONS_MAX_BYTES:
        raise ValidationError(f"字幕文件超过 {megabytes(CAPTIONS_MAX_BYTES)}，请检查是否选错了文件。", code="too_large")
    try:
        text = _read_all(upload).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("字幕文件必须是 UTF-8 编码的 WebVTT（.vtt）文件。", code="encoding") from error
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ValidationError("字幕文件第一行必须是「WEBVTT」，请上传 WebVTT（.vtt）格式的字幕。", code="header")
    cues = 0
    for number, line in enumerate(lines, start=1):
        if "-->" in line:
            if not CUE_TIMING.match(line.strip()):
                raise ValidationError(
                    f"字幕第 {number} 行的时间格式不正确，应为「00:00:01.000 --> 00:00:04.000」。", code="timing"
                )
            start, end = (_seconds(time.split()[0]) for time in line.split("-->"))
            if end <= start:
                raise ValidationError(f"字幕第 {number} 行的结束时间应晚于开始时间，请检查这一条字幕。", code="order")
            cues += 1
    if not cues:
        raise ValidationError("字幕文件中没有任何字幕条目。", code="empty")

import re
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

# Stored names are ours (random, with the extension of the detected type), so the extension is trustworthy.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt; charset=utf-8",
}
FOLDERS = {"images", "renditions", "videos", "captions"}
BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK_SIZE = 64 * 1024


class UnsatisfiableRange(Exception):
    pass


@require_safe
def serve_media(request, path):
    """Serve an uploaded file with its real Content-Type and ``nosniff``; anything else is 404.

    A single byte range is answered with 206 (browsers seek in videos that way; Safari plays nothing
    without it). For development and small sites; in production the web server serves MEDIA_URL (see README).
    """
    name = PurePosixPath(path)
    content_type = CONTENT_TYPES.get(name.suffix.lower())
    if content_type is None or len(name.parts) != 2 or name.parts[0] not in FOLDERS or ".." in name.parts:
        raise Http404("没有这个文件。")
    try:
        stored = default_storage.open(str(name), "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("没有这个文件。") from error
    try:
        wanted = requested_range(request.headers.get("Range", ""), stored.size)
    except UnsatisfiableRange:
        stored.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{stored.size}"
    else:
        if wanted is None:
            response = FileResponse(stored, content_type=content_type)
        else:
            first, last = wanted
            response = StreamingHttpResponse(_read_part(stored, first, last), status=206, content_type=content_type)
            response["Content-Length"] = str(last - first + 1)
            response["Content-Range"] = f"bytes {first}-{last}/{stored.size}"
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def requested_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte of a single ``bytes=`` range, or None to send the whole file.

    A header that is not one valid range is ignored (RFC 9110 allows it); a range that starts past
    the end raises UnsatisfiableRange.
    """
    match = BYTE_RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-N": the last N bytes
        if int(last) == 0:
            raise UnsatisfiableRange
        return max(size - int(last), 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None
    if first >= size:
        raise UnsatisfiableRange
    return first, min(int(last), size - 1) if last else size - 1


def _read_part(stored, first: int, last: int):
    try:
        stored.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = stored.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        stored.close()

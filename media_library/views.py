from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
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


@require_safe
def serve_media(request, path):
    """Serve an uploaded file with its real Content-Type and ``nosniff``; anything else is 404.

    For development and small sites; in production the web server serves MEDIA_URL (see README).
    """
    name = PurePosixPath(path)
    content_type = CONTENT_TYPES.get(name.suffix.lower())
    if content_type is None or len(name.parts) != 2 or name.parts[0] not in FOLDERS or ".." in name.parts:
        raise Http404("没有这个文件。")
    try:
        stored = default_storage.open(str(name), "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("没有这个文件。") from error
    response = FileResponse(stored, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response

"""{% picture image "content" %} and {% video_player video %}: accessible markup for library media."""

import logging

from django import template

from media_library.renditions import PRESETS

register = template.Library()
logger = logging.getLogger(__name__)


def renditions_or_none(image, preset: str, fmt: str):
    """The image's renditions, or None (logged) when its file is missing or unreadable: the page still renders."""
    try:
        return image.renditions_for(preset, fmt)
    except (OSError, ValueError, SyntaxError):
        logger.exception("Cannot make %s renditions of image %s", preset, image.pk)
        return None


def srcset(renditions) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


@register.inclusion_tag("media_library/picture.html")
def picture(image, preset="content", css_class="", loading="lazy"):
    """A <picture> with a WebP srcset, a JPEG fallback srcset, intrinsic size and the image's alt text.

    ``preset`` names a size set in ``media_library.renditions.PRESETS``. An image with no alt text that
    is not decorative falls back to its title (publishing such an interview is refused anyway).
    """
    if not image or not image.file:
        return {"image": None}
    webp = renditions_or_none(image, preset, "webp")
    jpeg = renditions_or_none(image, preset, "jpeg")
    if not webp or not jpeg:
        return {"image": None}
    largest = jpeg[-1]
    return {
        "image": image,
        "alt": image.alt if not image.needs_alt_text else image.title,
        "webp_srcset": srcset(webp),
        "jpeg_srcset": srcset(jpeg),
        "src": largest.url,
        "width": largest.width,
        "height": largest.height,
        "sizes": PRESETS[preset].sizes,
        "css_class": css_class,
        "loading": loading,
    }


@register.inclusion_tag("media_library/video.html")
def video_player(video):
    """An HTML5 <video controls> with poster and Chinese captions, or a link card for an external video."""
    if not video:
        return {"video": None}
    posters = renditions_or_none(video.poster, "poster", "jpeg") if video.poster_id and video.poster.file else None
    poster = posters[-1] if posters else None
    captions_url = video.captions.url if video.captions else ""
    return {
        "video": video,
        "poster": poster,
        "captions_url": captions_url,
        # Captions from another origin (object storage) load only with CORS, which needs crossorigin.
        "cross_origin": captions_url.startswith(("http://", "https://", "//")),
    }


@register.filter
def duration_display(value) -> str:
    """A timedelta as 「12分05秒」 or 「1小时02分05秒」."""
    if not value:
        return ""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}小时{minutes:02d}分{seconds:02d}秒" if hours else f"{minutes}分{seconds:02d}秒"

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def absolute(request, path: str) -> str:
    """``path`` on the canonical origin (SITE_URL) or, when unset, on the request's host; an address
    that is absolute already (media in a bucket or on a CDN) as it is."""
    if "://" in path:
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return absolute(context["request"], path)


@register.simple_tag
def json_ld(data: dict) -> str:
    """A schema.org JSON-LD block; the JSON is escaped so no text can close the script element."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # The characters that could end a <script> element or start markup, escaped as JSON allows
    # (str.replace: a str.translate table walks the ~10 KB of Chinese text character by character).
    payload = payload.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))

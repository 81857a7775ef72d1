"""Readable ASCII slugs for Chinese names: 「南关区」 → ``nanguanqu``.

Django's ``slugify`` drops Han characters, which would leave Chinese titles with
empty or dashed slugs. Each run of letters and Han characters becomes one word
of pinyin (pypinyin knows phrase readings such as 长春 → changchun), words are
joined by hyphens and the result is cut at a word boundary.
"""

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")


def pinyin_slug(text: str, *, max_length: int = 100) -> str:
    words = [slugify("".join(lazy_pinyin(word))) for word in _WORD.findall(text)]
    slug = "-".join(word for word in words if word)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug.strip("-")

"""The site's URLs and a bare view that returns fixed bytes: the floor of bench/page_bench.py.

It sits under /media/ so the whole-page cache leaves it alone (nanguan/page_cache.py): what it costs
is gunicorn, Django's handler and the same middleware as every page, and no more.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from nanguan.urls import urlpatterns as site_urlpatterns

_body: bytes | None = None


def bare(request):
    global _body
    if _body is None:
        _body = Path(os.environ["BENCH_BARE_FILE"]).read_bytes()
    return HttpResponse(_body, content_type="text/html; charset=utf-8")


urlpatterns = [path("media/bench-floor/", bare), *site_urlpatterns]

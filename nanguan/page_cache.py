"""Whole-page cache for visitors, invalidated by a site-wide content version.

Every public page shows published content, and a page may show almost any model (an interview
lists its figures and images, the home page its series and regions), so rather than tracking which
page shows what, any committed change to the content apps' models gives the site a new content
version. Cached pages are keyed by the version read when the request began, so a page rendered
while a change was being committed is stored under the old version and never served again.

Scheduled publishing and expiry change what is public without any write; the version record
carries the next such moment and a request after it starts a new version.

The version lives in the cache when it is shared (Redis); with the per-process local-memory cache
it lives in a small file (``CONTENT_VERSION_FILE``), so every worker process sees a change at once.

If the cache (or the version file) cannot be reached, pages are rendered for each request instead
(``X-Page-Cache: unavailable``) and edits still save: the process leaves the cache alone for
``RETRY_AFTER_SECONDS`` and starts the content version it could not start once the cache is back, so
pages stored before the edit are not served again.

Pages are also keyed by the code that rendered them (``release()``): after a deploy, workers of the
new code render afresh instead of serving the old markup, which may name static files the new
collectstatic no longer has, until the old pages expire (``PUBLIC_CACHE_SECONDS``).

Only anonymous requests without cookies are answered from or stored in the cache, and only
responses that are 200, set no cookie and do not ask not to be cached (staff previews send
``never_cache`` headers, and draft previews are outside the cached paths altogether).
"""

import functools
import hashlib
import json
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from redis.exceptions import RedisError

# Apps whose models public pages show; a write to any of their models starts a new version.
CONTENT_APPS = {"interviews", "indicators", "media_library"}
# Except image renditions, which pages create as they render: the pictures they stand for are unchanged.
NOT_CONTENT = {"media_library.rendition"}
# Paths never cached: editing, draft previews, files (served with their own headers), the lockout page.
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/media/", "/static/")
# Cookies that make a response personal (a session: staff, messages; the CSRF token of a form).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")
VERSION_KEY = "content-version"
# The query parameters public pages read (list and search filters, pages, the sitemap's page). A
# request with any other is answered but not stored, so junk parameters cannot fill the cache with
# copies of a page; a view that reads a new parameter must be added here to have its pages cached.
QUERY_PARAMETERS = {"page", "p", "q", "series", "region", "year"}
# What a cache or version file out of reach raises: redis-py's errors, OSError for the file.
UNREACHABLE = (RedisError, OSError)
# After a failure this process renders pages without the cache for so long before trying it again,
# so an outage costs each request no connection attempt (and the log one line per process).
RETRY_AFTER_SECONDS = 10

# What makes up a release: the project's code, templates, static sources and compiled translations,
# and the pinned dependencies; not what the site stores or is tested with.
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".mo"}
NOT_RELEASE = {".git", ".venv", "var", "tests", "bench", "node_modules", "__pycache__", "samples"}

logger = logging.getLogger(__name__)
# This process's view of the cache: out of reach until this moment (time.monotonic()), and whether a
# change was committed while it was, so a new content version is still owed.
_unreachable_until = 0.0
_version_owed = False


@functools.cache
def release() -> str:
    """This process's code, as a short digest: ``RELEASE`` from the environment (a deploy may set its
    commit), else a digest of the files that shape a page (``RELEASE_SUFFIXES`` under the project,
    ``requirements.txt`` among them), read once per process."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    # What the site stores, wherever it is configured: uploads, collected static files, staging.
    stored = {Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT), Path(settings.IMPORT_STAGING_DIR)}
    for directory, subdirectories, files in os.walk(base):
        subdirectories[:] = sorted(
            name for name in subdirectories if name not in NOT_RELEASE and Path(directory, name) not in stored
        )
        for name in sorted(files):
            path = Path(directory, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _next_schedule_change() -> float | None:
    """The next moment a scheduled publish or expiry changes what is public (epoch seconds)."""
    from interviews.models import Interview

    now = timezone.now()
    scheduled = Interview.objects.filter(status=Interview.Status.PUBLISHED)
    moments = [
        scheduled.filter(published_at__gt=now).order_by("published_at").values_list("published_at", flat=True).first(),
        scheduled.filter(expires_at__gt=now).order_by("expires_at").values_list("expires_at", flat=True).first(),
    ]
    moments = [moment.timestamp() for moment in moments if moment]
    return min(moments) if moments else None


def _shared_cache() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _write_version(record: dict) -> None:
    if _shared_cache():
        # Expiry only tidies Redis (test runs leave keys); a lost version just means cache misses.
        cache.set(VERSION_KEY, record, 86400)
        return
    path = settings.CONTENT_VERSION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
    temporary.write_text(json.dumps(record))
    os.replace(temporary, path)  # atomic: a reader sees the old record or the new one


def _read_version() -> dict | None:
    if _shared_cache():
        return cache.get(VERSION_KEY)
    try:
        return json.loads(settings.CONTENT_VERSION_FILE.read_text())
    except (FileNotFoundError, ValueError):
        return None


def new_version() -> dict:
    """Start a new content version now: every page cached so far becomes unreachable."""
    record = {"token": uuid.uuid4().hex, "at": time.time(), "next_change": _next_schedule_change()}
    _write_version(record)
    return record


def current_version() -> dict:
    global _version_owed
    if _version_owed:
        record = new_version()
        _version_owed = False
        return record
    record = _read_version()
    if record is None or (record["next_change"] is not None and time.time() >= record["next_change"]):
        record = new_version()
    return record


def content_changed() -> None:
    """Start a new version once the current transaction commits (at once outside one).

    Called for every saved or deleted content model, and directly after ``QuerySet.update()``,
    which sends no signal. Many changes in one transaction start one version; a rolled-back
    transaction starts none.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _new_version_for_committed_change()
    elif not any(hook[1] is _new_version_for_committed_change for hook in connection.run_on_commit):
        transaction.on_commit(_new_version_for_committed_change)


def _new_version_for_committed_change() -> None:
    """The change is saved whatever happens here: with the cache out of reach, the new version is
    owed and started by this process's first request once the cache is back."""
    global _version_owed
    if not _cache_reachable():
        _version_owed = True
        return
    try:
        new_version()
    except UNREACHABLE as error:
        _version_owed = True
        _out_of_reach(error)


def _cache_reachable() -> bool:
    return time.monotonic() >= _unreachable_until


def _out_of_reach(error: Exception) -> None:
    global _unreachable_until
    _unreachable_until = time.monotonic() + RETRY_AFTER_SECONDS
    logger.error("Page cache out of reach (%s): pages are rendered without it for %s s", error, RETRY_AFTER_SECONDS)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS and sender._meta.label_lower not in NOT_CONTENT:
        content_changed()


def connect_signals() -> None:
    """Connected once, from InterviewsConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"page_cache_{signal}")


def _public_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
    )


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0"))
    )


def _public_headers(response, version: dict | None) -> None:
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    # A data download dates itself by its data (``indicators.views``); 304s by date still go by the
    # version, as a download also shows things its date does not follow (an interview's title).
    if version is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(version["at"])
    _shared_for_cdn_max_age(response)


def _shared_for_cdn_max_age(response) -> None:
    # Browsers revalidate every time (a 304 costs little); a CDN keeps the page CDN_MAX_AGE seconds.
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.CDN_MAX_AGE)


def _uncacheable(response):
    """A visitor's response this cache does not keep. A 404 or 410 says so for CDN_MAX_AGE at most (a
    CDN's own default could keep the 404 of a page published a minute later for hours); a server
    error is never kept anywhere."""
    if "Cache-Control" not in response:
        if response.status_code in (404, 410):
            _shared_for_cdn_max_age(response)
        elif response.status_code >= 500:
            patch_cache_control(response, no_store=True)
    return response


class PublicPageCacheMiddleware:
    """Answer repeated visitor requests from the cache, with ETag/Last-Modified and 304s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _public_request(request):
            response = self.get_response(request)
            if not request.path.startswith(UNCACHED_PREFIXES) and "Cache-Control" not in response:
                # Someone with a session may see personal things (messages, a form's token): no shared cache.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if settings.PUBLIC_CACHE_SECONDS <= 0:
            return self._rendered_for_this_request(request, "off")
        if not _cache_reachable():
            return self._rendered_for_this_request(request, "unavailable")
        try:
            version = current_version()
            address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            key = f"page:{release()}:{version['token']}:{address}"
            stored = cache.get(key)
        except UNREACHABLE as error:
            _out_of_reach(error)
            return self._rendered_for_this_request(request, "unavailable")
        if stored is not None:
            response = HttpResponse(stored["content"], status=stored["status"])
            for name, value in stored["headers"]:
                response[name] = value
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not _storable(response):
                return _uncacheable(response)
            _public_headers(response, version)
            patch_vary_headers(response, ["Cookie"])
            if request.method == "GET" and set(request.GET) <= QUERY_PARAMETERS:
                self._store(key, response)
            response["X-Page-Cache"] = "miss"
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(version["at"]),
            response=response,
        )

    def _rendered_for_this_request(self, request, state: str):
        """Rendered and not stored (the page cache is off or out of reach); still public and
        revalidated by ETag."""
        response = self.get_response(request)
        if not _storable(response):
            return _uncacheable(response)
        _public_headers(response, None)
        patch_vary_headers(response, ["Cookie"])
        response["X-Page-Cache"] = state
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def _store(key: str, response) -> None:
        headers = [(name, value) for name, value in response.items() if name.lower() != "date"]
        try:
            cache.set(
                key,
                {"content": response.content, "status": response.status_code, "headers": headers},
                settings.PUBLIC_CACHE_SECONDS,
            )
        except UNREACHABLE as error:
            _out_of_reach(error)

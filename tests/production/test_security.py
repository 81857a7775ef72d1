"""Hostile text stays text; headers and settings keep browsers and cookies safe."""

import json
import os
import re
import secrets
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from interviews.search import index_interview
from media_library.models import Video
from tests.factories import (
    add_to_gallery,
    make_guest,
    make_image,
    make_indicator,
    make_interview,
    make_observation,
    make_question,
    make_region,
    make_series,
)

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = [
    "<script>alert('x')</script>",
    '<iframe src="https://evil.example/"></iframe>',
    '<img src=x onerror="alert(1)">',
    '"><a href="javascript:alert(1)">点我</a>',
]
# What would run or load if a payload reached the page unescaped.
DANGEROUS = re.compile(r"<script>alert|<iframe|<img src=x|href=\"javascript:|</script>\"", re.IGNORECASE)


@pytest.fixture
def hostile(db):
    text = "".join(PAYLOADS)
    region = make_region(name=f"区{PAYLOADS[0]}")
    series = make_series(name=f"系列{PAYLOADS[1]}")
    interview = make_interview(title=f"标题{text}", summary=f"摘要{text}", region=region, series=series)
    make_question(interview, text=f"问题{text}？", answer=f"回答{text}\n一是{PAYLOADS[2]}。\n图片")
    make_guest(interview, f"嘉宾{PAYLOADS[3]}", f"职务{PAYLOADS[0]}")
    add_to_gallery(interview, make_image(alt_text=f"替代{text}", caption=f"说明{text}", credit=f"摄影{PAYLOADS[1]}"))
    index_interview(interview)
    indicator = make_indicator(name=f"指标{PAYLOADS[2]}", code="hostile", unit="元", definition=f"定义{text}")
    indicator.is_confirmed = True
    indicator.save()
    make_observation(indicator, region=region, period=2021, value=Decimal(5), source=f"来源{text}")
    return interview


def public_urls(interview) -> list[str]:
    region, series = interview.region, interview.series
    return [
        reverse("interviews:home"),
        reverse("interviews:interview_list"),
        reverse("interviews:interview_list") + f"?series={series.slug}",
        interview.get_absolute_url(),
        region.get_absolute_url(),
        reverse("interviews:region_list"),
        series.get_absolute_url(),
        reverse("interviews:series_list"),
        reverse("interviews:search") + "?q=回答",
        reverse("interviews:feed_rss"),
        reverse("interviews:feed_atom"),
        reverse("interviews:series_feed_rss", args=[series.slug]),
        reverse("interviews:region_feed_atom", args=[region.slug]),
        reverse("sitemap"),
        reverse("indicators:indicator_list"),
        reverse("indicators:indicator_detail", args=["hostile"]),
        reverse("indicators:dashboard", args=[region.slug]),
    ]


def test_hostile_text_is_escaped_on_every_public_page(client, hostile):
    for url in public_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if response["Content-Type"].startswith(("application/rss+xml", "application/atom+xml")):
            # A feed reader decodes the XML, then renders descriptions and summaries as HTML.
            fields = ElementTree.fromstring(response.content).iter()
            html = "".join(e.text or "" for e in fields if e.tag.split("}")[-1] in ("description", "summary"))
            assert "摘要" in html, url
        assert not DANGEROUS.search(html), (url, DANGEROUS.search(html))
    page = client.get(hostile.get_absolute_url()).content.decode()
    # The text is still there for readers, escaped; in JSON-LD no "</script>" can close the block.
    assert "标题&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'alt="替代&lt;script&gt;' in page and "<figcaption>说明&lt;script&gt;" in page
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in json_ld and "\\u003cscript" in json_ld.lower()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_search_query_is_shown_escaped(client, db, payload):
    html = client.get(reverse("interviews:search"), {"q": payload}).content.decode()

    assert not DANGEROUS.search(html)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil"])
def test_a_video_link_must_be_http_or_https(db, url):
    with pytest.raises(ValidationError):
        Video(title="视频", external_url=url).full_clean()


def test_public_and_admin_pages_carry_the_security_headers(client, db):
    make_interview()
    public = client.get(reverse("interviews:home"))
    admin = client.get(reverse("admin:login"))

    policy = dict(part.strip().split(" ", 1) for part in public["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'self'"
    assert "'unsafe-inline'" in admin["Content-Security-Policy"]  # the admin only; see nanguan/security.py
    for response in (public, admin):
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_public_templates_use_no_inline_script_or_style():
    # The public Content-Security-Policy allows neither; the admin's (and simple-history's, an admin page) does.
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)|\son[a-z]+=|<style|\sstyle=", re.IGNORECASE
    )
    public = [p for p in (ROOT / "templates").rglob("*.html") if not {"admin", "simple_history"} & set(p.parts)]

    assert [str(p) for p in public if inline.search(p.read_text())] == []


def test_no_view_is_exempt_from_csrf_checks():
    def views(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern)
            elif isinstance(pattern, URLPattern):
                yield pattern

    exempt = [str(p.pattern) for p in views(get_resolver()) if getattr(p.callback, "csrf_exempt", False)]
    assert exempt == []


def test_a_post_without_the_csrf_token_is_refused(db):
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "a", "password": "b"})

    assert response.status_code == 403


def test_deploy_checks_pass_under_production_settings(tmp_path):
    env = {
        # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy checks rightly refuse.
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "www.example.gov.cn",
        "HSTS_SECONDS": "31536000",
        "HSTS_INCLUDE_SUBDOMAINS": "true",
        "HSTS_PRELOAD": "true",
        "SECURE_PROXY_SSL_HEADER": "true",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_secret_is_committed():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    secret = re.compile(
        r"SECRET_KEY\s*=\s*['\"](?!django-insecure)[^'\"]{20,}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY"
    )
    found = [
        name
        for name in files
        if (ROOT / name).is_file()
        and (ROOT / name).stat().st_size < 1_000_000
        and secret.search((ROOT / name).read_text(errors="ignore"))
    ]
    assert found == []


STATIC_CHECK = """
import json, django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

name = staticfiles_storage.stored_name("css/site.css")
served = {"name": name}
for encoding in ("br", "gzip", ""):
    r = Client().get("/static/" + name, headers={"accept-encoding": encoding})
    size = len(b"".join(r.streaming_content))
    served[encoding or "plain"] = [r.status_code, r.get("Content-Encoding", ""), r["Cache-Control"], size]
print(json.dumps(served))
"""


def test_static_files_have_hashed_names_a_long_cache_and_compressed_copies(tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "nanguan.settings",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run([sys.executable, "-c", STATIC_CHECK], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    served = json.loads(result.stdout)
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", served["name"])
    for encoding in ("br", "gzip", "plain"):
        status, content_encoding, cache_control, size = served[encoding]
        assert status == 200 and "immutable" in cache_control and "max-age=315360000" in cache_control
        assert content_encoding == ("" if encoding == "plain" else encoding)
    assert served["br"][3] < served["gzip"][3] < served["plain"][3] / 2


def test_without_a_secret_key_the_site_refuses_to_serve_but_commands_that_sign_nothing_run():
    env = {
        **{
            name: value for name, value in os.environ.items() if name not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "nanguan.settings",
    }

    serve = subprocess.run(
        [sys.executable, "-c", "import nanguan.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    check = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=ROOT, env=env, capture_output=True
    )

    assert serve.returncode != 0 and "SECRET_KEY must be set when DEBUG is off." in serve.stderr
    assert check.returncode == 0, check.stderr

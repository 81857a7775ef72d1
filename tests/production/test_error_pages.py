"""What a visitor or an editor sees when something goes wrong, and what the operator finds in the log."""

import io
import logging

import pytest
from django.test import Client
from django.urls import path, reverse

from interviews.models import Interview
from nanguan.urls import urlpatterns as site_urlpatterns
from tests.factories import make_draft, make_user

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("the view broke: marker-7f3a")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


def test_a_forbidden_admin_action_explains_itself_in_chinese(client):
    interview = make_draft()
    interview.submit(by=make_user("submitter", "编辑"))
    client.force_login(make_user("editor", "编辑"))

    response = client.post(reverse("admin:interviews_interview_workflow", args=[interview.pk, "approve"]))

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html and "没有访问权限" in html
    assert reverse("admin:index") in html  # staff are sent back to the admin, not the public site
    interview.refresh_from_db()
    assert interview.status == Interview.Status.IN_REVIEW


@pytest.fixture
def error_log():
    """What Django's loggers write to their stream (stderr in production), captured."""
    handlers = [h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "Django's loggers write to no stream"
    log = io.StringIO()
    previous = [handler.setStream(log) for handler in handlers]
    yield log
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.urls(__name__)
def test_a_server_error_shows_a_chinese_page_and_logs_the_traceback(settings, error_log):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    assert "no-store" in response["Cache-Control"]  # no CDN keeps an error
    html = response.content.decode()
    assert "服务暂时不可用" in html and "marker-7f3a" not in html  # nothing internal for the visitor
    log = error_log.getvalue()
    assert "Internal Server Error: /broken/" in log and "RuntimeError: the view broke: marker-7f3a" in log


def test_a_request_for_an_unknown_host_is_a_chinese_400_with_the_security_headers(client, error_log):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
    assert response["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert error_log.getvalue() == ""  # bots' wrong hosts do not fill the log with tracebacks


def test_a_post_without_its_csrf_token_is_refused_in_chinese():
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "请求无法验证" in response.content.decode()

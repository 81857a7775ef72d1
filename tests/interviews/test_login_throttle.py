import re
from html import unescape

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def log_in(client, password):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"}, REMOTE_ADDR="10.0.0.7")


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, settings):
    make_user("editor", "编辑", password="正确的密码-123")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong").status_code == 200  # the login form again
    locked = log_in(client, "wrong")
    after = log_in(client, "正确的密码-123")

    assert locked.status_code == 429 and after.status_code == 429
    assert "登录已暂时锁定" in after.content.decode()
    assert "_auth_user_id" not in client.session


def test_each_failed_login_is_kept_in_the_failure_log_with_where_it_came_from(client, admin_client, settings):
    # 登录失败记录 holds a running count per account, reset by a good login; an administrator who
    # asks who tried which account, from where and when reads 登录失败日志.
    make_user("editor", "编辑", password="正确的密码-123")
    log_in(client, "wrong")
    log_in(client, "also wrong")
    log_in(client, "正确的密码-123")

    assert list(AccessFailureLog.objects.values_list("username", "ip_address")) == [("editor", "10.0.0.7")] * 2
    html = admin_client.get(reverse("admin:axes_accessfailurelog_changelist")).content.decode()
    assert "共 2 条" in html and html.count("10.0.0.7") >= 2


def test_a_few_wrong_passwords_do_not_lock_out(client, settings):
    make_user("editor", "编辑", password="正确的密码-123")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong")
    response = log_in(client, "正确的密码-123")

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_login_protection_pages_are_in_chinese(admin_client):
    AccessAttempt.objects.create(username="editor", ip_address="10.0.0.1", failures_since_start=5, user_agent="x")
    index = admin_client.get(reverse("admin:index")).content.decode()
    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()

    assert "登录保护" in index and "登录失败记录" in index and "Access attempts" not in index
    assert "IP 地址" in attempts and "失败次数" in attempts and "IP Address" not in attempts


def _texts(pattern: str, html: str) -> list[str]:
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", found)).split()) for found in re.findall(pattern, html, re.S)]


def test_a_superuser_sees_the_login_protection_lists_with_chinese_titles_columns_and_filters(admin_client):
    AccessAttempt.objects.create(username="editor", ip_address="10.0.0.1", failures_since_start=5, user_agent="x")
    AccessAttempt.objects.create(username="chief", ip_address="10.0.0.2", failures_since_start=2, user_agent="x")
    AccessFailureLog.objects.create(username="editor", ip_address="10.0.0.1", user_agent="x", locked_out=True)
    AccessLog.objects.create(username="chief", ip_address="10.0.0.2", user_agent="x")

    pages = {}
    for model in ("accessattempt", "accessfailurelog", "accesslog"):
        html = admin_client.get(reverse(f"admin:axes_{model}_changelist")).content.decode()
        pages[model] = (
            _texts(r"<h1>(.*?)</h1>", html)[0],
            [text for text in _texts(r'<th scope="col"[^>]*>(.*?)</th>', html.split('id="result_list"')[1]) if text],
            _texts(r'data-filter-title="([^"]*)"', html),
        )
        if model == "accessattempt":
            statuses = _texts(r'<td class="field-status">(.*?)</td>', html)

    assert pages == {
        "accessattempt": (
            "选择要查看的登录失败记录",
            ["尝试时间", "IP 地址", "浏览器标识（User Agent）", "用户名", "路径", "失败次数", "状态"],
            ["尝试时间", "路径", "是否锁定"],
        ),
        "accessfailurelog": (
            "选择要查看的登录失败日志",
            ["尝试时间", "IP 地址", "用户名", "浏览器标识（User Agent）", "路径", "是否导致锁定"],
            ["尝试时间", "是否导致锁定", "路径"],
        ),
        "accesslog": (
            "选择要查看的登录日志",
            ["尝试时间", "退出时间", "IP 地址", "用户名", "浏览器标识（User Agent）", "路径"],
            ["尝试时间", "退出时间", "路径"],
        ),
    }
    assert sorted(statuses) == ["已锁定", "还可尝试 3 次"]


def test_unlocking_names_the_locked_out_account_in_chinese(admin_client):
    attempt = AccessAttempt.objects.create(
        username="editor", ip_address="10.0.0.1", failures_since_start=5, user_agent="x"
    )
    change = admin_client.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk])).content.decode()
    delete = admin_client.get(reverse("admin:axes_accessattempt_delete", args=[attempt.pk])).content.decode()
    admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    index = admin_client.get(reverse("admin:index")).content.decode()

    assert _texts(r"<h2>(.*?)</h2>", change)[0] == "editor，来自 10.0.0.1"
    assert "确定要删除登录失败记录「editor，来自 10.0.0.1」吗？" in delete
    assert "editor，来自 10.0.0.1" in index  # 「最近动作」
    assert "Attempted Access" not in change + delete + index
    # The handler writes these records: the page shows them, with 删除 to unlock, and no 保存 that saves nothing.
    assert "<h1>查看登录失败记录</h1>" in change and 'name="_save"' not in change
    assert reverse("admin:axes_accessattempt_delete", args=[attempt.pk]) in change


def log_in_via(client, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"}, **headers)


def test_behind_the_proxy_a_lock_out_is_for_the_client_address_not_the_proxys(client, settings):
    # nginx on the same machine: every request arrives from 127.0.0.1 with the client in X-Forwarded-For.
    make_user("editor", "编辑", password="正确的密码-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_via(client, "wrong", remote="127.0.0.1", forwarded="198.51.100.7")

    locked = log_in_via(client, "正确的密码-123", remote="127.0.0.1", forwarded="198.51.100.7")
    other = log_in_via(Client(), "正确的密码-123", remote="127.0.0.1", forwarded="203.0.113.20")

    assert locked.status_code == 429
    assert other.status_code == 302  # someone guessing from elsewhere cannot lock the editor out
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


@pytest.mark.parametrize("remote", ["127.0.0.1", "203.0.113.5"])
def test_a_forged_x_forwarded_for_does_not_escape_the_lock_out(client, settings, remote):
    # Through the proxy, which appends the real address, or straight to the app server: a made-up
    # address in the header changes nothing.
    make_user("editor", "编辑", password="正确的密码-123")
    real = "198.51.100.7" if remote == "127.0.0.1" else None
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        forged = f"10.9.9.{attempt}"
        log_in_via(client, "wrong", remote=remote, forwarded=f"{forged}, {real}" if real else forged)

    forged = f"10.9.9.99, {real}" if real else "10.9.9.99"
    response = log_in_via(client, "正确的密码-123", remote=remote, forwarded=forged)

    assert response.status_code == 429

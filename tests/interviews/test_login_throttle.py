import pytest
from axes.models import AccessAttempt
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

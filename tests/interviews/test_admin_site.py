"""The admin's index and sidebar list the apps and their models in the order editors work."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def apps_and_models(html: str) -> list[tuple[str, list[str]]]:
    """Each app's name with its models' names, as the index (or the sidebar) lists them."""
    found = []
    for table in re.findall(r"<caption>(.*?)</table>", html, re.S):
        app = re.search(r'class="section"[^>]*>([^<]+)</a>', table).group(1)
        models = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', table)
        found.append((app, models))
    return found


def test_index_lists_interviews_first_then_figures_media_and_accounts(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert apps_and_models(html) == [
        ("访谈", ["访谈", "人物", "系列", "地区", "校对规则（错敏词）", "流程记录（发布与撤稿日志）"]),
        ("指标数据", ["指标数据", "指标"]),
        ("媒体库", ["图片", "视频"]),
        ("认证和授权", ["用户", "组"]),
        ("登录保护", ["登录失败记录", "登录失败日志", "登录日志"]),
    ]


def test_an_editor_finds_interviews_first_on_the_index_and_in_the_sidebar(client):
    client.force_login(make_user("editor", "编辑"))

    index = apps_and_models(client.get(reverse("admin:index")).content.decode())
    page = client.get(reverse("admin:indicators_indicator_changelist")).content.decode()
    sidebar = apps_and_models(page.split('id="nav-sidebar"')[1].split("</nav>")[0])

    assert [app for app, _ in index][:3] == ["访谈", "指标数据", "媒体库"]
    assert sidebar == index
    assert index[0][1][0] == "访谈"

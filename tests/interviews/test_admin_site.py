"""The admin's index and sidebar list the apps and their models in the order editors work, and its
pages read as Chinese does, without the spaces Django's translation puts around a name (our own
translations of those strings: locale/zh_Hans/LC_MESSAGES/django.po)."""

import ast
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

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
        ("访谈内容", ["访谈", "人物", "系列", "地区", "校对规则（错敏词）", "流程记录（发布与撤稿日志）"]),
        ("指标数据", ["指标数值", "指标"]),
        ("媒体库", ["图片", "视频"]),
        ("认证和授权", ["用户", "组"]),
        ("登录保护", ["登录失败记录", "登录失败日志", "登录日志"]),
    ]


def test_the_figures_are_named_apart_from_their_app(admin_client):
    # 「指标数据 › 指标数据」 read as a page that links to itself; the figures are 指标数值, the word the
    # public pages and the review actions (「确认所选数值」) use for them.
    html = admin_client.get(reverse("admin:indicators_observation_changelist")).content.decode()
    breadcrumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    breadcrumbs = " ".join(unescape(re.sub(r"<[^>]+>", " ", breadcrumbs)).split())
    assert breadcrumbs == "首页 › 指标数据 › 指标数值"


def test_interviews_are_named_apart_from_their_app(admin_client):
    # 「访谈 › 访谈」 likewise: the app holds people, series, regions and rules too.
    html = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()
    breadcrumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    assert " ".join(unescape(re.sub(r"<[^>]+>", " ", breadcrumbs)).split()) == "首页 › 访谈内容 › 访谈"


def test_a_list_counts_its_rows_as_chinese_lists_do(admin_client, published_sample):
    # Django writes 「1 访谈」 (a number, then the name, no measure word).
    html = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()
    paginator = re.search(r'<p class="paginator">(.*?)</p>', html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", paginator).split()) == "共 1 条"


def test_an_editor_finds_interviews_first_on_the_index_and_in_the_sidebar(client):
    client.force_login(make_user("editor", "编辑"))

    index = apps_and_models(client.get(reverse("admin:index")).content.decode())
    page = client.get(reverse("admin:indicators_indicator_changelist")).content.decode()
    sidebar = apps_and_models(page.split('id="nav-sidebar"')[1].split("</nav>")[0])

    assert [app for app, _ in index][:3] == ["访谈内容", "指标数据", "媒体库"]
    assert sidebar == index
    assert index[0][1][0] == "访谈"


def heading(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def test_page_titles_join_the_verb_and_the_name(admin_client, published_sample):
    pk, title = published_sample.pk, published_sample.title
    pages = {
        reverse("admin:app_list", args=["interviews"]): "访谈内容管理",
        reverse("admin:interviews_interview_changelist"): "选择要修改的访谈",
        reverse("admin:interviews_interview_add"): "增加访谈",
        reverse("admin:interviews_interview_change", args=[pk]): "修改访谈",
        reverse("admin:interviews_interview_history", args=[pk]): f"变更历史：{title}",
        reverse("admin:interviews_region_history", args=[published_sample.region_id]): "变更历史：长春市 › 南关区",
        reverse("admin:interviews_transition_changelist"): "选择要查看的流程记录",
        reverse("admin:media_library_image_add"): "增加图片",
        reverse("admin:auth_user_add"): "增加用户",
    }
    for url, expected in pages.items():
        html = admin_client.get(url).content.decode()
        assert (heading(html), expected in re.search(r"<title>(.*?)</title>", html).group(1)) == (expected, True), url


def test_every_list_of_ours_is_titled_without_spaces(admin_client):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "axes":
            continue  # django-axes's own admin classes
        response = admin_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        name = model._meta.verbose_name
        assert heading(response.content.decode()) in (f"选择要修改的{name}", f"选择要查看的{name}"), type(model_admin)


def test_bulk_delete_is_named_without_spaces(admin_client):
    html = admin_client.get(reverse("admin:interviews_proofreadingrule_changelist")).content.decode()

    assert '<option value="delete_selected">删除所选校对规则（错敏词）</option>' in html


def test_buttons_filters_and_confirmations_name_things_without_spaces(admin_client, published_sample):
    changelist = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()
    change = admin_client.get(reverse("admin:interviews_interview_change", args=[published_sample.pk])).content.decode()
    delete = admin_client.get(reverse("admin:interviews_proofreadingrule_delete", args=[make_rule().pk]))

    assert "增加访谈" in changelist and "增加 访谈" not in changelist  # the button
    assert "按状态" in changelist and "以 状态" not in changelist  # a filter's heading
    assert "添加另一个问答" in inline_add_buttons(change)  # written by the inline's JavaScript
    assert "确定要删除校对规则「南关去 → 南关区」吗？" in delete.content.decode()


def test_a_failed_login_is_titled_and_an_empty_action_list_worded_in_chinese(client, admin_client):
    failed = client.post(reverse("admin:login"), {"username": "nobody", "password": "wrong"}).content.decode()
    index = admin_client.get(reverse("admin:index")).content.decode()

    assert re.search(r"<title>(.*?)</title>", failed).group(1).startswith("错误： 登录 | ")
    assert re.search(r'id="recent-actions-module">.*?<p>(.*?)</p>', index, re.S).group(1) == "暂无"


def test_admin_pages_carry_the_site_icon(admin_client, published_sample):
    # Without one, the browser asks for /favicon.ico: a 404 on every visit.
    for url in (
        reverse("admin:index"),
        reverse("admin:indicators_observation_changelist"),
        reverse("admin:interviews_interview_change", args=[published_sample.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, url


def inline_add_buttons(html: str) -> list[str]:
    """The 「添加另一个…」 links the admin's JavaScript adds under each inline, from their settings."""
    settings = re.findall(r'data-inline-formset="([^"]+)"', html)
    return [json.loads(unescape(found))["options"]["addText"] for found in settings]


def make_rule():
    from interviews.models import ProofreadingRule

    return ProofreadingRule.objects.create(wrong="南关去", right="南关区")


def po_entries() -> dict[str, str]:
    """Our catalogue's single-line entries, msgid -> msgstr (plural entries aside)."""
    text = Path(__file__).resolve().parents[2].joinpath("locale/zh_Hans/LC_MESSAGES/django.po").read_text("utf-8")
    pairs = re.findall(r'^msgid (".+")\nmsgstr (".*")$', text, re.M)
    return {ast.literal_eval(msgid): ast.literal_eval(msgstr) for msgid, msgstr in pairs}


def test_the_compiled_catalogue_holds_every_translation_of_the_source():
    """``make messages`` was run after the last edit of django.po: the site shows what it says."""
    entries = po_entries()
    assert len(entries) > 30
    with translation.override("zh-hans"):
        shown = {msgid: translation.gettext(msgid) for msgid in entries}
    assert shown == entries

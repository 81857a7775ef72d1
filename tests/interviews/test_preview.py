from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.preview import share_url
from tests.factories import make_draft, make_interview, make_user

pytestmark = pytest.mark.django_db


def test_staff_see_draft_at_public_url_with_banner_and_no_caching(client):
    draft = make_draft(title="草稿访谈")
    client.force_login(make_user("editor", "编辑"))

    response = client.get(draft.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "草稿访谈" in html and 'class="preview-banner"' in html and "<strong>预览</strong>" in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_see_public_interview_without_banner(client):
    interview = make_interview()
    client.force_login(make_user("editor", "编辑"))

    assert "preview-banner" not in client.get(interview.get_absolute_url()).content.decode()


def test_visitors_and_staff_without_permission_get_404_for_drafts(client):
    draft = make_draft()

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user("nobody"))  # staff, no group
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_share_link_shows_draft_to_a_visitor_without_caching(client):
    draft = make_draft(title="请统计局核对的草稿")

    response = client.get(share_url(draft))

    assert response.status_code == 200
    assert "请统计局核对的草稿" in response.content.decode()
    assert "preview-banner" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_tampered_share_link_is_404_in_chinese_without_the_draft(client):
    draft = make_draft(title="机密草稿")
    token = share_url(draft).rstrip("/").rsplit("/", 1)[1]

    response = client.get(reverse("interviews:preview", kwargs={"token": token[:-1] + "x"}))

    assert response.status_code == 404
    assert "预览链接无效" in response.content.decode()
    assert "机密草稿" not in response.content.decode()


def test_expired_share_link_is_403_in_chinese(client, settings):
    draft = make_draft(title="机密草稿")
    url = share_url(draft)
    settings.PREVIEW_LINK_MAX_AGE = timedelta(seconds=-1)

    response = client.get(url)

    assert response.status_code == 403
    assert "预览链接已过期" in response.content.decode()
    assert "机密草稿" not in response.content.decode()


def test_share_link_is_shown_on_the_change_form(client):
    draft = make_draft()
    client.force_login(make_user("editor", "编辑"))

    html = client.get(reverse("admin:interviews_interview_change", args=[draft.pk])).content.decode()

    assert "分享预览链接" in html and "/preview/" in html


def test_withdrawn_interview_is_410_with_reason_and_dropped_from_lists(client):
    interview = make_draft(title="被撤回的访谈")
    interview.submit(by=make_user("editor", "编辑"))
    reviewer = make_user("reviewer", "审核")
    interview.approve(by=reviewer)
    interview.withdraw(by=reviewer, reason="部分数据口径有误，正在核实")

    response = client.get(interview.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 410
    assert "该稿件已撤回" in html and "部分数据口径有误，正在核实" in html
    assert "被撤回的访谈" not in client.get(reverse("interviews:interview_list")).content.decode()
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_interview_withdrawn_before_its_scheduled_time_was_never_public_and_stays_404(client):
    interview = make_draft(title="定时发布前撤下的访谈")
    interview.submit(by=make_user("editor", "编辑"))
    reviewer = make_user("reviewer", "审核")
    interview.approve(by=reviewer, at=timezone.now() + timedelta(days=1))
    interview.withdraw(by=reviewer, reason="内部原因：领导未审定")

    response = client.get(interview.get_absolute_url())

    assert response.status_code == 404
    html = response.content.decode()
    assert "定时发布前撤下的访谈" not in html and "领导未审定" not in html

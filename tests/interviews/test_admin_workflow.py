"""The workflow's admin pages as an editor and a reviewer see them: confirmation pages and the change form's state."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, ProofreadingRule
from tests.factories import make_draft, make_question, make_user

pytestmark = pytest.mark.django_db


def confirm(client, interview, action, **data):
    url = reverse("admin:interviews_interview_workflow", args=[interview.pk, action])
    version = client.get(url).context["form"]["version"].value()
    return client.post(url, {"version": version, **data}, follow=True)


def test_a_scheduled_publication_says_when_it_goes_public_not_that_it_is_published(client, reviewer, submitted):
    at = timezone.localtime() + timedelta(days=2)

    html = confirm(client, submitted, "approve", publish_at=at.strftime("%Y-%m-%dT%H:%M")).content.decode()

    when = at.strftime("%Y-%m-%d %H:%M")
    assert f"「待审访谈」已审核通过，将于 {when} 定时发布；在此之前公众看不到它。" in html
    assert "已审核发布" not in html
    assert f"当前状态：</strong>已发布（定时发布：{when} 起公众可见）" in html
    assert f"<td>发布（定时 {when}）</td>" in html  # the step in the list of recent steps


def test_publishing_now_says_published_and_public(client, reviewer, submitted):
    html = confirm(client, submitted, "approve").content.decode()

    assert "「待审访谈」已审核发布。" in html
    assert "当前状态：</strong>已发布（公众可见）" in html


def test_an_interview_past_its_expiry_says_when_it_went_offline(client, reviewer, submitted):
    submitted.approve(by=make_user("wangwu", "审核"), at=timezone.now() - timedelta(days=2))
    ended = timezone.now() - timedelta(hours=1)
    Interview.objects.filter(pk=submitted.pk).update(expires_at=ended)

    html = client.get(reverse("admin:interviews_interview_change", args=[submitted.pk])).content.decode()

    assert f"已发布（已于 {timezone.localtime(ended):%Y-%m-%d %H:%M} 下线，公众不可见）" in html


def test_submitting_with_a_severe_finding_tells_the_editor_it_will_block_publishing(client):
    ProofreadingRule.objects.update_or_create(
        wrong="习总书记", defaults={"right": "习近平总书记", "severity": ProofreadingRule.Severity.SEVERE}
    )
    draft = make_draft(title="有严重问题的草稿", questions=0)
    make_question(draft, answer="一是学习习总书记的讲话。")
    client.force_login(make_user("zhangsan", "编辑"))

    page = client.get(reverse("admin:interviews_interview_workflow", args=[draft.pk, "submit"])).content.decode()

    assert "「习总书记」应为「习近平总书记」" in page
    assert "有严重问题也可以提交，但在修改或由审核人员填写理由放行之前不能发布" in page
    assert 'value="确认提交审核"' in page


def test_an_editor_is_told_why_an_interview_under_review_is_read_only(client, submitted):
    client.force_login(make_user("wangwu", "编辑"))
    url = reverse("admin:interviews_interview_change", args=[submitted.pk])

    html = client.get(url).content.decode()
    assert "查看访谈" in html  # Django's read-only form
    assert "这篇访谈正在审核，只有审核人员可以修改；需要改动时，请审核人员「退回修改」。" in html

    submitted.reject(by=make_user("lisi", "审核"), reason="请补充摘要。")
    assert "只有审核人员可以修改" not in client.get(url).content.decode()  # a draft again: editable

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Interview, ProofreadingRule, Transition
from interviews.workflow import WorkflowError
from tests.factories import make_draft, make_question, make_user

pytestmark = pytest.mark.django_db
Status = Interview.Status


@pytest.fixture
def editor():
    return make_user("editor", "编辑")


@pytest.fixture
def reviewer():
    return make_user("reviewer", "审核")


@pytest.fixture
def submitted(editor):
    interview = make_draft(title="待审访谈")
    interview.submit(by=editor)
    return interview


def steps(interview):
    return list(
        interview.transitions.order_by("at", "pk").values_list("action", "from_status", "to_status", "by__username")
    )


def test_submit_then_approve_publishes_and_logs_both_steps(submitted, editor, reviewer):
    submitted.approve(by=reviewer)

    assert list(Interview.objects.published()) == [submitted]
    assert submitted.published_by == reviewer
    assert steps(submitted) == [
        ("submit", "draft", "review", "editor"),
        ("publish", "review", "published", "reviewer"),
    ]


def test_submitter_cannot_approve_own_interview(reviewer):
    interview = make_draft()
    interview.submit(by=reviewer)

    with pytest.raises(WorkflowError, match="双人审核"):
        interview.approve(by=reviewer)

    interview.refresh_from_db()
    assert interview.status == Status.IN_REVIEW
    assert interview.transitions.count() == 1


def test_editor_cannot_approve(submitted):
    other_editor = make_user("editor2", "编辑")

    with pytest.raises(WorkflowError, match="权限"):
        submitted.approve(by=other_editor)


def test_scheduled_publish_becomes_public_only_at_its_time(submitted, reviewer):
    submitted.approve(by=reviewer, at=timezone.now() + timedelta(hours=2))

    assert submitted.status == Status.PUBLISHED
    assert not Interview.objects.published().exists()
    Interview.objects.filter(pk=submitted.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert Interview.objects.published().count() == 1


def test_reject_returns_to_draft_with_reason(submitted, reviewer):
    submitted.reject(by=reviewer, reason="第二问数据需核实")

    assert submitted.status == Status.DRAFT
    last = submitted.transitions.first()
    assert (last.action, last.reason, last.by) == ("reject", "第二问数据需核实", reviewer)


def test_reject_without_reason_is_refused_and_changes_nothing(submitted, reviewer):
    with pytest.raises(WorkflowError, match="退回理由"):
        submitted.reject(by=reviewer, reason="  ")

    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_withdraw_keeps_the_record_with_reason(submitted, reviewer):
    submitted.approve(by=reviewer)
    submitted.withdraw(by=reviewer, reason="数据口径有误")

    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.questions.count() == 2
    assert steps(submitted)[-1] == ("withdraw", "published", "withdrawn", "reviewer")


def test_expiry_takes_interview_offline_without_a_worker(submitted, reviewer):
    submitted.approve(by=reviewer, at=timezone.now() - timedelta(days=2))
    submitted.set_expiry(by=reviewer, at=timezone.now() - timedelta(minutes=1), reason="活动结束")

    assert not Interview.objects.published().exists()
    assert submitted.transitions.first().action == Transition.Action.EXPIRY


def test_expiry_before_publish_time_is_refused(submitted, reviewer):
    submitted.approve(by=reviewer)

    with pytest.raises(WorkflowError, match="晚于发布时间"):
        submitted.set_expiry(by=reviewer, at=submitted.published_at - timedelta(hours=1))


def test_wrong_state_is_refused(reviewer):
    draft = make_draft()

    with pytest.raises(WorkflowError, match="草稿"):
        draft.approve(by=reviewer)
    with pytest.raises(WorkflowError):
        draft.withdraw(by=reviewer, reason="x")


def test_reopen_withdrawn_interview_as_draft(submitted, reviewer):
    submitted.approve(by=reviewer)
    submitted.withdraw(by=reviewer, reason="更正")
    submitted.reopen(by=reviewer, reason="修改后重新送审")

    assert submitted.status == Status.DRAFT


def test_republishing_after_an_expiry_that_has_passed_starts_without_it(submitted, editor, reviewer):
    now = timezone.now()
    submitted.approve(by=reviewer, at=now - timedelta(days=3), expires_at=now - timedelta(days=1))
    submitted.withdraw(by=reviewer, reason="活动结束后撤稿")
    submitted.reopen(by=reviewer, reason="更新数据后重新发布")
    submitted.submit(by=editor)

    submitted.approve(by=reviewer)

    assert list(Interview.objects.published()) == [submitted]
    assert submitted.expires_at is None
    withdrawn = submitted.transitions.get(action=Transition.Action.WITHDRAW)
    assert withdrawn.expires_at == now - timedelta(days=1)  # the old schedule stays in the log


def test_approve_after_a_preset_expiry_is_refused_in_chinese_and_changes_nothing(editor, reviewer):
    interview = make_draft()
    interview.set_expiry(by=reviewer, at=timezone.now() + timedelta(hours=1))
    interview.submit(by=editor)

    with pytest.raises(WorkflowError, match="下线时间.*晚于发布时间"):
        interview.approve(by=reviewer, at=timezone.now() + timedelta(hours=2))

    interview.refresh_from_db()
    assert interview.status == Status.IN_REVIEW
    assert interview.transitions.filter(action=Transition.Action.PUBLISH).count() == 0


def test_severe_finding_blocks_publishing(editor, reviewer):
    interview = make_draft()
    make_question(interview, answer="")  # empty answer: 严重
    interview.submit(by=editor)

    with pytest.raises(WorkflowError, match="1 个严重问题"):
        interview.approve(by=reviewer)

    interview.refresh_from_db()
    assert interview.status == Status.IN_REVIEW


def test_reviewer_can_override_severe_finding_with_reason_which_is_logged(editor, reviewer):
    ProofreadingRule.objects.update_or_create(
        wrong="习总书记", defaults={"right": "习近平总书记", "severity": "severe"}
    )
    interview = make_draft()
    make_question(interview, answer="学习习总书记重要讲话。")
    interview.submit(by=editor)

    interview.approve(by=reviewer, override_reason="引用原始讲话标题，已核实")

    log = interview.transitions.first()
    assert interview.status == Status.PUBLISHED
    assert log.override_reason == "引用原始讲话标题，已核实"
    assert "「习总书记」应为「习近平总书记」" in log.overridden_findings[0]


def test_publish_records_a_transition_with_unchanged_signature():
    interview = make_draft()

    interview.publish(by=None, at=timezone.now())

    assert steps(interview) == [("publish", "draft", "published", None)]

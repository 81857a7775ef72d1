"""The editorial workflow: 草稿 → 待审核 → 已发布 (now or scheduled) → 已撤回, and 待审核 → 草稿 on rejection.

Each transition checks who may do it, changes the interview and records a ``Transition`` row
(who, when, from, to, why) in one transaction, with the interview row locked so two reviewers
cannot act on the same state twice. Failures raise ``WorkflowError`` with a message for editors.

Permissions (granted to the groups in ``interviews/roles.py``):

- submit: ``interviews.change_interview`` (编辑, 审核, 管理员)
- reject, reopen: ``interviews.review_interview`` (审核, 管理员)
- approve/publish, set expiry, withdraw: ``interviews.publish_interview`` (审核, 管理员)
- publish despite 严重 findings: ``interviews.override_proofreading`` plus a written reason

Four-eyes: whoever submitted an interview for review cannot approve (publish) it, nor can a
reviewer who changed its content (text, questions, guests, photos) after it was submitted: what
goes public has been read by someone other than its last author.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Appearance, Interview, Question, Transition

Status = Interview.Status

# The history reasons of the workflow's own steps (``_lock``), which change no content.
STEP_REASONS = {"提交审核", "发布", "退回", "撤稿", "设置下线时间", "重新编辑"}
# Interview fields that the workflow, not an author, changes.
WORKFLOW_FIELDS = ["status", "published_at", "published_by", "expires_at", "updated_at", "created_at"]


class WorkflowError(Exception):
    """A transition that is not allowed; ``str(error)`` is a Chinese message for editors."""


def record_transition(
    interview: Interview,
    action: str,
    from_status: str,
    *,
    by=None,
    reason: str = "",
    override_reason: str = "",
    overridden: list[str] | None = None,
) -> Transition:
    """Write the log row for a transition already applied to ``interview``."""
    return Transition.objects.create(
        interview=interview,
        interview_title=interview.title,
        action=action,
        from_status=from_status,
        to_status=interview.status,
        by=by if by is not None and by.is_authenticated else None,
        reason=reason,
        at=timezone.now(),  # the clock ``publish()`` dates ``published_at`` by, looked up at each call alike
        published_at=interview.published_at,
        expires_at=interview.expires_at,
        override_reason=override_reason,
        overridden_findings=overridden or [],
    )


def four_eyes_problem(interview: Interview, user) -> str:
    """Why ``user`` may not approve ``interview`` under four-eyes, or "" if they may."""
    last = interview.transitions.filter(action=Transition.Action.SUBMIT).order_by("-at", "-pk").first()
    if last is None:
        return ""
    if last.by == user:
        return "双人审核：这篇访谈是您提交审核的，请由另一位审核人员发布。"
    if edited_since(interview, user, last.at):
        return "双人审核：您在这篇访谈提交审核后修改过它的内容，请由另一位审核人员核对后发布。"
    return ""


def edited_since(interview: Interview, user, since: datetime) -> bool:
    """Whether ``user`` changed what ``interview`` says after ``since``: a saved change of its own
    fields (a save that changed nothing does not count), a question or guest added, changed or
    deleted, or a part saved through ``Interview.record_part_changed`` (photos, restores)."""
    mine = {"history_user": user, "history_date__gt": since}
    for model in (Question, Appearance):  # inline forms save only the rows that changed
        if model.history.filter(interview_id=interview.pk, **mine).exists():
            return True
    versions = Interview.history.filter(id=interview.pk, **mine).exclude(history_change_reason__in=STEP_REASONS)
    for version in versions:
        if version.history_change_reason:  # record_part_changed
            return True
        previous = version.prev_record
        if previous is None or version.diff_against(previous, excluded_fields=WORKFLOW_FIELDS).changes:
            return True
    return False


def latest_rejection(interview: Interview) -> Transition | None:
    """The rejection an editor should read: the last transition, if it was one."""
    last = interview.transitions.order_by("-at", "-pk").first()
    return last if last and last.action == Transition.Action.REJECT else None


def withdrawal(interview: Interview) -> Transition | None:
    return interview.transitions.filter(action=Transition.Action.WITHDRAW).order_by("-at", "-pk").first()


def can_edit_content(user, interview: Interview | None) -> bool:
    """编辑 edit drafts only; reviewers may also fix text under review or already published."""
    if not user.has_perm("interviews.change_interview"):
        return False
    if interview is None or interview.pk is None:
        return True
    status = Interview.objects.filter(pk=interview.pk).values_list("status", flat=True).first()
    return status == Status.DRAFT or user.has_perm("interviews.review_interview")


def edit_version(interview: Interview) -> str:
    """What a form opened on ``interview`` remembers (hidden field ``version``): every save and
    workflow step changes it, so a later submission can tell that someone else saved in between."""
    return interview.updated_at.isoformat() if interview.updated_at else ""


def changed_since(interview: Interview, opened: str) -> Interview | None:
    """The interview as it is now, its row locked until the transaction ends, if it was saved after a
    form showing version ``opened`` was opened; None if not (or if the form sent no version)."""
    current = Interview.objects.select_for_update().filter(pk=interview.pk).first()
    if current is None or not opened or edit_version(current) == opened:
        return None
    return current


def stale_message(current: Interview, *, not_done: str, advice: str) -> str:
    """Why a page opened before ``current`` (``changed_since``) was last saved did nothing: who saved
    it and when, its state now, what was ``not_done`` (「保存」) and what to do now."""
    last = Interview.history.filter(id=current.pk).select_related("history_user").first()
    who = f"{last.history_user}，" if last and last.history_user else ""
    when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"您打开此页面后，其他人已修改这篇访谈（最后修改：{who}{when}；"
        f"当前状态「{current.get_status_display()}」），本次没有{not_done}。{advice}"
    )


def _require(user, permission: str, action: str) -> None:
    if user is None or not user.has_perm(permission):
        raise WorkflowError(f"您没有「{action}」的权限。")


def _lock(interview: Interview, *allowed: str, action: str, by=None) -> str:
    """Lock the row, refresh ``interview`` and check its state; return the state before the transition."""
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    for field in ("status", "published_at", "expires_at", "published_by_id"):
        setattr(interview, field, getattr(current, field))
    if current.status not in allowed:
        raise WorkflowError(f"状态为「{current.get_status_display()}」的访谈不能{action}。")
    if by is not None:  # the history row names the actor, not whoever saved the object last
        interview._history_user = by
    interview._change_reason = action
    return current.status


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(f"请填写{what}。")
    return reason


def submit(interview: Interview, *, by, note: str = "") -> None:
    _require(by, "interviews.change_interview", "提交审核")
    with transaction.atomic():
        previous = _lock(interview, Status.DRAFT, action="提交审核", by=by)
        interview.status = Status.IN_REVIEW
        interview.save(update_fields=["status", "updated_at"])
        record_transition(interview, Transition.Action.SUBMIT, previous, by=by, reason=note.strip())


def blocking_findings(interview: Interview) -> list:
    from .checks import run_checks

    return [finding for finding in run_checks(interview) if finding.blocks]


def approve(
    interview: Interview, *, by, at: datetime | None = None, expires_at: datetime | None = None, override_reason=""
) -> None:
    """Publish an interview under review, now or at ``at``; four-eyes and pre-publish checks apply."""
    _require(by, "interviews.publish_interview", "审核发布")
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        _lock(interview, Status.IN_REVIEW, action="发布", by=by)
        if problem := four_eyes_problem(interview, by):
            raise WorkflowError(problem)
        at = at or timezone.now()
        if expires_at is not None and expires_at <= at:
            raise WorkflowError("下线时间必须晚于发布时间。")
        if expires_at is None and interview.expires_at is not None and interview.expires_at <= at:
            # A kept expiry must also follow the publish time (the database refuses it otherwise).
            ends = timezone.localtime(interview.expires_at).strftime("%Y-%m-%d %H:%M")
            raise WorkflowError(f"这篇访谈已设置的下线时间（{ends}）必须晚于发布时间，请填写新的下线时间。")
        blocking = blocking_findings(interview)
        overridden = []
        if must_fix := [finding for finding in blocking if not finding.overridable]:
            listed = "；".join(finding.message for finding in must_fix[:3]) + ("……" if len(must_fix) > 3 else "")
            raise WorkflowError(f"有 {len(must_fix)} 个问题必须修改后才能发布，不能放行：{listed}")
        if blocking:
            if not override_reason:
                listed = "；".join(finding.message for finding in blocking[:3]) + ("……" if len(blocking) > 3 else "")
                raise WorkflowError(f"有 {len(blocking)} 个严重问题（{listed}），请先修改，或由审核人员填写放行理由。")
            _require(by, "interviews.override_proofreading", "放行严重问题")
            overridden = [finding.summary() for finding in blocking]
        if expires_at is not None:
            interview.expires_at = expires_at
            interview.save(update_fields=["expires_at", "updated_at"])
        try:
            interview.publish(by=by, at=at)
        except ValidationError as error:  # e.g. an image it shows still lacks alt text
            raise WorkflowError(" ".join(error.messages)) from error
        if overridden:
            # publish() wrote the row; add what the reviewer let through and why.
            log = interview.transitions.order_by("-at", "-pk").first()
            log.override_reason = override_reason
            log.overridden_findings = overridden
            log.save(update_fields=["override_reason", "overridden_findings"])


def reject(interview: Interview, *, by, reason: str) -> None:
    _require(by, "interviews.review_interview", "退回修改")
    reason = _reason(reason, "退回理由，编辑会在访谈页面上看到")
    with transaction.atomic():
        previous = _lock(interview, Status.IN_REVIEW, action="退回", by=by)
        interview.status = Status.DRAFT
        interview.save(update_fields=["status", "updated_at"])
        record_transition(interview, Transition.Action.REJECT, previous, by=by, reason=reason)


def withdraw(interview: Interview, *, by, reason: str) -> None:
    _require(by, "interviews.publish_interview", "撤稿")
    reason = _reason(reason, "撤稿理由，它会显示在原网址上")
    with transaction.atomic():
        previous = _lock(interview, Status.PUBLISHED, action="撤稿", by=by)
        interview.status = Status.WITHDRAWN
        interview.save(update_fields=["status", "updated_at"])
        record_transition(interview, Transition.Action.WITHDRAW, previous, by=by, reason=reason)


def set_expiry(interview: Interview, *, by, at: datetime | None, reason: str = "") -> None:
    """Set (or with ``at=None`` clear) the time a published interview goes offline."""
    _require(by, "interviews.publish_interview", "设置下线时间")
    with transaction.atomic():
        previous = _lock(interview, Status.PUBLISHED, Status.IN_REVIEW, Status.DRAFT, action="设置下线时间", by=by)
        if at is not None and interview.published_at and at <= interview.published_at:
            raise WorkflowError("下线时间必须晚于发布时间。")
        interview.expires_at = at
        interview.save(update_fields=["expires_at", "updated_at"])
        record_transition(interview, Transition.Action.EXPIRY, previous, by=by, reason=reason.strip())


def reopen(interview: Interview, *, by, reason: str = "") -> None:
    """Take a withdrawn interview back to 草稿 so it can be corrected and reviewed again.

    An expiry that has already passed belonged to the old publication (the log keeps it); left in
    place it would make every new publish time fall after it."""
    _require(by, "interviews.review_interview", "重新编辑")
    with transaction.atomic():
        previous = _lock(interview, Status.WITHDRAWN, action="重新编辑", by=by)
        interview.status = Status.DRAFT
        if interview.expires_at is not None and interview.expires_at <= timezone.now():
            interview.expires_at = None
        interview.save(update_fields=["status", "expires_at", "updated_at"])
        record_transition(interview, Transition.Action.REOPEN, previous, by=by, reason=reason.strip())

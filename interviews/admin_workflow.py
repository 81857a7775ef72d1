"""The admin pages of the editorial workflow: one confirmation page per step, and the publish log with\nits export."""

import csv

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from nanguan.spreadsheets import text_cell

from .checks import run_checks
from .forms import TransitionForm
from .models import Interview, Transition
from .preview import share_url
from .workflow import (
    WorkflowError,
    can_edit_content,
    changed_since,
    edit_version,
    four_eyes_problem,
    latest_rejection,
    stale_message,
)

Status = Interview.Status

# action -> (button label, permission, states it starts from, shows the pre-publish checks)
ACTIONS = {
    "submit": ("提交审核", "interviews.change_interview", [Status.DRAFT], True),
    "approve": ("审核发布", "interviews.publish_interview", [Status.IN_REVIEW], True),
    "reject": ("退回修改", "interviews.review_interview", [Status.IN_REVIEW], False),
    "expiry": ("设置下线时间", "interviews.publish_interview", [Status.PUBLISHED], False),
    "withdraw": ("撤稿", "interviews.publish_interview", [Status.PUBLISHED], False),
    "reopen": ("重新编辑", "interviews.review_interview", [Status.WITHDRAWN], False),
}


def available_actions(user, interview: Interview) -> list[dict]:
    return [
        {"name": name, "label": label, "url": reverse("admin:interviews_interview_workflow", args=[interview.pk, name])}
        for name, (label, permission, states, _) in ACTIONS.items()
        if interview.status in states and user.has_perm(permission)
    ]


# Why an 编辑 sees the change form read-only, by state (a draft is never read-only for them).
READ_ONLY_REASONS = {
    Status.IN_REVIEW: "这篇访谈正在审核，只有审核人员可以修改；需要改动时，请审核人员「退回修改」。",
    Status.PUBLISHED: "这篇访谈已发布，只有审核人员可以修改。",
    Status.WITHDRAWN: "这篇访谈已撤回，审核人员「重新编辑」之后才能修改。",
}


def change_form_context(request, interview: Interview) -> dict:
    """What the change form shows above the fields: state, rejection reason, steps, preview links."""
    public = Interview.objects.published().filter(pk=interview.pk).exists()
    now = timezone.now()
    published = interview.status == Status.PUBLISHED
    expired = published and interview.expires_at is not None and interview.expires_at <= now
    editable = can_edit_content(request.user, interview)
    return {
        "workflow_actions": available_actions(request.user, interview),
        "rejection": latest_rejection(interview) if interview.status == Status.DRAFT else None,
        "transitions": interview.transitions.select_related("by")[:10],
        "share_url": None if public else request.build_absolute_uri(share_url(interview)),
        "share_expires": timezone.now() + settings.PREVIEW_LINK_MAX_AGE,
        "is_public": public,
        "read_only_reason": "" if editable else READ_ONLY_REASONS.get(interview.status, ""),
        # Why a published interview is not public: its publish time is still to come, or its expiry passed.
        "publishes_at": interview.published_at if published and interview.published_at > now else None,
        "expired_at": interview.expires_at if expired else None,
    }


def transition_view(model_admin, request, pk, action):
    """Confirm one step. GET shows the checks (with positions and context) and the form; POST does it."""
    if action not in ACTIONS:
        raise PermissionDenied
    label, permission, states, shows_checks = ACTIONS[action]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    interview = get_object_or_404(Interview, pk=pk)
    change_url = reverse("admin:interviews_interview_change", args=[interview.pk])
    opened = {"version": edit_version(interview)}
    form = TransitionForm(request.POST if request.method == "POST" else None, action=action, initial=opened)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                _refuse_if_changed(interview, data["version"], label)
                _apply(interview, action, request.user, data)
        except WorkflowError as problem:
            error = str(problem)
            interview = Interview.objects.get(pk=pk)
            # The page now shows the current text and state, so confirming it again is confirming those.
            form = TransitionForm({**request.POST.dict(), "version": edit_version(interview)}, action=action)
            form.is_valid()
        else:
            messages.success(request, done_message(interview, action, label))
            return redirect(change_url)
    findings = run_checks(interview) if shows_checks else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{label}：{interview.title}",
        "interview": interview,
        "action": action,
        "label": label,
        "form": form,
        "error": error,
        "findings": findings,
        "blocking": [finding for finding in findings if finding.blocks],
        "must_fix": [finding for finding in findings if finding.blocks and not finding.overridable],
        "shows_checks": shows_checks,
        "allowed_state": interview.status in states,
        "four_eyes": four_eyes_problem(interview, request.user) if action == "approve" else "",
        "can_override": request.user.has_perm("interviews.override_proofreading"),
        "change_url": change_url,
    }
    status = 400 if error else 200
    return TemplateResponse(request, "admin/interviews/interview/workflow.html", context, status=status)


def done_message(interview: Interview, action: str, label: str) -> str:
    """What the change form says after a step; a publish time still to come is not "published" yet."""
    if action == "approve" and interview.published_at > timezone.now():
        when = timezone.localtime(interview.published_at).strftime("%Y-%m-%d %H:%M")
        return f"「{interview.title}」已审核通过，将于 {when} 定时发布；在此之前公众看不到它。"
    return f"「{interview.title}」已{label}。"


def _refuse_if_changed(interview: Interview, opened: str, label: str) -> None:
    """Lock the row and refuse the step if the interview was saved after the page was opened."""
    if current := changed_since(interview, opened):
        raise WorkflowError(stale_message(current, not_done=label, advice="请核对下方的当前内容和检查结果后再确认。"))


def _apply(interview: Interview, action: str, user, data: dict) -> None:
    if action == "submit":
        interview.submit(by=user, note=data["reason"])
    elif action == "approve":
        interview.approve(
            by=user, at=data["publish_at"], expires_at=data["expires_at"], override_reason=data["override_reason"]
        )
    elif action == "reject":
        interview.reject(by=user, reason=data["reason"])
    elif action == "withdraw":
        interview.withdraw(by=user, reason=data["reason"])
    elif action == "expiry":
        interview.set_expiry(by=user, at=data["expires_at"], reason=data["reason"])
    elif action == "reopen":
        interview.reopen(by=user, reason=data["reason"])


EXPORT_COLUMNS = [
    "时间",
    "访谈",
    "操作",
    "原状态",
    "新状态",
    "操作人",
    "理由",
    "发布时间",
    "下线时间",
    "放行理由",
    "被放行的问题",
]


def export_log(model_admin, request):
    """The publish/withdraw log as CSV (UTF-8 with BOM, so Excel opens it), honouring the list's filters."""
    if not request.user.has_perm("interviews.export_publish_log"):
        raise PermissionDenied
    try:
        rows = model_admin.get_changelist_instance(request).get_queryset(request).select_related("by")
    except IncorrectLookupParameters:  # a hand-edited query string; the list itself answers with ?e=1
        return HttpResponseBadRequest("筛选条件无效，请在流程记录列表中重新筛选后再导出。")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publish-log-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""

    for row in rows:
        writer.writerow(
            [
                text_cell(value)
                for value in (
                    when(row.at),
                    row.interview_title,
                    row.get_action_display(),
                    row.get_from_status_display(),
                    row.get_to_status_display(),
                    row.by.get_username() if row.by else "",
                    row.reason,
                    when(row.published_at),
                    when(row.expires_at),
                    row.override_reason,
                    "；".join(row.overridden_findings),
                )
            ]
        )
    return response


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """The publish/withdraw log: read-only for everyone, exportable as CSV by 管理员."""

    list_display = ["at", "interview_title", "action", "from_status", "to_status", "by", "reason", "override_reason"]
    list_filter = ["action", "to_status", ("at", admin.DateFieldListFilter)]
    search_fields = ["interview_title", "reason", "override_reason", "by__username"]
    list_select_related = ["by"]
    date_hierarchy = "at"
    change_list_template = "admin/interviews/transition/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="interviews_transition_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        return export_log(self, request)

    def changelist_view(self, request, extra_context=None):
        context = {"can_export": request.user.has_perm("interviews.export_publish_log"), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

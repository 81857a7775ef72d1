"""The editorial workflow's log (transitions) and the proofreading rules checked before publishing."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .interviews import Interview


class Transition(models.Model):
    """One step of the editorial workflow: who moved which interview from what state to what, when and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        PUBLISH = "publish", "发布"
        REJECT = "reject", "退回修改"
        WITHDRAW = "withdraw", "撤稿"
        EXPIRY = "expiry", "设置下线时间"
        REOPEN = "reopen", "重新编辑"

    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.SET_NULL, null=True, related_name="transitions"
    )
    interview_title = models.CharField("访谈标题", max_length=200, help_text="记录时的标题；访谈删除后仍保留。")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=10, choices=Interview.Status.choices)
    to_status = models.CharField("新状态", max_length=10, choices=Interview.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("操作时间", default=timezone.now, db_index=True)
    reason = models.TextField("理由", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    expires_at = models.DateTimeField("下线时间", null=True, blank=True)
    override_reason = models.TextField("放行理由", blank=True, help_text="审核人员放行严重问题时填写的理由。")
    overridden_findings = models.JSONField("被放行的问题", default=list, blank=True)

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录（发布与撤稿日志）"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.interview_title}：{self.get_action_display()}"


class ProofreadingRule(models.Model):
    """A known wrong form (错敏词) and what to write instead, checked before submit and publish."""

    class Severity(models.TextChoices):
        SEVERE = "severe", "严重"
        MINOR = "minor", "一般"

    wrong = models.CharField("错误写法", max_length=100, unique=True, help_text="原文中不应出现的写法，如「按装」。")
    right = models.CharField("正确写法", max_length=200, help_text="建议改为的写法，如「安装」。")
    severity = models.CharField(
        "严重程度",
        max_length=10,
        choices=Severity.choices,
        default=Severity.MINOR,
        help_text="「严重」的问题在修改或由审核人员填写理由放行之前不能发布。",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    exceptions = models.TextField(
        "例外写法",
        blank=True,
        help_text="包含错误写法但本身正确的词语，每行一个，如「按装」的例外「按装修标准」。",
    )
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "校对规则"
        verbose_name_plural = "校对规则（错敏词）"
        ordering = ["-severity", "wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"

    def exception_list(self) -> list[str]:
        return [
            line.strip() for line in self.exceptions.replace("，", "\n").replace(",", "\n").splitlines() if line.strip()
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        self.wrong = self.wrong.strip()
        if self.wrong == self.right.strip():
            raise ValidationError({"right": "正确写法不能与错误写法相同。"})
        bad = [phrase for phrase in self.exception_list() if self.wrong not in phrase or phrase == self.wrong]
        if bad:
            raise ValidationError({"exceptions": f"例外写法必须包含错误写法「{self.wrong}」且更长：{'、'.join(bad)}"})

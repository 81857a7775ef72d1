"""django-axes's admin pages (登录保护) in Chinese where a translation catalogue cannot reach.

The library's own strings are translated in ``locale/zh_Hans/LC_MESSAGES/django.po``. What is left
is written in English in its code: the rows' names (its models' ``__str__``, shown in the change
page's title and breadcrumbs, the delete confirmation a 管理员 reads to unlock an account, and the
「最近动作」 list), the 「状态」 column (a method without a description), the lock-out filter's heading
(the same msgid as the column's 「已锁定」) and the clean-up action's message (an f-string).
Imported by ``nanguan.apps.LoginProtectionConfig.ready()``, after the admin has registered axes's own
classes.
"""

from axes import admin as axes_admin
from axes.conf import settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.utils import formats, timezone


def _when(moment) -> str:
    return formats.localize(timezone.localtime(moment)) if moment else ""


def _who(row) -> str:
    return row.username or "（未填用户名）"


def _where(row) -> str:
    return row.ip_address or "未知地址"


def attempt_name(attempt: AccessAttempt) -> str:
    """「editor，来自 10.0.0.1」: an attempt row counts one username's failures from one address."""
    return f"{_who(attempt)}，来自 {_where(attempt)}"


def log_name(log: AccessLog) -> str:
    return f"{_who(log)} 于 {_when(log.attempt_time)} 登录"


def failure_name(failure: AccessFailureLog) -> str:
    locked = "，导致锁定" if failure.locked_out else ""
    return f"{_who(failure)} 于 {_when(failure.attempt_time)} 登录失败（来自 {_where(failure)}）{locked}"


AccessAttempt.__str__ = attempt_name
AccessLog.__str__ = log_name
AccessFailureLog.__str__ = failure_name


class LockedOutFilter(axes_admin.IsLockedOutFilter):
    title = "是否锁定"


class ReadOnly:
    """The records are the login handler's to write: shown as 「查看…」 pages without a 保存 button
    that could save nothing (every field is read-only). Deleting an attempt still unlocks."""

    def has_change_permission(self, request, obj=None):
        return False


class AccessAttemptAdmin(ReadOnly, axes_admin.AccessAttemptAdmin):
    list_filter = [
        LockedOutFilter if f is axes_admin.IsLockedOutFilter else f for f in axes_admin.AccessAttemptAdmin.list_filter
    ]

    @admin.display(description="状态")
    def status(self, obj: AccessAttempt):
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"还可尝试 {remaining} 次" if remaining > 0 else "已锁定"

    @admin.action(description="清理已过期的失败记录")
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"已清理 {count} 条过期的失败记录。", messages.SUCCESS)


class AccessLogAdmin(ReadOnly, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(ReadOnly, axes_admin.AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

"""The history and restore pages of the rows edited inline on an interview (questions, guests).

Their versions are listed on the interview's own 「历史」 page (``grouped_deltas``); these admins are
not on the admin index and only serve opening and restoring a version.
"""

from django import forms
from django.contrib import admin

from .history import ReadableHistoryAdmin, deltas
from .models import Appearance, Interview, Question
from .search import index_interview
from .workflow import can_edit_content


def grouped_deltas(model_admin, request, records):
    """History records of related rows, newest first, with diffs computed per row."""
    by_row: dict[int, list] = {}
    for record in records.order_by("-history_date", "-history_id"):
        by_row.setdefault(record.id, []).append(record)
    rows = []
    for row_records in by_row.values():
        rows.extend(deltas(model_admin, request, row_records))
    return sorted(rows, key=lambda record: record.history_date, reverse=True)


class RestoreForm(forms.ModelForm):
    """The interview is read-only on the restore page, so Django would skip the unique constraints that
    include it (a question number already taken) and the database would refuse the save instead."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - {"interview"}


class HiddenHistoryAdmin(ReadableHistoryAdmin):
    """Only for the history and restore pages of rows edited inline; not listed on the admin index."""

    form = RestoreForm

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False  # added inline on the interview

    def has_change_permission(self, request, obj=None):
        if obj is not None and not Interview.objects.filter(pk=obj.interview_id).exists():
            return False  # a version of a row whose interview was deleted: readable, not restorable
        return super().has_change_permission(request, obj) and can_edit_content(request.user, self._parent(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit_content(request.user, self._parent(obj))

    @staticmethod
    def _parent(obj):
        return Interview.objects.filter(pk=obj.interview_id).first() if obj is not None else None

    def lock_for_restore(self, obj):
        # The interview row first, as the change form's save does (InterviewForm.stale_message): a restore
        # and a save of the change form then wait for each other instead of locking this row and the
        # interview in opposite orders, and the restore's interview version copies the interview as it is.
        Interview.objects.select_for_update().filter(pk=obj.interview_id).first()

    def restored(self, request, obj):
        interview = obj.interview
        index_interview(interview)  # a question and the guests are part of the interview's passages
        # The interview changed (its pages, feeds and JSON-LD say when), and a change form opened before
        # the restore must not save its older copy of this row over it (InterviewForm.stale_message).
        interview.record_part_changed(by=request.user, reason=f"从历史恢复{obj._meta.verbose_name}：{obj}")


@admin.register(Question)
class QuestionAdmin(HiddenHistoryAdmin):
    list_display = ["interview", "number", "text"]
    fields = ["interview", "number", "text", "answer"]
    readonly_fields = ["interview"]


@admin.register(Appearance)
class AppearanceAdmin(HiddenHistoryAdmin):
    list_display = ["interview", "person", "position"]
    fields = ["interview", "person", "position", "role", "order"]
    readonly_fields = ["interview"]

"""Readable change history in the admin (django-simple-history).

To track another model (e.g. ``indicators.Observation``, ``media_library.Image``): add
``history = HistoricalRecords()`` to the model, run makemigrations, and base its admin on
``ReadableHistoryAdmin`` instead of ``admin.ModelAdmin``. Its 「历史」 page then lists every change
with who, when and a diff, and each version can be opened and restored.
"""

import dataclasses
from datetime import datetime
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .forms import PlainTextField

CONTEXT_CHARS = 15
LONG_TEXT = 40


def _shorten(text: str, *, keep_start: bool, keep_end: bool) -> str:
    if len(text) <= 2 * CONTEXT_CHARS:
        return text
    head = text[:CONTEXT_CHARS] if keep_start else ""
    tail = text[-CONTEXT_CHARS:] if keep_end else ""
    return f"{head}…{tail}"


def text_diff(old: str, new: str) -> tuple[str, str]:
    """HTML for both sides of a long text change: only the changed runs, marked, with a little context."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = _shorten(old[i1:i2], keep_start=index > 0, keep_end=index < len(opcodes) - 1)
            old_parts.append(("span", same))
            new_parts.append(("span", same))
            continue
        if i2 > i1:
            old_parts.append(("del", old[i1:i2]))
        if j2 > j1:
            new_parts.append(("ins", new[j1:j2]))
    html = "<{0}>{1}</{0}>"
    return format_html_join("", html, old_parts), format_html_join("", html, new_parts)


class ReadableDiffHelper(HistoricalRecordContextHelper):
    """Long texts (answers, summaries) show the changed characters instead of two truncated copies;
    choices show their Chinese label, times the local time, empty values a dash."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime):
            return date_format(localtime(value), "Y-m-d H:i")
        return super().prepare_delta_change_value(change, value)

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        texts = isinstance(change.old, str) and isinstance(change.new, str)
        if texts and max(len(change.old), len(change.new)) > LONG_TEXT:
            old, new = text_diff(change.old, change.new)
            return dataclasses.replace(formatted, old=old, new=new)
        return formatted


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """A ModelAdmin whose 「历史」 page shows readable diffs and can restore a version."""

    # Long texts keep LF line ends when saved or restored from the browser (PlainTextField).
    formfield_overrides = {models.TextField: {"form_class": PlainTextField}}
    object_history_form_template = "simple_history/readable_object_history_form.html"

    def history_view(self, request, object_id, extra_context=None):
        if not self._is_pk(object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (self._is_pk(object_id) and str(version_id).isdecimal()):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        # simple-history lets anyone who may *view* history post the revert form; restoring is a change.
        obj = self.get_object(request, object_id)
        if obj is None:  # restoring a deleted row: judge by the version being restored
            obj = get_object_or_404(self.model.history.model, history_id=version_id).instance
        with transaction.atomic():
            self.lock_for_restore(obj)
            if not self.has_change_permission(request, obj):  # judged on the locked rows
                raise PermissionDenied
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if response.status_code == 302:  # restored (an invalid form is shown again with 200)
                self.restored(request, self.model._default_manager.get(pk=obj.pk))
        return response

    def lock_for_restore(self, obj) -> None:
        """Called first in the restore's transaction, before ``obj`` is saved: lock the rows the restore
        changes besides ``obj``'s own (``restored``), in the order a concurrent save takes them."""

    def restored(self, request, obj) -> None:
        """Called after a version was restored into ``obj``. A restore saves the form only (no inlines,
        no ``save_related``), so whatever the change form updates after saving must be done here."""

    def _is_pk(self, object_id) -> bool:
        """Whether ``object_id`` from the URL can be a primary key: simple-history filters by it
        without checking, so 「/admin/…/abc/history/」 would be a server error."""
        try:
            self.opts.pk.to_python(object_id)
        except ValidationError:
            return False
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableDiffHelper(self.model, historical_record, max_displayed_delta_change_chars=500)


def deltas(model_admin: SimpleHistoryAdmin, request, records) -> list:
    """``records`` (newest first, one object) with ``history_delta_changes`` set, as on a history page."""
    records = list(records)
    model_admin.set_history_delta_changes(request, records)
    return records

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm
from simple_history.utils import bulk_update_with_history

from interviews.admin import InterviewAdmin, QuestionAdmin, RegionListFilter
from interviews.history import ReadableHistoryAdmin
from interviews.importing.decode import DecodeError
from interviews.models import Interview, Question
from nanguan import page_cache

from . import formats, freshness
from .checks import checkable, stated
from .claims import Stated, check_claims
from .downloads import KIND_LABEL_HELP, QUALIFIER_LABEL_HELP, TARGET_LABEL_HELP
from .extraction.numbers import plain_number
from .models import Indicator, IndicatorAlias, Observation
from .observing import sync_questions
from .resources import IndicatorResource, ObservationResource


class ChineseExportForm(SelectableFieldsExportForm):
    """The export page's column checkboxes labelled with the Chinese column names alone; the library
    writes the English field name with the column name in brackets, 「Region (地区)」."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field and field.column_name else super()._get_field_label(resource, field_name)


class SpreadsheetAdmin(ImportExportModelAdmin):
    """Import and export of a model's rows as spreadsheets, with the column checkboxes in Chinese,
    uploads read in the encodings Chinese spreadsheet programs save (``formats``) and a file that
    cannot be read explained in Chinese."""

    export_form_class = ChineseExportForm
    import_formats = formats.IMPORT_FORMATS

    class Media:
        css = {"all": ["css/admin_lists.css"]}  # readable name and sentence columns in the lists

    def has_import_permission(self, request):
        # The library lets any staff account import when no permission code is configured. An import
        # adds and changes rows, and imported figures count as confirmed by the importer
        # (``ObservationResource``): it takes the rights to add and change, which confirming needs too.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        # The export lists figures of interviews still in draft: only for those who may see the list.
        return self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        unreadable = "无法读取这个文件：请确认所选「格式」与文件一致（例如 .xlsx 文件选择 xlsx）。"
        form.add_error("import_file", str(e) if isinstance(e, DecodeError) else unreadable)


def update_with_history(queryset, request, reason: str, **values) -> int:
    """Set ``values`` on every row of ``queryset`` with a history version for each (``update()`` would
    leave none), and let the public pages show the change. Returns the number of rows."""
    rows = list(queryset)
    fields = list(values)
    for row in rows:
        for name, value in values.items():
            setattr(row, name, value)
    # A bulk update calls no save(): each figure's modification time, or each indicator's files' time,
    # moves as save() would move it.
    if queryset.model is Observation:
        for row in rows:
            row.note_shown_change()
        fields.append("modified_at")
    elif queryset.model is Indicator:
        for row in rows:
            freshness.note_indicator_change(row)
        fields.append("files_changed_at")
    bulk_update_with_history(rows, queryset.model, fields, default_user=request.user, default_change_reason=reason)
    page_cache.content_changed()  # bulk updates send no signal
    return len(rows)


def quote_html(obj: Observation, *, window: int | None):
    """A figure's sentence with the figure in <mark>; with ``window``, only that many characters either side."""
    if not obj.quote:
        return obj.source or "—"
    start = obj.quote.find(obj.span_text) if obj.span_text else -1
    if obj.span_start is not None and obj.quote_start is not None:
        offset = obj.span_start - obj.quote_start
        if obj.quote[offset : offset + len(obj.span_text)] == obj.span_text:
            start = offset
    if start < 0:
        return obj.quote if window is None else obj.quote[: 2 * window] + "…"
    end = start + len(obj.span_text)
    before, after = obj.quote[:start], obj.quote[end:]
    if window is not None:
        before = ("…" + before[-window:]) if len(before) > window else before
        after = (after[:window] + "…") if len(after) > window else after
    return format_html("{}<mark>{}</mark>{}", before, obj.quote[start:end], after)


@admin.display(description="原文已改动", ordering="span_lost", empty_value="")
def source_changed(obj):
    """A warning on the figures whose answer changed under them, nothing on the others: a yes/no icon
    put a red cross on every figure that is fine."""
    if not obj.span_lost:
        return ""
    return format_html(
        '<strong class="source-changed"><img src="{}" alt=""> 原文已改动</strong>', static("admin/img/icon-alert.svg")
    )


class PlainNumberInput(forms.NumberInput):
    """A figure's value as the sentence wrote it, 「220」, not the column's four places 「220.0000」."""

    def format_value(self, value):
        return plain_number(value) if isinstance(value, Decimal) else super().format_value(value)


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(ReadableHistoryAdmin, SpreadsheetAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["name", "code", "category", "unit", "is_confirmed", "alias_list"]
    list_filter = ["is_confirmed", "category"]
    search_fields = ["name", "code", "aliases__name"]
    readonly_fields = ["found_how"]
    inlines = [IndicatorAliasInline]
    actions = ["confirm_indicators"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="别名")
    def alias_list(self, obj):
        return "、".join(alias.name for alias in obj.aliases.all())

    @admin.action(description="确认所选指标（在公开页面显示）", permissions=["change"])
    def confirm_indicators(self, request, queryset):
        """Asks first, as deleting does: extraction proposes junk too (「工作任务」), and one click made it
        public. The page lists what would change; its form sends the action again with ``post``."""
        proposed = queryset.filter(is_confirmed=False)
        if request.POST.get("post") == "yes":
            count = update_with_history(proposed, request, "批量确认指标", is_confirmed=True)
            self.message_user(request, f"已确认 {count} 个指标。", messages.SUCCESS)
            return None
        if not proposed.exists():
            self.message_user(request, "所选指标都已确认，没有修改。", messages.INFO)
            return None
        return self.confirm_indicators_page(request, queryset, proposed)

    def confirm_indicators_page(self, request, selected, proposed):
        """Template ``admin/indicators/indicator/confirm_selected.html``: each indicator to confirm with
        its category, unit, number of figures (``figure_count``, ``confirmed_count``) and the first
        sentence quoting one (``example``, in the transcript's reading order)."""
        # One example per indicator, whatever its number of figures: the first quoted figure's id by
        # subquery, then those figures alone (two queries in all).
        first_quoted = (
            Observation.objects.filter(indicator=OuterRef("pk"))
            .exclude(quote="")
            .order_by("interview", "question__number", "span_start", "pk")
            .values("pk")[:1]
        )
        confirmed = Q(observations__status=Observation.Status.CONFIRMED)
        indicators = list(
            proposed.annotate(
                figure_count=Count("observations"),
                confirmed_count=Count("observations", filter=confirmed),
                example_id=Subquery(first_quoted),
            )
        )
        ids = [indicator.example_id for indicator in indicators if indicator.example_id]
        examples = Observation.objects.select_related("interview").in_bulk(ids)
        for indicator in indicators:
            indicator.example = examples.get(indicator.example_id)
            indicator.example_html = quote_html(indicator.example, window=40) if indicator.example else ""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "确认所选指标",
            "indicators": indicators,
            "already_confirmed": selected.count() - len(indicators),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back_url": request.get_full_path(),  # the list, with its filters
        }
        return TemplateResponse(request, "admin/indicators/indicator/confirm_selected.html", context)


@admin.register(Observation)
class ObservationAdmin(ReadableHistoryAdmin, SpreadsheetAdmin):
    """The review list: 待核实 figures with their sentence, confirmed or rejected singly or in bulk."""

    resource_classes = [ObservationResource]
    import_template_name = "admin/indicators/observation/import.html"  # says which columns are read
    # Seven columns, so that beside the sidebar and the filters a 1280-pixel screen shows each row's
    # state without scrolling sideways: the sentence's own wording goes under its indicator, and the
    # 「原文已改动」 warning under the state.
    list_display = [
        "quote_excerpt",
        "indicator_display",
        "value_display",
        "period",
        "kind",
        "region_display",
        "status_display",
    ]
    list_display_links = ["quote_excerpt"]
    list_editable = ["period"]
    list_filter = ["status", "span_lost", "kind", "indicator__category", ("region", RegionListFilter), "interview"]
    list_select_related = ["indicator", "region", "interview"]
    ordering = ["interview", "question__number", "span_start", "pk"]  # reading order of the transcript
    search_fields = ["quote", "metric_text", "indicator__name", "source"]
    autocomplete_fields = ["indicator"]
    readonly_fields = [
        "highlighted_quote",
        "interview",
        "question",
        "span_start",
        "span_end",
        "span_text",
        "metric_text",
        "normalized_value_display",
        "normalized_unit",
        "reviewed_by",
        "reviewed_at",
        "modified_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "highlighted_quote",
                    "indicator",
                    "region",
                    ("period", "part_of_year"),  # 「2023年」「上半年」 side by side
                    "value",
                    "unit",
                    "qualifier",
                ]
            },
        ),
        (
            "类型",
            {
                "fields": [
                    "kind",
                    "comparison",
                    "is_target",
                    "metric_text",
                    "normalized_value_display",
                    "normalized_unit",
                ]
            },
        ),
        ("出处", {"fields": ["interview", "question", "span_start", "span_end", "span_text", "span_lost", "source"]}),
        ("核实", {"fields": ["status", "reviewed_by", "reviewed_at", "modified_at"]}),
    ]
    formfield_overrides = {
        **ReadableHistoryAdmin.formfield_overrides,  # long texts keep LF line ends
        models.DecimalField: {"widget": PlainNumberInput},
    }
    actions = ["confirm_selected", "reject_selected"]
    change_list_template = "admin/indicators/observation/change_list.html"

    @admin.display(description="原句")
    def highlighted_quote(self, obj):
        return quote_html(obj, window=None)

    @admin.display(description="原句")
    def quote_excerpt(self, obj):
        return quote_html(obj, window=28)

    @admin.display(description="数值", ordering="normalized_value")
    def value_display(self, obj):
        return obj.display_value

    @admin.display(description="标准化数值")
    def normalized_value_display(self, obj):
        return plain_number(obj.normalized_value) if obj.normalized_value is not None else "-"

    @admin.display(description="指标", ordering="indicator__name")
    def indicator_display(self, obj):
        """The indicator, and the sentence's wording under it where that differs (「原文：…」)."""
        if not obj.metric_text or obj.metric_text == obj.indicator.name:
            return str(obj.indicator)
        return format_html('{}<br><small class="metric-text">原文：{}</small>', obj.indicator, obj.metric_text)

    @admin.display(description="地区", ordering="region__name")
    def region_display(self, obj):
        """「南关区」, not 「长春市 › 南关区」: a region's name is unique (the import finds it by name)."""
        return obj.region.name if obj.region else "-"

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj):
        warning = source_changed(obj)
        return format_html("{}<br>{}", obj.get_status_display(), warning) if warning else obj.get_status_display()

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="确认所选数值", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = self._review(request, queryset, Observation.Status.CONFIRMED, "批量确认数值")
        self.message_user(request, f"已确认 {count} 个数值。", messages.SUCCESS)

    @admin.action(description="驳回所选数值", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = self._review(request, queryset, Observation.Status.REJECTED, "批量驳回数值")
        self.message_user(request, f"已驳回 {count} 个数值。", messages.SUCCESS)

    def _review(self, request, queryset, status: str, reason: str) -> int:
        # Figures already in this state keep their reviewer and time, and get no new version.
        return update_with_history(
            queryset.exclude(status=status),
            request,
            reason,
            status=status,
            reviewed_by=request.user,
            reviewed_at=timezone.now(),
        )

    def get_export_resource_kwargs(self, request, **kwargs):
        # The 来源链接 of a figure quoted in an interview is an address on this site's host.
        return {**super().get_export_resource_kwargs(request, **kwargs), "request": request}

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        helps = {"kind_label_help": KIND_LABEL_HELP, "qualifier_label_help": QUALIFIER_LABEL_HELP}
        return {**context, **helps, "target_label_help": TARGET_LABEL_HELP}

    def get_urls(self):
        claims = path("claims/", self.admin_site.admin_view(self.claims_view), name="indicators_observation_claims")
        return [claims, *super().get_urls()]

    def claims_view(self, request):
        """Figures that disagree inside an interview, with both sentences. Template ``admin/indicators/claims.html``."""
        if not self.has_view_permission(request):
            raise PermissionDenied  # it quotes drafts; admin_view alone lets any staff account in
        by_interview: dict[Interview, list[Stated]] = {}
        for observation in checkable(Observation.objects.all()):
            by_interview.setdefault(observation.interview, []).append(stated(observation))
        found = [(interview, conflict) for interview, items in by_interview.items() for conflict in check_claims(items)]
        context = {**self.admin_site.each_context(request), "title": "数字核对", "conflicts": found, "opts": self.opts}
        return TemplateResponse(request, "admin/indicators/claims.html", context)


class ObservationInline(admin.TabularInline):
    """The interview's figures, read-only here; they are reviewed in the 指标数值 list."""

    model = Observation
    fk_name = "interview"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["span_text", "indicator", "period", "kind", "status", source_changed]
    readonly_fields = fields
    verbose_name_plural = "访谈中的数字"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator").order_by("question__number", "span_start")


admin.site.unregister(Interview)


@admin.register(Interview)
class InterviewWithFiguresAdmin(InterviewAdmin):
    """The interview admin, plus: an edited answer re-locates its figures or flags those it lost."""

    inlines = [*InterviewAdmin.inlines, ObservationInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Question:
            return
        edited = [q for q, changed in formset.changed_objects if "answer" in changed] + list(formset.new_objects)
        sync_questions(edited)
        lost = Observation.objects.filter(question__in=edited, span_lost=True).count()
        if lost:
            url = reverse("admin:indicators_observation_changelist") + "?span_lost__exact=1"
            self.message_user(
                request,
                format_html('修改后的回答中有 {} 个数字找不到了，请<a href="{}">核对</a>。', lost, url),
                messages.WARNING,
            )


admin.site.unregister(Question)


@admin.register(Question)
class QuestionWithFiguresAdmin(QuestionAdmin):
    """A question's history, plus: a restored answer re-locates its figures like an edited one."""

    def restored(self, request, obj):
        super().restored(request, obj)
        sync_questions([obj])

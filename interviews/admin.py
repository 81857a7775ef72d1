from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from media_library.admin import thumbnail

from . import admin_gallery, admin_roles, admin_workflow  # noqa: F401  (admin_roles only registers)
from .admin_catalogue import RegionListFilter, SlugForm
from .admin_history import QuestionAdmin, grouped_deltas  # noqa: F401  (QuestionAdmin: indicators.admin extends it)
from .forms import ImportConfirmForm, ImportUploadForm, PlainTextField
from .history import ReadableHistoryAdmin
from .importing import staging
from .importing.batch import FAILED, LABELS, Options, Outcome, import_one, preview_many
from .importing.decode import MAX_TEXT_BYTES, format_size
from .importing.loader import CONFLICT, CREATED, UPDATED
from .importing.sources import MAX_ARCHIVE_BYTES, read_source, suffix
from .models import (
    Appearance,
    Interview,
    InterviewImage,
    Question,
    alt_text_message,
)
from .search import index_interview
from .workflow import WorkflowError, can_edit_content, changed_since, edit_version, stale_message


class DraftOnlyInline:
    """Questions, guests and the gallery follow their interview: 编辑 change them only while it is a draft."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_edit_content(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit_content(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit_content(request.user, obj)


class QuestionInline(DraftOnlyInline, admin.StackedInline):
    model = Question
    extra = 0
    fields = ["number", "text", "answer"]
    formfield_overrides = {models.TextField: {"form_class": PlainTextField}}


class AppearanceInline(DraftOnlyInline, admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "position", "role", "order"]


class GalleryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The parent form's status is already on self.instance: a published interview shows every gallery image.
        if self.instance.status != Interview.Status.PUBLISHED:
            return
        images = [
            form.cleaned_data["image"]
            for form in self.forms
            if form.cleaned_data.get("image") and not form.cleaned_data.get("DELETE")
        ]
        if missing := [image for image in images if image.needs_alt_text]:
            raise ValidationError(alt_text_message(missing))


class InterviewImageInline(DraftOnlyInline, admin.TabularInline):
    model = InterviewImage
    formset = GalleryFormSet
    extra = 0
    autocomplete_fields = ["image"]
    fields = ["order", "image", "preview"]
    readonly_fields = ["preview"]
    verbose_name_plural = "图集（依次填入正文中的「图片」位置，其余显示在正文之后）"

    @admin.display(description="预览")
    def preview(self, obj):
        return thumbnail(obj.image if obj and obj.image_id else None)


class InterviewForm(SlugForm):
    # When the page was opened (the interview's updated_at): every save and workflow step changes it,
    # so a form opened before someone else saved, submitted, published or withdrew is refused.
    version = forms.CharField(label="打开页面时的版本", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = edit_version(self.instance)
        if "title" in self.fields:  # a whole title in view, not its first 20 characters (titles run to 40 and more)
            self.fields["title"].widget.attrs["class"] = "vLargeTextField"

    def stale_message(self) -> str:
        """Why this form may not be saved because the interview changed after it was opened, or ""."""
        if not self.instance.pk or not (current := changed_since(self.instance, self.cleaned_data.get("version"))):
            return ""
        return stale_message(
            current, not_done="保存（以免覆盖对方的修改）", advice="请先复制您改动的内容，重新打开此页面后再修改。"
        )

    def clean(self):
        cleaned = super().clean()
        if stale := self.stale_message():  # shown above the form: the field itself is hidden
            raise ValidationError(stale)
        # The state is read-only on this form (the workflow changes it), so it is the instance's.
        if cleaned.get("status", self.instance.status) == Interview.Status.PUBLISHED:
            shown = [cleaned.get("cover_image"), getattr(cleaned.get("video"), "poster", None)]
            if missing := [image for image in shown if image and image.needs_alt_text]:
                raise ValidationError(alt_text_message(missing))
        return cleaned


class PublishedYearFilter(admin.SimpleListFilter):
    title = "发布年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Interview.objects.exclude(published_at=None)
            .annotate(year=ExtractYear("published_at"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), f"{year}年") for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdecimal():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


@admin.register(Interview)
class InterviewAdmin(ReadableHistoryAdmin):
    form = InterviewForm
    list_display = [
        "cover_display",
        "title",
        "series",
        "region",
        "kind",
        "status",
        "published_display",
        "is_public_display",
    ]
    list_filter = ["series", ("region", RegionListFilter), "status", PublishedYearFilter, "kind"]
    list_display_links = ["cover_display", "title"]
    list_select_related = ["series", "region__parent", "cover_image"]
    search_fields = ["title", "summary", "questions__text", "questions__answer", "appearances__person__name"]
    # The state changes only through the workflow pages (审核发布, 退回, 撤稿 …), never by editing fields.
    workflow_fields = ["status", "published_at", "expires_at", "published_by"]
    readonly_fields = ["source_text", "source_name", "content_hash", *workflow_fields, "created_at", "updated_at"]
    autocomplete_fields = ["cover_image", "video"]
    inlines = [AppearanceInline, InterviewImageInline, QuestionInline]
    actions = ["submit_selected", "publish_selected"]
    object_history_template = "admin/interviews/interview/object_history.html"
    # A source link typed without a scheme is https (Django 6's default).
    formfield_overrides = {**ReadableHistoryAdmin.formfield_overrides, models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "region", "kind", "summary", "version"]}),
        ("媒体", {"fields": ["cover_image", "video"]}),
        ("发布", {"fields": ["status", "published_at", "expires_at", "published_by"]}),
        (
            "来源",
            {
                "classes": ["collapse"],
                "fields": ["source_url", "source_name", "content_hash", "source_text", "created_at", "updated_at"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin_lists.css"]}  # a readable title column in the list

    @admin.display(description="封面")
    def cover_display(self, obj):
        return thumbnail(obj.cover_image)

    @admin.display(description="发布时间", ordering="published_at", empty_value="-")
    def published_display(self, obj):
        # Date over time: 「2026年11月29日 02:44」 on one line pushed 公众可见 out of the list at 1366 px.
        if obj.published_at is None:
            return None
        published = timezone.localtime(obj.published_at)
        return format_html("{}<br>{}", f"{published:%Y-%m-%d}", f"{published:%H:%M}")

    @admin.display(boolean=True, description="公众可见")
    def is_public_display(self, obj):
        return obj.is_public

    def get_queryset(self, request):
        # Visibility comes from published() itself, as a subquery, so the list cannot disagree with the site.
        public = Interview.objects.published().filter(pk=OuterRef("pk"))
        return (
            super().get_queryset(request).annotate(is_public=Exists(public)).prefetch_related("cover_image__renditions")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_interview(form.instance)

    def restored(self, request, obj):
        index_interview(obj)

    def import_view(self, request):
        """「导入访谈」: upload → preview (admin/interviews/interview/import_preview.html, nothing saved)
        → confirm → result (import_result.html). Upload form: import.html. Needs the add permission."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "导入访谈"}
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request, context)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(request, "admin/interviews/interview/import.html", {**context, "form": form})
        accepted, items, total = [], [], 0
        for upload in form.cleaned_data["files"]:
            limit = MAX_TEXT_BYTES if suffix(upload.name) == ".txt" else MAX_ARCHIVE_BYTES
            total += upload.size
            if upload.size > limit or total > 2 * MAX_ARCHIVE_BYTES:
                message = f"文件过大（{format_size(upload.size)}），单个不能超过 {format_size(limit)}，"
                message += f"一次合计不能超过 {format_size(2 * MAX_ARCHIVE_BYTES)}，已跳过。"
                items.append(Outcome(upload.name, FAILED, messages=[message]))
                continue
            accepted.append((upload.name, upload.read()))
        options = Options(convert=form.cleaned_data["convert"])
        sources = [source for name, data in accepted for source in read_source(name, data)]
        items += preview_many(sources, options, user=request.user)
        # Only a transcript that confirming would save (or, ticking 更新已有访谈, update) gets a confirm button.
        importable = any(item.status in (CREATED, UPDATED, CONFLICT) for item in items)
        token = staging.stage(accepted, user_id=request.user.pk) if importable else ""
        confirm = ImportConfirmForm(initial={"token": token, "convert": options.convert})
        return TemplateResponse(
            request,
            "admin/interviews/interview/import_preview.html",
            {**context, "title": "导入访谈：预览", "items": items, "form": confirm, "can_confirm": bool(token)},
        )

    def _confirm_import(self, request, context):
        form = ImportConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise staging.StagingError("导入请求无效，请重新上传文件。")
            files = staging.load(form.cleaned_data["token"], user_id=request.user.pk)
        except staging.StagingError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:interviews_interview_import")
        options = Options(convert=form.cleaned_data["convert"], update=form.cleaned_data["update"])
        outcomes = [
            import_one(source, options, user=request.user) for name, data in files for source in read_source(name, data)
        ]
        staging.discard(form.cleaned_data["token"], user_id=request.user.pk)
        counts = Counter(outcome.status for outcome in outcomes)
        summary = [(LABELS[status], counts[status]) for status in LABELS if counts[status]]
        return TemplateResponse(
            request,
            "admin/interviews/interview/import_result.html",
            {**context, "title": "导入访谈：结果", "outcomes": outcomes, "summary": summary},
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit_content(request.user, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("interviews.publish_interview")

    def save_model(self, request, obj, form, change):
        if change:
            # Restoring an old version must not bring back its old state (e.g. 已发布).
            current = Interview.objects.get(pk=obj.pk)
            for field in ("status", "published_at", "expires_at", "published_by"):
                setattr(obj, field, getattr(current, field))
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="interviews_interview_import"),
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="interviews_interview_workflow",
            ),
            path(
                "<int:pk>/gallery/upload/",
                self.admin_site.admin_view(self.gallery_upload_view),
                name="interviews_interview_gallery_upload",
            ),
            path(
                "<int:pk>/gallery/alt-text/",
                self.admin_site.admin_view(self.gallery_alt_text_view),
                name="interviews_interview_gallery_alt_text",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, pk, action):
        return admin_workflow.transition_view(self, request, pk, action)

    def gallery_upload_view(self, request, pk):
        return admin_gallery.upload_view(self, request, pk)

    def gallery_alt_text_view(self, request, pk):
        return admin_gallery.alt_text_view(self, request, pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = dict(extra_context or {})
        interview = Interview.objects.filter(pk=object_id).first() if str(object_id).isdecimal() else None
        if interview is not None:
            context.update(admin_workflow.change_form_context(request, interview))
            context.update(admin_gallery.change_form_links(request.user, interview))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def history_view(self, request, object_id, extra_context=None):
        context = dict(extra_context or {})
        if str(object_id).isdecimal():
            questions = Question.history.filter(interview_id=object_id).select_related("history_user")
            guests = Appearance.history.filter(interview_id=object_id).select_related("history_user", "person")
            context["question_history"] = grouped_deltas(self.admin_site._registry[Question], request, questions)
            context["appearance_history"] = grouped_deltas(self.admin_site._registry[Appearance], request, guests)
        return super().history_view(request, object_id, extra_context=context)

    @admin.action(description="提交所选访谈审核", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, lambda interview: interview.submit(by=request.user), "提交审核")

    @admin.action(description="审核通过并立即发布所选访谈", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, lambda interview: interview.approve(by=request.user), "发布")

    def _bulk(self, request, queryset, step, verb):
        """All or nothing: one refused interview leaves every selected one as it was."""
        done = 0
        try:
            with transaction.atomic():
                for interview in queryset:
                    try:
                        step(interview)
                    except WorkflowError as error:
                        raise WorkflowError(f"「{interview.title}」：{error}") from error
                    done += 1
        except WorkflowError as error:
            self.message_user(request, f"未{verb}任何访谈。{error}", messages.ERROR)
            return
        self.message_user(request, f"已{verb} {done} 篇访谈。", messages.SUCCESS)

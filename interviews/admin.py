from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from media_library.admin import thumbnail

from .models import Appearance, Interview, InterviewImage, Person, Question, Region, Series, alt_text_message
from .search import index_interview


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["number", "text", "answer"]


class AppearanceInline(admin.TabularInline):
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


class InterviewImageInline(admin.TabularInline):
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


class InterviewForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Interview.Status.PUBLISHED:
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
        if self.value() and self.value().isdigit():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    form = InterviewForm
    list_display = ["cover_display", "title", "series", "region", "kind", "status", "published_at", "is_public_display"]
    list_filter = ["series", "region", "status", PublishedYearFilter, "kind"]
    list_display_links = ["cover_display", "title"]
    list_select_related = ["series", "region__parent", "cover_image"]
    search_fields = ["title", "summary", "questions__text", "questions__answer", "appearances__person__name"]
    readonly_fields = ["source_text", "source_name", "content_hash", "published_by", "created_at", "updated_at"]
    autocomplete_fields = ["cover_image", "video"]
    inlines = [AppearanceInline, InterviewImageInline, QuestionInline]
    actions = ["publish_selected"]
    # A source link typed without a scheme is https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "region", "kind", "summary"]}),
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

    @admin.display(description="封面")
    def cover_display(self, obj):
        return thumbnail(obj.cover_image)

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

    @admin.action(description="立即发布所选访谈")
    def publish_selected(self, request, queryset):
        published = 0
        for interview in queryset:
            try:
                interview.publish(by=request.user)
            except ValidationError as error:
                self.message_user(request, f"《{interview}》未发布：{error.messages[0]}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(request, f"已发布 {published} 篇访谈。", messages.SUCCESS)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "interview_count"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]

    @admin.display(description="访谈数")
    def interview_count(self, obj):
        return obj.interview_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(interview_total=Count("interviews"))


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "subtitle", "slug"]
    search_fields = ["name", "subtitle"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "note"]
    search_fields = ["name", "appearances__position"]

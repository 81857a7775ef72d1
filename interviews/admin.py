from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from .models import Appearance, Interview, Person, Question, Region, Series
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
    list_display = ["title", "series", "region", "kind", "status", "published_at", "is_public_display"]
    list_filter = ["series", "region", "status", PublishedYearFilter, "kind"]
    list_select_related = ["series", "region__parent"]
    search_fields = ["title", "summary", "questions__text", "questions__answer", "appearances__person__name"]
    readonly_fields = ["source_text", "source_name", "content_hash", "published_by", "created_at", "updated_at"]
    inlines = [AppearanceInline, QuestionInline]
    actions = ["publish_selected"]
    # A source link typed without a scheme is https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "region", "kind", "summary"]}),
        ("发布", {"fields": ["status", "published_at", "expires_at", "published_by"]}),
        (
            "来源",
            {
                "classes": ["collapse"],
                "fields": ["source_url", "source_name", "content_hash", "source_text", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(boolean=True, description="公众可见")
    def is_public_display(self, obj):
        return obj.is_public

    def get_queryset(self, request):
        # Visibility comes from published() itself, as a subquery, so the list cannot disagree with the site.
        public = Interview.objects.published().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_public=Exists(public))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_interview(form.instance)

    @admin.action(description="立即发布所选访谈")
    def publish_selected(self, request, queryset):
        for interview in queryset:
            interview.publish(by=request.user)
        self.message_user(request, f"已发布 {queryset.count()} 篇访谈。", messages.SUCCESS)


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

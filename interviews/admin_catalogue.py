"""The lists editors keep beside the interviews: regions, series, people and proofreading rules."""

from django import forms
from django.contrib import admin
from django.db.models import Count

from .history import ReadableHistoryAdmin
from .models import Interview, Person, ProofreadingRule, Region, Series
from .search import index_interview


class SlugForm(forms.ModelForm):
    """For models whose save() makes the slug from the name when it is blank (interview, region, series):
    left blank on a new object it is made so; on an existing one, blank keeps the address it has."""

    def clean_slug(self):
        return self.cleaned_data["slug"] or (self.instance.slug if self.instance.pk else "")


class RegionListFilter(admin.RelatedFieldListFilter):
    """Regions by their full name (「长春市 › 南关区」) in one query, not one query per region for its city."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or Region._meta.ordering
        return [(region.pk, str(region)) for region in Region.objects.select_related("parent").order_by(*ordering)]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = SlugForm
    list_display = ["name", "kind", "parent", "interview_count"]
    list_filter = ["kind", ("parent", RegionListFilter)]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]

    @admin.display(description="访谈数")
    def interview_count(self, obj):
        return obj.interview_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(interview_total=Count("interviews"))


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    form = SlugForm
    list_display = ["name", "subtitle", "slug"]
    search_fields = ["name", "subtitle"]


@admin.register(Person)
class PersonAdmin(ReadableHistoryAdmin):
    list_display = ["name", "note"]
    search_fields = ["name", "appearances__position"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._reindex_interviews(obj)

    def restored(self, request, obj):
        self._reindex_interviews(obj)

    @staticmethod
    def _reindex_interviews(person):
        # A guest's name is part of each of their interviews' search passages.
        for interview in Interview.objects.filter(appearances__person=person).distinct():
            index_interview(interview)


@admin.register(ProofreadingRule)
class ProofreadingRuleAdmin(admin.ModelAdmin):
    list_display = ["wrong", "right", "severity", "note", "active", "updated_at"]
    list_filter = ["severity", "active"]
    list_editable = ["active"]
    search_fields = ["wrong", "right", "note", "exceptions"]
    fields = ["wrong", "right", "severity", "note", "exceptions", "active"]

from django.conf import settings
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from . import preview
from .models import Appearance, Interview, Question, Region, Series
from .structure import PhotoSlot, answer_blocks
from .workflow import withdrawal


def public_interviews():
    """Published interviews with what every list shows, in one query."""
    return Interview.objects.published().select_related("series", "region__parent")


def home(request):
    """The front page. Template ``interviews/home.html``; context: ``latest``, ``series_list``, ``regions``."""
    published = Interview.objects.published()
    return render(
        request,
        "interviews/home.html",
        {
            "latest": public_interviews()[:8],
            "series_list": Series.objects.filter(interviews__in=published).annotate(total=Count("interviews")),
            "regions": Region.objects.filter(interviews__in=published).annotate(total=Count("interviews")),
        },
    )


class InterviewListView(ListView):
    """All published interviews, filtered by ``?series=`` and ``?region=`` slugs.

    Template ``interviews/interview_list.html``; context adds ``series``/``region`` (the active
    filters), ``series_choices`` and ``region_choices``. An unknown slug is a 404.
    """

    paginate_by = settings.INTERVIEWS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.series = self._filter_object(Series, "series")
        self.region = self._filter_object(Region, "region")
        return super().get(request, *args, **kwargs)

    def _filter_object(self, model, parameter):
        slug = self.request.GET.get(parameter)
        return get_object_or_404(model, slug=slug) if slug else None

    def get_queryset(self):
        interviews = public_interviews()
        if self.series:
            interviews = interviews.filter(series=self.series)
        if self.region:
            interviews = interviews.filter(Q(region=self.region) | Q(region__parent=self.region))
        return interviews

    def get_context_data(self, **kwargs):
        published = Interview.objects.published()
        filters = {key: value for key, value in self.request.GET.items() if key in ("series", "region")}
        return super().get_context_data(
            series=self.series,
            region=self.region,
            series_choices=Series.objects.filter(interviews__in=published).distinct(),
            region_choices=Region.objects.filter(interviews__in=published).distinct(),
            filter_query=urlencode(filters),
            **kwargs,
        )


def with_content(interviews):
    """What the detail page shows, prefetched so it costs a fixed number of queries."""
    return interviews.select_related("series", "region__parent").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("number")),
        Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
    )


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("interviews.change_interview")


def interview_gone(request, interview: Interview):
    """410 Gone for a withdrawn interview, with the reason. Template ``interviews/interview_withdrawn.html``."""
    log = withdrawal(interview)
    return render(
        request,
        "interviews/interview_withdrawn.html",
        {"interview": interview, "reason": log.reason if log else "", "withdrawn_at": log.at if log else None},
        status=410,
    )


class InterviewDetailView(DetailView):
    """One interview. Template ``interviews/interview_detail.html``.

    Context adds ``sections``: (question, blocks) pairs, where blocks come from
    ``interviews.structure.answer_blocks`` and photo slots are numbered through the interview,
    and ``preview`` (True when a member of staff sees something visitors cannot: a 「预览」 banner,
    never cached). A withdrawn interview answers 410 Gone to visitors.
    The page costs the same number of queries however many questions it has.
    """

    preview = False

    def get_queryset(self):
        if can_preview(self.request.user):
            public = Interview.objects.published().filter(pk=OuterRef("pk"))
            return with_content(Interview.objects.annotate(is_public=Exists(public)))
        return with_content(Interview.objects.published())

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = Interview.objects.filter(slug=kwargs["slug"], status=Interview.Status.WITHDRAWN).first()
            if withdrawn is not None:
                return interview_gone(request, withdrawn)
            raise
        if self.preview:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_object(self, queryset=None):
        interview = super().get_object(queryset)
        self.preview = not getattr(interview, "is_public", True)
        return interview

    def get_context_data(self, **kwargs):
        kwargs.setdefault("preview", self.preview)
        sections = []
        slot_number = 0
        for question in self.object.questions.all():
            blocks = []
            for block in answer_blocks(question.answer):
                if isinstance(block, PhotoSlot):
                    slot_number += 1
                    block = {"kind": "photo", "number": slot_number}
                blocks.append(block)
            sections.append((question, blocks))
        return super().get_context_data(sections=sections, **kwargs)


class RegionDetailView(DetailView):
    """A region and the published interviews in it or in its sub-regions.

    Template ``interviews/region_detail.html``; context adds ``interviews`` and ``children``.
    """

    model = Region

    def get_queryset(self):
        return Region.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        region = self.object
        return super().get_context_data(
            interviews=public_interviews().filter(Q(region=region) | Q(region__parent=region)),
            children=region.children.all(),
            **kwargs,
        )


class SeriesDetailView(DetailView):
    """A series and its published interviews. Template ``interviews/series_detail.html``."""

    model = Series

    def get_context_data(self, **kwargs):
        return super().get_context_data(interviews=public_interviews().filter(series=self.object), **kwargs)


def region_list(request):
    """Regions grouped under their parent. Template ``interviews/region_list.html``."""
    published = Interview.objects.published()
    regions = Region.objects.select_related("parent").annotate(
        total=Count("interviews", filter=Q(interviews__in=published))
    )
    return render(request, "interviews/region_list.html", {"regions": regions})


def series_list(request):
    """All series. Template ``interviews/series_list.html``."""
    published = Interview.objects.published()
    series = Series.objects.annotate(total=Count("interviews", filter=Q(interviews__in=published)))
    return render(request, "interviews/series_list.html", {"series_list": series})


def shared_preview(request, token):
    """A draft read through a signed, expiring link, by someone without an account.

    Template ``interviews/interview_detail.html`` with the 「预览」 banner; a bad token is 404 and an
    expired one 403, each with a Chinese page (``interviews/preview_invalid.html``) and never the draft.
    """
    try:
        pk = preview.interview_pk(token)
    except signing.SignatureExpired:
        return _invalid_preview(request, "预览链接已过期", "请联系编辑重新生成预览链接。", 403)
    except signing.BadSignature:
        return _invalid_preview(request, "预览链接无效", "链接不完整或已被修改，请核对后重试。", 404)
    interview = with_content(Interview.objects.exclude(status=Interview.Status.WITHDRAWN)).filter(pk=pk).first()
    if interview is None:
        return _invalid_preview(request, "预览链接无效", "这篇稿件已不存在或已撤稿。", 404)
    view = InterviewDetailView(request=request, kwargs={}, object=interview)
    view.preview = True
    response = render(request, "interviews/interview_detail.html", view.get_context_data(object=interview))
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _invalid_preview(request, title: str, message: str, status: int):
    response = render(request, "interviews/preview_invalid.html", {"title": title, "message": message}, status=status)
    add_never_cache_headers(response)
    return response

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from .models import Appearance, Interview, Question, Region, Series
from .structure import PhotoSlot, answer_blocks


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


class InterviewDetailView(DetailView):
    """One interview. Template ``interviews/interview_detail.html``.

    Context adds ``sections``: (question, blocks) pairs, where blocks come from
    ``interviews.structure.answer_blocks`` and photo slots are numbered through the interview.
    The page costs the same number of queries however many questions it has.
    """

    def get_queryset(self):
        return public_interviews().prefetch_related(
            # observations__indicator: the confirmed figures the answers highlight (indicators app)
            Prefetch(
                "questions", queryset=Question.objects.order_by("number").prefetch_related("observations__indicator")
            ),
            Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
        )

    def get_context_data(self, **kwargs):
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

from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from media_library.templatetags.media_library import renditions_or_none

from . import preview
from .models import Appearance, Interview, InterviewImage, Question, Region, Series, SlugRedirect
from .search import MAX_HITS, search
from .structure import PhotoSlot, answer_blocks
from .templatetags.site_tags import absolute
from .workflow import withdrawal


def public_interviews():
    """Published interviews with what every list shows: one query, plus one for cover renditions."""
    return (
        Interview.objects.published()
        .select_related("series", "region__parent", "cover_image")
        .prefetch_related("cover_image__renditions")
    )


def filter_choices(series: Series | None = None, region: Region | None = None) -> dict:
    """The series and regions with published interviews (a region also through its sub-regions), for
    the list and search filters; the active ones always among them, so the form shows what is applied."""
    published = Interview.objects.published()
    return {
        "series_choices": Series.objects.filter(Q(interviews__in=published) | Q(pk=series and series.pk)).distinct(),
        "region_choices": Region.objects.with_public_interviews(also=region),
    }


def home(request):
    """The front page. Template ``interviews/home.html``; context: ``latest``, ``series_list``, ``regions``."""
    published = Interview.objects.published()
    return render(
        request,
        "interviews/home.html",
        {
            "latest": public_interviews()[:8],
            "series_list": Series.objects.filter(interviews__in=published).annotate(total=Count("interviews")),
            # Counted as the region list and a region's page count (a city with its districts).
            "regions": Region.objects.with_public_totals().filter(total__gt=0),
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
        filters = {key: value for key, value in self.request.GET.items() if key in ("series", "region")}
        return super().get_context_data(
            series=self.series,
            region=self.region,
            **filter_choices(self.series, self.region),
            filter_query=urlencode(filters),
            **kwargs,
        )


def with_content(interviews):
    """What the detail page shows, prefetched so it costs a fixed number of queries (the figures
    its answers highlight come with the context: ``highlighted_figures``).

    Orderings are explicit: the models' default ones would join the interview only to sort.
    """
    return interviews.select_related("series", "region__parent", "video__poster").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("number")),
        Prefetch("appearances", queryset=Appearance.objects.select_related("person").order_by("order", "pk")),
        Prefetch("gallery_entries", queryset=InterviewImage.objects.select_related("image").order_by("order", "pk")),
    )


def highlighted_figures(interview: Interview) -> dict[int, list[dict]]:
    """The figures ``interview``'s answers highlight (``Observation.objects.highlighted()``), by
    question id, in one query: the indicators app's model, reached through the relation it adds to
    Question, as interviews never imports indicators."""
    figures = defaultdict(list)
    for figure in Question.observations.rel.related_model.objects.highlighted().filter(question__interview=interview):
        figures[figure["question_id"]].append(figure)
    return figures


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("interviews.change_interview")


def interview_gone(request, interview: Interview):
    """410 Gone for a withdrawn interview, with the reason. Template ``interviews/interview_withdrawn.html``.

    One withdrawn before its scheduled time was never public: its title and reason stay unseen (404)."""
    log = withdrawal(interview)
    if log is not None and (log.published_at is None or log.published_at > log.at):
        raise Http404
    return render(
        request,
        "interviews/interview_withdrawn.html",
        {"interview": interview, "reason": log.reason if log else "", "withdrawn_at": log.at if log else None},
        status=410,
    )


class InterviewDetailView(DetailView):
    """One interview. Template ``interviews/interview_detail.html``.

    Context adds ``page_url`` (absolute, canonical), ``guests`` and ``hosts`` (the appearances by
    role) and ``sections``: (question, blocks) pairs, where
    blocks come from ``interviews.structure.answer_blocks`` and photo slots are numbered through the
    interview and filled in order by the gallery (``entry``, None when the gallery runs out),
    drawn by ``{% answer %}`` (``indicators.templatetags.figures``); ``more_images``
    is the rest of the gallery; ``preview`` is True when a member of staff sees something visitors
    cannot (a 「预览」 banner, never cached). A withdrawn interview answers 410 Gone to visitors; a
    former slug of a public interview redirects. The page costs the same number of queries however
    many questions, figures and images it has (renditions of every shown image come in one query).
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
            # A former address of a public interview redirects to where it lives now.
            public = Interview.objects.published()
            moved = SlugRedirect.objects.filter(old_slug=kwargs["slug"], interview__in=public).first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.interview.get_absolute_url())
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
        gallery = list(self.object.gallery_entries.all())
        images = [entry.image for entry in gallery]
        if self.object.video and self.object.video.poster:
            images.append(self.object.video.poster)
        prefetch_related_objects(images, "renditions")
        figures = highlighted_figures(self.object)
        sections = []
        slot_number = 0
        for question in self.object.questions.all():
            question.figures = figures[question.pk]  # what ``{% answer %}`` highlights
            blocks = []
            for block in answer_blocks(question.answer):
                if isinstance(block, PhotoSlot):
                    entry = gallery[slot_number] if slot_number < len(gallery) else None
                    slot_number += 1
                    block = {"kind": "photo", "number": slot_number, "entry": entry, "caption": block.caption}
                blocks.append(block)
            sections.append((question, blocks))
        url = absolute(self.request, self.object.get_absolute_url())
        appearances = list(self.object.appearances.all())
        guests = [a for a in appearances if a.role != Appearance.Role.HOST]
        return super().get_context_data(
            guests=guests,
            hosts=[a for a in appearances if a.role == Appearance.Role.HOST],
            sections=sections,
            more_images=gallery[slot_number:],
            page_url=url,
            structured_data=self.structured_data(self.object, sections, guests, url),
            **kwargs,
        )

    def structured_data(self, interview, sections, guests, url: str) -> dict:
        """schema.org Article with its questions and answers; a VideoObject once a video interview has
        its video (with the file or player address and the poster), as search engines expect."""
        video = interview.video if interview.kind == Interview.Kind.VIDEO else None
        data = {
            "@context": "https://schema.org",
            "@type": "VideoObject" if video else "Article",
            "name": interview.title,
            "headline": interview.title,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "zh-CN",
            "datePublished": interview.published_at,
            "dateModified": interview.updated_at,
            "uploadDate": interview.published_at,
            "description": interview.description or interview.title,
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
            "hasPart": [
                {
                    "@type": "Question",
                    "name": question.text,
                    "url": f"{url}#{question.anchor}",
                    "acceptedAnswer": {"@type": "Answer", "text": question.answer},
                }
                for question, _ in sections
                if question.text
            ],
        }
        if guests:
            data["actor" if video else "about"] = [
                {"@type": "Person", "name": a.person.name, "jobTitle": a.position} for a in guests
            ]
        if video:
            if video.file:
                data["contentUrl"] = absolute(self.request, video.file.url)
            else:
                data["embedUrl"] = video.external_url
            # The poster as the player shows it (a JPEG of bounded size), not the original upload.
            if video.poster and (posters := renditions_or_none(video.poster, "poster", "jpeg")):
                data["thumbnailUrl"] = absolute(self.request, posters[-1].url)
            if video.duration:
                data["duration"] = video.duration
        else:
            del data["uploadDate"]
        return data


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
    regions = Region.objects.select_related("parent").with_public_totals()
    return render(request, "interviews/region_list.html", {"regions": regions})


def series_list(request):
    """All series. Template ``interviews/series_list.html``."""
    published = Interview.objects.published()
    series = Series.objects.annotate(total=Count("interviews", filter=Q(interviews__in=published)))
    return render(request, "interviews/series_list.html", {"series_list": series})


def search_view(request):
    """Search interviews and indicators. Template ``interviews/search.html``.

    Context: ``query``, ``indicators`` (matching indicators, on the first page), ``page_obj`` of
    SearchResult, ``total`` (``more_than_shown`` when the search stopped at its limit), the filter
    choices and the active filters. An empty or junk query gives the page with tips; unknown filters are ignored.
    """
    query = request.GET.get("q", "").strip()[:100]
    series = Series.objects.filter(slug=request.GET.get("series", "")).first()
    region = Region.objects.filter(slug=request.GET.get("region", "")).first()
    year = request.GET.get("year", "")
    year = int(year) if year.isdecimal() and len(year) == 4 else None
    results = search(query, series=series, region=region, year=year)
    from indicators.search import matching_indicators  # interviews must not import indicators at load

    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    published = Interview.objects.published()
    filters = {"q": query, "series": series and series.slug, "region": region and region.slug, "year": year}
    return render(
        request,
        "interviews/search.html",
        {
            "query": query,
            "indicators": matching_indicators(query) if page_obj.number == 1 else [],
            "page_obj": page_obj,
            "total": len(results),
            # Only the newest MAX_HITS matches are ranked: with that many there may be more.
            "more_than_shown": len(results) >= MAX_HITS,
            "series": series,
            "region": region,
            "year": year,
            **filter_choices(series, region),
            "year_choices": sorted(
                {d.year for d in published.dates("published_at", "year")} | {year} - {None}, reverse=True
            ),
            "filter_query": urlencode({key: value for key, value in filters.items() if value}),
        },
    )


@require_GET
def robots_txt(request):
    """robots.txt: everything public may be crawled, the admin may not; points to the sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {absolute(request, reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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

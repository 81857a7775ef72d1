import csv
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date
from pypinyin import Style, lazy_pinyin

from interviews.models import Region
from interviews.templatetags.site_tags import absolute
from nanguan.spreadsheets import text_cell

from .charts import Chart, Series, display_scale, line_chart
from .downloads import (
    CSV_COLUMNS,
    CSV_FIELDS,
    FIELDS,
    INDICATOR_FIELDS,
    NUMBER_COLUMNS,
    kind_label,
    qualifier_label,
    target_label,
)
from .extraction import plain_number
from .freshness import all_files_update
from .models import Indicator, Observation

# Among figures of one indicator, region and year, the one reviewed last is shown ("the latest wins"
# when iterating in this order); an undated figure comes before every dated one, on either database.
LATEST_LAST = [F("period").asc(nulls_first=True), F("reviewed_at").asc(nulls_first=True), "pk"]


def indicator_list(request):
    """Confirmed indicators with at least one public figure, in the catalogue's order (the sitemap's
    and the open data page's indicators: none links to an empty page). Template
    ``indicators/indicator_list.html``; context ``groups`` (category label → its indicators,
    categories without one left out)."""
    public = Observation.objects.public()
    indicators = (
        Indicator.objects.filter(is_confirmed=True)
        .annotate(total=Count("observations", filter=Q(observations__in=public)))
        .filter(total__gt=0)
    )
    return render(request, "indicators/indicator_list.html", {"groups": catalogue_order(indicators)})


def catalogue_order(indicators) -> list[tuple[str, list[Indicator]]]:
    """``indicators`` as the catalogue and the 开放数据 page list them: under their category, in the
    categories' declared order, and by name within one, as a Chinese index sorts names: by pinyin,
    character by character (「财政支出」, 「地区生产总值」, 「地区生产总值增速」, 「一般公共预算收入」).
    Sorted here, not by the database: a query with counts drops ``Meta.ordering``, and a collation
    sorts Han characters by code point (SQLite) or by the server's locale (PostgreSQL)."""
    return _by_category(sorted(indicators, key=lambda indicator: _name_key(indicator.name)), lambda i: i)


def _name_key(name: str) -> tuple[list[str], str]:
    # Syllables with their tone (di4), so that characters read alike keep one order; Latin letters
    # and digits (「GDP」「5G基站」) as they are, in lower case.
    return [syllable.lower() for syllable in lazy_pinyin(name, style=Style.TONE3)], name


@dataclass
class RegionChart:
    """One chart of an indicator page and its data: ``heading`` (empty when the page has one chart),
    ``chart``, ``rows`` (region, year, value as said, observation) and ``display_unit``."""

    heading: str
    chart: Chart
    rows: list[tuple[str, int, str, Observation]]
    display_unit: str


def region_charts(charted: list[Observation], unit: str) -> list[RegionChart]:
    """The charts of an indicator's dated values: one line per region, the last reviewed value of a
    region and year winning. A city's figures get their own chart when districts have figures too:
    长春市's 7,000亿元 on the axis of 南关区's 495亿元 would flatten every district's line."""
    cities, districts = [], []
    for observation in charted:
        is_city = observation.region and observation.region.kind == Region.Kind.CITY
        (cities if is_city else districts).append(observation)
    if not (cities and districts):
        return [_region_chart("", charted, unit)]
    city_names = "、".join(OrderedDict.fromkeys(o.region.name for o in cities))
    return [_region_chart(city_names, cities, unit), _region_chart("区县（开发区）", districts, unit)]


def _region_chart(heading: str, charted: list[Observation], unit: str) -> RegionChart:
    largest = max((abs(o.normalized_value) for o in charted), default=0)  # -12亿元 is shown in 亿元 too
    divisor, display_unit = display_scale(unit, largest)
    by_region: dict[str, dict[int, Observation]] = OrderedDict()
    for observation in charted:  # the last reviewed value per region and year wins
        by_region.setdefault(observation.region.name if observation.region else "未注明地区", {})[
            observation.period
        ] = observation
    said = {region: {year: _said(o, divisor) for year, o in points.items()} for region, points in by_region.items()}
    chart = line_chart(
        [
            Series(region, [(year, o.normalized_value / divisor) for year, o in points.items()], said[region])
            for region, points in by_region.items()
        ]
    )
    rows = [
        (region, year, said[region][year], o)
        for region, points in by_region.items()
        for year, o in sorted(points.items())
    ]
    return RegionChart(heading, chart, rows, display_unit)


def _said(observation: Observation, divisor) -> str:
    """A charted value as said, in the chart's unit: 「超过12000」 (the dot is drawn at 12000, the figure
    is not exact), and a growth rate that fell as a fall, 「下降2.1」, as ``Observation.display_value``."""
    value = observation.normalized_value / divisor
    fall = "下降" if observation.kind == Observation.Kind.GROWTH_RATE and value < 0 else ""
    return f"{fall}{qualifier_label(observation.qualifier)}{plain_number(-value if fall else value)}"


def indicator_detail(request, code):
    """One indicator: SVG charts by year per region, and the data tables with links to the source sentences.

    Template ``indicators/indicator_detail.html``; context ``indicator``, ``observations`` and
    ``charts`` (``RegionChart``s: one, or a city's and its districts' when both have figures).
    """
    indicator = get_object_or_404(Indicator, code=code, is_confirmed=True)
    observations = list(
        Observation.objects.public().for_display().filter(indicator=indicator).order_by("region__name", *LATEST_LAST)
    )
    # A running total (「十年累计1200亿元」) is no value of its year: beside yearly values it would be a
    # spike. The dashboard and the comparison show a region's latest figure by the same rule.
    charted = [o for o in observations if o.period and o.is_own_value]
    return render(
        request,
        "indicators/indicator_detail.html",
        {"indicator": indicator, "observations": observations, "charts": region_charts(charted, indicator.unit)},
    )


def latest_figures(observations) -> dict[tuple[int | None, int], Observation]:
    """The figure each region shows for each indicator: its latest value of the indicator itself, by
    the rule the indicator's chart follows (``Observation.is_own_value``: no rate or change about it,
    no running total, target, 年均 or 环比 rate, no figure of part of a year), keyed by (region id,
    indicator id). ``observations`` come ordered by ``LATEST_LAST`` within each region and indicator."""
    latest = {}
    for observation in observations:
        if observation.is_own_value:
            latest[observation.region_id, observation.indicator_id] = observation
    return latest


def _by_category(items, indicator_of) -> list[tuple[str, list]]:
    """``items`` grouped under their indicator's category: categories in their declared order, items
    in the order given; empty categories left out."""
    groups = OrderedDict((label, []) for _, label in Indicator.Category.choices)
    for item in items:
        groups[indicator_of(item).get_category_display()].append(item)
    return [(label, members) for label, members in groups.items() if members]


def region_dashboard(request, slug):
    """A region's latest confirmed figure for each indicator, grouped by category as the catalogue is.

    Template ``indicators/region_dashboard.html``; context ``region`` (with ``comparable``: whether
    another region has figures, as the comparison needs two) and ``groups``: (category label,
    observations) in the catalogue's order.
    """
    others = Observation.objects.public().exclude(region=OuterRef("pk")).exclude(region=None)
    region = get_object_or_404(Region.objects.select_related("parent").annotate(comparable=Exists(others)), slug=slug)
    observations = Observation.objects.public().for_display().filter(region=region).order_by("indicator", *LATEST_LAST)
    # The seeded indicators first, as curated, then those added later.
    figures = sorted(latest_figures(observations).values(), key=lambda o: o.indicator_id)
    groups = _by_category(figures, lambda o: o.indicator)
    return render(request, "indicators/region_dashboard.html", {"region": region, "groups": groups})


MAX_COMPARED_REGIONS = 6


def compare_regions(request):
    """Regions side by side: each indicator's latest figure in every chosen region (``?r=<slug>``,
    two to ``MAX_COMPARED_REGIONS``; an unknown slug is 404, too many 400).

    Template ``indicators/compare.html``; context ``choices`` (regions with public figures),
    ``regions`` (chosen, in the order asked) and ``groups``: (category label, rows), a row being
    (indicator, [figure or None per region]).
    """
    slugs = list(OrderedDict.fromkeys(slug for slug in request.GET.getlist("r") if slug))
    found = {region.slug: region for region in Region.objects.filter(slug__in=slugs)}
    if len(found) < len(slugs):
        raise Http404("没有这个地区")
    regions = [found[slug] for slug in slugs]
    public = Observation.objects.public()
    context = {
        "choices": Region.objects.filter(observations__in=public).distinct().order_by("parent__name", "name"),
        "regions": regions,
        "chosen": set(slugs),
        "max_regions": MAX_COMPARED_REGIONS,
        "groups": [],
    }
    if len(regions) > MAX_COMPARED_REGIONS:
        return render(request, "indicators/compare.html", context, status=400)
    if len(regions) >= 2:
        observations = public.for_display().filter(region__in=regions)
        latest = latest_figures(observations.order_by("indicator", "region", *LATEST_LAST))
        indicators = {o.indicator_id: o.indicator for o in latest.values()}
        rows = [(indicators[pk], [latest.get((r.pk, pk)) for r in regions]) for pk in sorted(indicators)]
        context["groups"] = _by_category(rows, lambda row: row[0])
    return render(request, "indicators/compare.html", context)


def opendata(request):
    """The 开放数据 catalogue: every download with its records and last update, and what its fields mean.

    Template ``indicators/opendata.html``; context ``indicators`` (confirmed indicators with a public
    figure, each with ``records`` and ``updated``, in the catalogue's order: ``catalogue_order``),
    ``records`` and ``updated`` of all figures,
    ``csv_fields``, ``json_fields`` and ``indicator_fields`` (``downloads.Field``, in the files' order),
    ``number_columns`` (the CSV columns written as numbers, not guarded as text).
    """
    indicators = list(Indicator.objects.with_file_dates())
    offered = [i for _, group in catalogue_order(indicators) for i in group if i.records]
    return render(
        request,
        "indicators/opendata.html",
        {
            "indicators": offered,
            "records": sum(indicator.records for indicator in offered),
            # An indicator no longer offered (its last figure left, or unconfirmed) changed this file too.
            "updated": all_files_update(indicators),
            "csv_fields": CSV_FIELDS,
            "json_fields": FIELDS.values(),
            "indicator_fields": INDICATOR_FIELDS,
            "number_columns": [column for column in CSV_COLUMNS if column in NUMBER_COLUMNS],
        },
    )


def indicator_csv(request, code):
    indicator = get_object_or_404(Indicator.objects.with_file_dates(), code=code, is_confirmed=True)
    return _dated(_csv(_rows(request, indicator), f"{indicator.code}.csv"), indicator.updated)


def indicator_json(request, code):
    indicator = get_object_or_404(Indicator.objects.with_file_dates(), code=code, is_confirmed=True)
    return _dated(_json(_rows(request, indicator), indicator), indicator.updated)


def all_csv(request):
    return _dated(_csv(_rows(request), "nanguan-indicators.csv"), all_updated())


def all_json(request):
    return _dated(_json(_rows(request)), all_updated())


def all_updated() -> datetime | None:
    """When the file of all figures last changed, as the 开放数据 page dates it (None if never)."""
    return all_files_update(list(Indicator.objects.with_file_dates()))


def _dated(response: HttpResponse, updated) -> HttpResponse:
    """A download with ``Last-Modified``: the date the 开放数据 page gives its data, to the second."""
    if updated is not None:
        response["Last-Modified"] = http_date(updated.timestamp())
    return response


def _rows(request, indicator=None) -> list[dict]:
    observations = Observation.objects.public().for_display().order_by("indicator__code", "region__name", *LATEST_LAST)
    if indicator:
        observations = observations.filter(indicator=indicator)
    # The keys are those the 开放数据 page describes (``downloads.FIELDS``; a test holds them equal).
    return [
        {
            "region": o.region.name if o.region else "",
            "indicator": o.indicator.name,
            "code": o.indicator.code,
            "period": o.period,
            "value": plain_number(o.value),
            "unit": o.unit,
            "normalized_value": plain_number(o.normalized_value),
            "normalized_unit": o.normalized_unit,
            "qualifier": qualifier_label(o.qualifier),  # as the CSV writes it and the import reads it
            "kind": o.kind,
            "direction": o.direction,
            "comparison": o.comparison,
            "part_of_year": o.part_of_year,
            "target": o.is_target,
            "source": o.source_label,
            "source_url": absolute(request, o.source_url()) if o.interview_id else "",
            "quote": o.quote,
        }
        for o in observations
    ]


def _csv(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the Chinese headers as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        cells = [r["region"], r["indicator"], r["period"] or "", r["value"], r["unit"], r["source"], r["code"]]
        cells += [r["normalized_value"], r["normalized_unit"], r["qualifier"]]
        kind = kind_label(
            r["kind"], part_of_year=r["part_of_year"], comparison=r["comparison"], direction=r["direction"]
        )
        cells += [kind, target_label(r["target"]), r["source_url"], r["quote"]]
        writer.writerow(
            cell if column in NUMBER_COLUMNS else text_cell(cell)
            for column, cell in zip(CSV_COLUMNS, cells, strict=True)
        )
    return response


def _json(rows: list[dict], indicator=None) -> JsonResponse:
    payload = {"data": rows}
    if indicator:
        payload["indicator"] = {
            "name": indicator.name,
            "code": indicator.code,
            "category": indicator.get_category_display(),
            "unit": indicator.unit,
            "definition": indicator.definition,
        }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})

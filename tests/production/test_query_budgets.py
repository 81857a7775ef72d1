"""Every public page costs the same number of queries however much content it shows.

Each test renders a page with a little content and again with a lot, and compares the counts
(after one warm-up request, so one-off lookups do not count). The whole-page cache is off here:
these are the costs of rendering.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.search import index_interview
from tests.factories import (
    make_guest,
    make_indicator,
    make_interview,
    make_observation,
    make_question,
    make_region,
    make_series,
)

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def interviews(count: int, series, region) -> None:
    for _ in range(count):
        interview = make_interview(series=series, region=region, summary="关于项目建设的访谈。")
        make_question(interview, answer="一是抓项目建设。项目顺利推进。\n二是抓营商环境。")
        make_guest(interview, "张三", "区长")
        index_interview(interview)


PAGES = {
    "home": lambda s, r: reverse("interviews:home"),
    "list": lambda s, r: reverse("interviews:interview_list"),
    "list filtered": lambda s, r: reverse("interviews:interview_list") + f"?series={s.slug}&region={r.slug}",
    "region": lambda s, r: r.get_absolute_url(),
    "series": lambda s, r: s.get_absolute_url(),
    "region list": lambda s, r: reverse("interviews:region_list"),
    "series list": lambda s, r: reverse("interviews:series_list"),
    "search": lambda s, r: reverse("interviews:search") + "?q=项目建设",
    "rss": lambda s, r: reverse("interviews:feed_rss"),
    "atom": lambda s, r: reverse("interviews:feed_atom"),
    "series rss": lambda s, r: reverse("interviews:series_feed_rss", args=[s.slug]),
    "region atom": lambda s, r: reverse("interviews:region_feed_atom", args=[r.slug]),
    "sitemap": lambda s, r: reverse("sitemap"),
}


@pytest.mark.parametrize("page", PAGES)
def test_lists_cost_the_same_for_1_and_100_interviews(client, page):
    series, region = make_series(name="系列"), make_region(name="预算测试区")
    url = PAGES[page](series, region)
    interviews(1, series, region)
    few = queries(client, url)

    interviews(99, series, region)

    assert queries(client, url) == few


def test_interview_page_costs_the_same_for_1_and_50_questions(client):
    small, large = make_interview(), make_interview()
    make_question(small)
    make_guest(small, "张三", "区长")
    for number in range(1, 51):
        make_question(large, number=number)
    for number in range(10):
        make_guest(large, f"嘉宾{number}", "副区长")

    assert queries(client, large.get_absolute_url()) == queries(client, small.get_absolute_url())


INDICATOR_PAGES = {
    "catalogue": lambda: reverse("indicators:indicator_list"),
    "indicator": lambda: reverse("indicators:indicator_detail", args=["budget-gdp"]),
    "dashboard": lambda: reverse("indicators:dashboard", args=["r0"]),
    "compare": lambda: reverse("indicators:compare") + "?r=r0&r=r1&r=r2",
    "json": lambda: reverse("indicators:indicator_json", args=["budget-gdp"]),
    "indicator csv": lambda: reverse("indicators:indicator_csv", args=["budget-gdp"]),
    "csv": lambda: reverse("indicators:all_csv"),
    "all json": lambda: reverse("indicators:all_json"),
    "open data": lambda: reverse("indicators:opendata"),
    "sitemap": lambda: reverse("sitemap"),  # each indicator and region page dated (lastmod)
}


@pytest.mark.parametrize("page", INDICATOR_PAGES)
def test_indicator_pages_cost_the_same_for_1_and_500_observations(client, page):
    regions = [make_region(name=f"预算地区{n}", slug=f"r{n}") for n in range(10)]
    gdp = make_indicator(name="预算测试总值", code="budget-gdp", unit="元", is_confirmed=True)
    make_observation(gdp, region=regions[0], period=1975, value=Decimal("1.5"))
    few = queries(client, INDICATOR_PAGES[page]())

    others = [make_indicator(unit="元", is_confirmed=True) for _ in range(9)]
    for n in range(1, 500):
        indicator = gdp if n < 250 else others[n % 9]
        make_observation(indicator, region=regions[n % 10], period=1975 + n // 10, value=Decimal(n))

    assert queries(client, INDICATOR_PAGES[page]()) == few

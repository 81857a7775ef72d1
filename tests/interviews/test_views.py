import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from tests.factories import make_guest, make_interview, make_question, make_region, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(published_sample):
    return published_sample


def test_sample_detail_page_has_readable_url(sample):
    assert sample.get_absolute_url() == "/interviews/eqidianzanchangchunzheshinian-quxianlingdaofangtan-nanguanqu/"


def test_sample_detail_page_shows_structure(client, sample):
    response = client.get(sample.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert "e起点赞长春这十年|区县领导访谈·南关区" in html
    assert 'href="#q4"' in html and 'id="q4"' in html
    assert '<strong class="points__lead">经济发展质效不断加强</strong>' in html
    assert html.count('<ol class="points">') == 4
    assert 'class="photo-slot"' not in html  # its 「图片」 slot has no image: visitors see nothing there
    assert "视频" in html  # video slot for a video interview


def test_answers_are_escaped(client):
    interview = make_interview()
    make_question(interview, text="<script>alert(1)</script>?", answer="一是<b>粗</b>。正文")

    html = client.get(interview.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;粗&lt;/b&gt;" in html


def test_guests_are_listed_with_position(client):
    interview = make_interview()
    make_guest(interview, "张三", "南关区委书记")

    html = client.get(interview.get_absolute_url()).content.decode()

    assert "南关区委书记" in html and "张三" in html


def test_the_host_is_named_as_host_not_listed_among_the_guests(client):
    interview = make_interview()
    make_guest(interview, "张三", "南关区委书记", order=1)
    make_guest(interview, "李主持", "", role="host", order=0)

    html = client.get(interview.get_absolute_url()).content.decode()
    guests = html[html.index('<section class="guests"') :]
    guests = guests[: guests.index("</section>")]

    assert re.findall(r"<li>(.*?)</li>", guests) == [
        '<span class="guests__position">南关区委书记</span> <strong>张三</strong>'
    ]
    assert '<p class="guests__host">主持人：<strong>李主持</strong></p>' in guests


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Interview.Status.DRAFT},
        {"status": Interview.Status.IN_REVIEW},
        {"status": Interview.Status.WITHDRAWN, "published_at": timezone.now() - timedelta(days=2)},
        {"published_at": timezone.now() + timedelta(days=1)},
        {"published_at": timezone.now() - timedelta(days=2), "expires_at": timezone.now() - timedelta(days=1)},
    ],
    ids=["draft", "in-review", "withdrawn", "future", "expired"],
)
def test_unpublished_interviews_are_hidden_and_not_listed(client, fields):
    region, series = make_region(name="测试区"), make_series(name="测试系列")
    hidden = make_interview(title="不该出现", region=region, series=series, **fields)

    expected = 410 if hidden.status == Interview.Status.WITHDRAWN else 404
    assert client.get(hidden.get_absolute_url()).status_code == expected
    for url in ["/", "/interviews/", region.get_absolute_url(), series.get_absolute_url()]:
        assert "不该出现" not in client.get(url).content.decode(), url


def test_published_excludes_future_and_expired():
    now = timezone.now()
    make_interview(title="今天", published_at=now - timedelta(days=1))
    make_interview(title="明天", published_at=now + timedelta(days=1))
    make_interview(title="过期", published_at=now - timedelta(days=3), expires_at=now - timedelta(days=1))
    make_interview(title="未过期", published_at=now - timedelta(days=3), expires_at=now + timedelta(days=1))

    assert sorted(i.title for i in Interview.objects.published()) == ["今天", "未过期"]


def test_home_lists_latest_published_first(client):
    now = timezone.now()
    make_interview(title="较早访谈", published_at=now - timedelta(days=3))
    make_interview(title="最新访谈", published_at=now - timedelta(days=1))

    html = client.get("/").content.decode()

    assert html.index("最新访谈") < html.index("较早访谈")


def test_list_filters_by_series_and_region(client):
    nanguan, chaoyang = make_region(name="甲区"), make_region(name="乙区")
    series = make_series(name="系列一")
    make_interview(title="甲区访谈", region=nanguan, series=series)
    make_interview(title="乙区访谈", region=chaoyang)

    by_region = client.get(reverse("interviews:interview_list"), {"region": nanguan.slug}).content.decode()
    by_series = client.get(reverse("interviews:interview_list"), {"series": series.slug}).content.decode()

    assert "甲区访谈" in by_region and "乙区访谈" not in by_region
    assert "甲区访谈" in by_series and "乙区访谈" not in by_series


def test_a_filtered_list_offers_the_feeds_of_its_filters(client):
    region, series = make_region(name="甲区"), make_series(name="系列一")
    make_interview(region=region, series=series)
    list_url = reverse("interviews:interview_list")

    by_series = client.get(list_url, {"series": series.slug}).content.decode()
    by_both = client.get(list_url, {"series": series.slug, "region": region.slug}).content.decode()
    unfiltered = client.get(list_url).content.decode()

    series_feed = reverse("interviews:series_feed_rss", args=[series.slug])
    region_feed = reverse("interviews:region_feed_rss", args=[region.slug])
    # A reader who narrowed the list to one series can follow just that series.
    assert f'<link rel="alternate" type="application/rss+xml" title="系列一（RSS）" href="{series_feed}">' in by_series
    assert "订阅本系列" in by_series and region_feed not in by_series
    assert "订阅本系列" in by_both and "订阅本地区" in by_both and region_feed in by_both
    assert "订阅本系列" not in unfiltered and "订阅本地区" not in unfiltered


def test_list_with_unknown_filter_is_404(client):
    assert client.get(reverse("interviews:interview_list"), {"region": "no-such-place"}).status_code == 404


def test_list_is_paginated(client, settings):
    for _ in range(25):
        make_interview()

    first = client.get(reverse("interviews:interview_list"))
    second = client.get(reverse("interviews:interview_list"), {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5
    assert client.get(reverse("interviews:interview_list"), {"page": 9}).status_code == 404


def test_each_page_of_the_list_has_its_own_title(client):
    for _ in range(25):
        make_interview()

    first = client.get(reverse("interviews:interview_list")).content.decode()
    second = client.get(reverse("interviews:interview_list"), {"page": 2}).content.decode()

    assert "<title>访谈 - " in first
    assert "<title>访谈（第 2 页） - " in second


def test_city_page_lists_interviews_of_its_districts(client, sample):
    html = client.get("/regions/changchunshi/").content.decode()

    assert sample.title in html
    assert "南关区" in html


def test_a_city_counts_and_filters_the_interviews_of_its_districts(client):
    city = make_region(name="甲市")
    district = make_region(name="乙区", parent=city)
    make_interview(title="区里的访谈", region=district)
    make_interview(title="市里的访谈", region=city)

    regions = client.get(reverse("interviews:region_list")).content.decode()
    assert '甲市</a><span class="nowrap">（2 篇访谈）</span>' in regions
    assert '乙区</a><span class="nowrap">（1 篇访谈）</span>' in regions

    listed = client.get(reverse("interviews:interview_list"), {"region": city.slug}).content.decode()
    assert f'<option value="{city.slug}" selected>' in listed  # the form shows the filter applied


def test_home_counts_a_city_with_its_districts_as_its_page_does(client):
    city = make_region(name="甲市")
    district = make_region(name="乙区", parent=city)
    quiet_city = make_region(name="丙市")
    make_region(name="丁区", parent=quiet_city)
    make_interview(title="区里的访谈", region=district)
    make_interview(title="区里的另一篇", region=district)

    home = client.get(reverse("interviews:home")).content.decode()

    assert '甲市</a><span class="nowrap">（2）</span>' in home and '乙区</a><span class="nowrap">（2）</span>' in home
    assert "丙市" not in home


def test_search_form_shows_the_filters_applied_even_without_matches(client):
    quiet = make_region(name="丙区")  # no interviews at all

    html = client.get(
        reverse("interviews:search"), {"q": "华为", "region": quiet.slug, "year": "2019"}
    ).content.decode()

    assert f'<option value="{quiet.slug}" selected>' in html
    assert '<option value="2019" selected>' in html
    assert "没有找到" in html


def test_detail_query_count_does_not_grow_with_questions(client):
    small = make_interview(questions=1)
    large = make_interview(questions=40)
    make_guest(small, "甲", "区长")
    make_guest(large, "乙", "区长")

    with CaptureQueriesContext(connection) as one:
        assert client.get(small.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as forty:
        assert client.get(large.get_absolute_url()).status_code == 200

    assert len(one) == len(forty)


def test_detail_page_query_budget(client, django_assert_num_queries):
    interview = make_interview(questions=40)
    make_guest(interview, "乙", "区长")

    # interview (+series, region, parent, video, poster), questions, their observations (highlighted figures),
    # guests (+person), gallery (+image)
    with django_assert_num_queries(5):
        client.get(interview.get_absolute_url())


def test_footer_marks_shown_only_when_set(client, settings):
    settings.SITE_ORGANIZER = ""
    settings.SITE_ICP_NUMBER = ""
    assert "主办单位" not in client.get("/").content.decode()

    settings.SITE_ORGANIZER = "中共长春市南关区委宣传部"
    settings.SITE_ICP_NUMBER = "吉ICP备00000000号"
    html = client.get("/").content.decode()

    assert "主办单位：中共长春市南关区委宣传部" in html
    assert "吉ICP备00000000号" in html


@pytest.mark.parametrize("digits", ["¹²³⁴", "٢٠٢٢", "２０２２", "abc"])
def test_digits_from_other_scripts_in_a_year_or_id_are_never_a_server_error(client, admin_client, digits):
    # str.isdigit() accepts superscripts that int() refuses; Arabic-Indic and full-width digits are numbers.
    assert client.get(reverse("interviews:search"), {"q": "华为", "year": digits}).status_code == 200
    assert admin_client.get(reverse("admin:interviews_interview_changelist"), {"year": digits}).status_code == 200
    assert admin_client.get(f"/admin/interviews/interview/{digits}/change/").status_code in (302, 404)
    assert admin_client.get(f"/admin/interviews/interview/{digits}/history/").status_code in (302, 404)
    assert admin_client.get(f"/admin/indicators/observation/{digits}/history/1/").status_code in (302, 404)


def test_breadcrumb_of_a_district_interview_passes_through_its_city(client):
    city = make_region(name="甲市")
    district = make_region(name="乙区", parent=city)
    interview = make_interview(region=district)

    html = client.get(interview.get_absolute_url()).content.decode()
    breadcrumb = html[html.index('<nav class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))]

    assert breadcrumb.index(f'href="{city.get_absolute_url()}">甲市</a>') < breadcrumb.index(
        f'href="{district.get_absolute_url()}">乙区</a>'
    )


def test_breadcrumb_of_an_interview_without_region_ends_without_a_separator(client):
    interview = make_interview(series=make_series(name="系列一"))

    html = client.get(interview.get_absolute_url()).content.decode()
    breadcrumb = html[html.index('<nav class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))]

    assert breadcrumb.rstrip().endswith("系列一</a>")

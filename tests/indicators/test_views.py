import csv
import io
import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, Observation
from indicators.observing import sync_question
from indicators.resources import ObservationResource
from interviews.models import Interview, Region
from tests.factories import make_indicator, make_interview, make_observation, make_question, make_region

pytestmark = pytest.mark.django_db


def shown(html: str) -> str:
    """The page without its addresses and ids, which hold figures' ids: on PostgreSQL, whose
    sequences run on across tests, 「#f2120」 would contain the 120 a test says is not shown."""
    return re.sub(r'(?:href|id)="[^"]*"', "", html)


@pytest.fixture
def sample(published_sample):
    interview = published_sample
    Observation.objects.filter(span_text__in=["220亿元", "495.7亿元", "10万户"]).update(
        status=Observation.Status.CONFIRMED
    )
    return interview


def test_catalogue_groups_indicators_by_category(client, sample):
    html = client.get(reverse("indicators:indicator_list")).content.decode()

    assert html.index("经济发展") < html.index("地区生产总值") < html.index("营商环境") < html.index("市场主体")
    assert "（2 个数值）" in html  # GDP: the two confirmed levels
    assert "重大项目" not in html  # proposed, unconfirmed indicator


def test_catalogue_leaves_out_indicators_without_a_public_figure(client, sample):
    html = client.get(reverse("indicators:indicator_list")).content.decode()

    # The sample quotes fixed-asset investment, but no editor has confirmed that figure yet.
    assert Observation.objects.filter(indicator__code="fixed-asset-investment").exists()
    assert "固定资产投资" not in html
    assert "（0 个数值）" not in html


def test_indicator_page_charts_years_and_links_to_the_sentence(client, sample):
    html = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()
    observation = Observation.objects.get(span_text="495.7亿元")

    assert "<svg" in html and "<path" in html
    assert html.count("<circle") == 2
    assert "南关区2012年220亿元；南关区2021年495.7亿元。" in html  # the chart's text alternative
    assert f'href="{sample.get_absolute_url()}#f{observation.pk}"' in html


@pytest.mark.parametrize("page", ["indicator_list", "indicator_detail", "dashboard", "compare", "opendata"])
def test_figure_pages_keep_the_sites_sharing_tags_beside_their_stylesheet(client, sample, page):
    """A shared link shows the site's name: the pages' stylesheet used to replace the og: tags."""
    args = {"indicator_detail": ["gdp"], "dashboard": [sample.region.slug]}.get(page, [])
    html = client.get(reverse(f"indicators:{page}", args=args)).content.decode()

    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:title" content="南关区融媒体中心">' in html
    assert "css/indicators" in html


def test_interview_page_highlights_confirmed_figures_with_their_indicator(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    observation = Observation.objects.get(span_text="495.7亿元")

    assert (
        f'<a class="figure" id="f{observation.pk}" href="/indicators/gdp/" title="指标：地区生产总值"'
        ' aria-label="495.7亿元（指标：地区生产总值）"><mark>495.7亿元</mark></a>'
    ) in html  # the name is also read out, not only shown on hover (touch and keyboard users see no title)
    assert "<mark>1200亿元</mark>" not in html  # still 待核实


def test_only_confirmed_figures_of_published_interviews_are_public(client, sample):
    sample.status = Interview.Status.DRAFT
    sample.save()

    assert "495.7" not in client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()
    assert "495.7" not in client.get(reverse("indicators:all_csv")).content.decode()
    assert Observation.objects.public().count() == 0


def test_unconfirmed_or_unknown_indicator_is_404(client, sample):
    proposed = Observation.objects.get(span_text="30亿元").indicator
    assert client.get(reverse("indicators:indicator_detail", args=[proposed.code])).status_code == 404
    assert client.get(reverse("indicators:indicator_detail", args=["no-such"])).status_code == 404
    assert client.get(reverse("indicators:indicator_csv", args=["no-such"])).status_code == 404
    assert client.get(reverse("indicators:dashboard", args=["no-such"])).status_code == 404


def test_region_dashboard_shows_latest_figure_per_indicator(client, sample):
    html = client.get(reverse("indicators:dashboard", args=[sample.region.slug])).content.decode()

    assert "495.7" in html and "220" not in shown(html)
    assert "突破10" in html
    # Grouped under the catalogue's category headings, in the catalogue's order.
    headings = re.findall(r'<h2 id="cat-\d+">(.*?)</h2>', html)
    order = [label for _, label in Indicator.Category.choices]
    assert headings and headings == sorted(headings, key=order.index)
    sections = {re.search(r"<h2[^>]*>(.*?)</h2>", part)[1]: part for part in html.split("<section")[1:]}
    assert "地区生产总值" in sections["经济发展"] and "市场主体" in sections["营商环境"]


def test_csv_download_has_units_periods_and_sources(client, sample):
    response = client.get(reverse("indicators:indicator_csv", args=["gdp"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Type"].startswith("text/csv")
    assert [(r["地区"], r["年份"], r["数值"], r["单位"], r["标准化数值"]) for r in rows] == [
        ("南关区", "2012", "220", "亿元", "22000000000"),
        ("南关区", "2021", "495.7", "亿元", "49570000000"),
    ]
    assert rows[0]["来源"] == sample.title
    assert rows[0]["来源链接"].startswith("http://testserver/interviews/")


def test_json_downloads(client, sample):
    one = json.loads(client.get(reverse("indicators:indicator_json", args=["gdp"])).content)
    everything = json.loads(client.get(reverse("indicators:all_json")).content)

    assert one["indicator"]["unit"] == "元"
    assert [d["value"] for d in one["data"]] == ["220", "495.7"]
    assert {d["indicator"] for d in everything["data"]} == {"地区生产总值", "市场主体"}


def test_downloads_link_sources_on_the_canonical_site_and_keep_formulas_out(client, sample, settings):
    settings.SITE_URL = "https://www.example.gov.cn"
    gdp = Indicator.objects.get(code="gdp")
    make_observation(gdp, region=sample.region, period=2015, value=Decimal(300), source='=HYPERLINK("http://x")')

    rows = list(csv.DictReader(io.StringIO(client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig"))))

    linked = [row["来源链接"] for row in rows if row["来源链接"]]
    assert linked and all(url.startswith("https://www.example.gov.cn/interviews/") for url in linked)
    assert '\'=HYPERLINK("http://x")' in [row["来源"] for row in rows]  # text, not a formula
    assert {row["限定词"] for row in rows} >= {"突破"} and "超" not in {row["限定词"] for row in rows}


def test_the_last_reviewed_figure_of_a_year_is_shown_and_an_undated_one_never_replaces_a_dated(client):
    gdp = Indicator.objects.get(code="gdp")
    region = make_region(name="甲区")
    now = timezone.now()
    # Entered in this order, so the row added later is not the one reviewed later.
    correction = {"value": Decimal("495.7"), "reviewed_at": now, "source": "统计年鉴"}
    make_observation(gdp, region=region, period=2021, **correction)
    make_observation(gdp, region=region, period=2021, value=Decimal("497.1"), reviewed_at=now - timedelta(days=30))
    make_observation(gdp, region=region, period=None, value=Decimal(500))  # 「达到500亿元」, no year

    dashboard = client.get(reverse("indicators:dashboard", args=[region.slug])).content.decode()
    page = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()

    assert "495.7<small>亿元</small>" in dashboard and "2021年" in dashboard
    assert "甲区2021年495.7亿元" in page and "497.1亿元。" not in page  # the chart's text alternative


def test_tabular_data_from_several_regions_draws_one_line_each(client):
    gdp = Indicator.objects.get(code="gdp")
    for name, values in {"朝阳区": ["300", "320"], "南关区": ["480", "495.7"]}.items():
        region = Region.objects.get_or_create(name=name)[0]
        for year, value in zip([2020, 2021], values, strict=True):
            make_observation(gdp, region=region, period=year, value=Decimal(value))

    html = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()

    assert html.count('class="chart__line"') == 2
    assert "统计公报" in html


def test_a_running_total_is_listed_but_not_charted_among_yearly_values(client):
    investment = make_indicator(name="固定资产投资额", code="investment")
    region = make_region(name="甲区")
    make_observation(investment, region=region, period=2020, value=Decimal("140"))
    make_observation(investment, region=region, period=2021, value=Decimal("150"))
    make_observation(investment, region=region, period=2021, value=Decimal("1200"), qualifier="累计", source="十年回顾")

    html = client.get(reverse("indicators:indicator_detail", args=["investment"])).content.decode()
    chart_part, all_figures = html.split("<h2>全部已核实数值</h2>")

    assert "甲区2021年150亿元。" in chart_part and "1200" not in chart_part
    assert "1200亿元" in all_figures


def test_the_dashboard_and_the_comparison_show_no_running_total_or_target_as_a_regions_level(client):
    investment = make_indicator(name="固定资产投资额", code="investment")
    jia, yi = make_region(name="甲区", slug="jiaqu"), make_region(name="乙区", slug="yiqu")
    later = timezone.now()
    make_observation(investment, region=jia, period=2021, value=Decimal("150"), reviewed_at=later - timedelta(days=1))
    # Reviewed last, dated the same year or later, and still no region's level of its year.
    make_observation(
        investment, region=jia, period=2021, value=Decimal("1200"), qualifier="累计", reviewed_at=later, source="回顾"
    )
    make_observation(investment, region=jia, period=2025, value=Decimal("300"), is_target=True, source="规划")
    make_observation(investment, region=yi, period=2022, value=Decimal("1300"), qualifier="累计", source="十年回顾")

    dashboard = client.get(reverse("indicators:dashboard", args=["jiaqu"])).content.decode()
    only_totals = client.get(reverse("indicators:dashboard", args=["yiqu"])).content.decode()
    table = compare(client, "jiaqu", "yiqu").content.decode()
    row = table[table.index(">固定资产投资额</a>") :].split("</tr>")[0]

    assert "150<small>亿元</small>" in dashboard and "1200" not in dashboard and "300<small>" not in dashboard
    assert "固定资产投资额" not in only_totals and "1300" not in only_totals
    assert re.findall(r'<td class="num"><span class="nowrap">([^<]*)</span><br>', row) == ["150亿元"]
    assert '<span aria-label="暂无数据">—</span>' in row and "1300" not in row


def test_a_city_is_charted_apart_from_its_districts(client):
    gdp = make_indicator(name="生产总值", code="output")
    city = make_region(name="甲市", kind=Region.Kind.CITY)
    for region, values in {city: ["7100", "7200"], make_region(name="乙区", parent=city): ["480", "495.7"]}.items():
        for year, value in zip([2020, 2021], values, strict=True):
            make_observation(gdp, region=region, period=year, value=Decimal(value))

    html = client.get(reverse("indicators:indicator_detail", args=["output"])).content.decode()

    # On one axis up to 7200亿元, the district's line would lie flat along the bottom.
    assert html.count('class="chart__svg"') == 2
    assert "<h2>甲市</h2>" in html and "<h2>区县（开发区）</h2>" in html
    city_part, district_part = html.split("<h2>区县（开发区）</h2>")
    assert "乙区2020年480亿元" in district_part and "甲市" not in district_part.split("<h2>")[0]
    assert "甲市2021年7200亿元" in city_part
    assert len(set(re.findall(r'id="(chart-(?:title|summary)-\d)"', html))) == 4  # each chart named apart


@pytest.mark.parametrize("size", [2, 30])
def test_public_pages_cost_fixed_queries(client, django_assert_num_queries, size):
    indicator = make_indicator(name="测试指标", code="test")
    region = make_region(name="测试区", slug="ceshiqu")
    interview = make_interview()
    for year in range(2000, 2000 + size):
        make_observation(indicator, region=region, period=year, value=Decimal(year))
        make_observation(indicator, region=region, period=year, value=Decimal(1), source="访谈", interview=interview)

    with django_assert_num_queries(1):
        client.get(reverse("indicators:indicator_list"))
    with django_assert_num_queries(2):
        client.get(reverse("indicators:indicator_detail", args=["test"]))
    with django_assert_num_queries(2):
        client.get(reverse("indicators:dashboard", args=["ceshiqu"]))
    with django_assert_num_queries(2):  # the figures, and the indicators' dates for Last-Modified
        client.get(reverse("indicators:all_csv"))
    with django_assert_num_queries(2):  # the indicator with its dates, its figures
        client.get(reverse("indicators:indicator_json", args=["test"]))
    with django_assert_num_queries(2):
        client.get(reverse("indicators:indicator_csv", args=["test"]))
    with django_assert_num_queries(1):
        client.get(reverse("indicators:opendata"))


def test_interview_page_query_count_does_not_grow_with_figures(client, django_assert_num_queries, sample):
    Observation.objects.update(status=Observation.Status.CONFIRMED)

    # interview, questions, their highlighted figures with their indicators, guests, gallery
    with django_assert_num_queries(5):
        client.get(sample.get_absolute_url())


def test_a_change_keeps_its_direction_on_the_page_and_in_the_download(client, sample):
    cut = Observation.objects.get(kind=Observation.Kind.CHANGE, span_text="70%")
    cut.status = Observation.Status.CONFIRMED
    cut.save()
    cut.indicator.is_confirmed = True
    cut.indicator.save()

    page = client.get(cut.indicator.get_absolute_url()).content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig"))))

    assert "压缩超过70%" in page  # not 「超过70%」, which reads as a rise
    [row] = [row for row in rows if row["指标"] == cut.indicator.name]
    assert (row["数值"], row["类型"]) == ("70", "变化（压缩）")


def test_a_rise_by_an_amount_is_said_as_a_rise_on_the_page_and_in_the_download(client):
    interview = make_interview(region=make_region(name="甲区"))
    question = make_question(interview, answer="2022年全区财政收入达到50亿元，比上年增长5亿元。")
    sync_question(question)
    rise = Observation.objects.get(span_text="5亿元")
    rise.review(Observation.Status.CONFIRMED)
    Indicator.objects.filter(pk=rise.indicator_id).update(is_confirmed=True)

    page = shown(client.get(rise.indicator.get_absolute_url()).content.decode())
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig"))))

    # Not a second 2022 revenue of 5亿元 beside the 50亿元: a change of its own, said as one.
    assert (rise.metric_text, rise.kind, rise.period) == ("财政收入增长", "change", 2022)
    assert 'class="num">增长5亿元<' in page  # the value column, not only the quoted sentence
    assert [(row["数值"], row["类型"]) for row in rows if row["数值"] == "5"] == [("5", "变化（增长）")]


def test_a_growth_rate_that_fell_is_negative_in_the_downloads_and_said_as_a_fall_on_the_page(client):
    interview = make_interview(region=make_region(name="甲区"))
    question = make_question(interview, answer="2022年全区社会消费品零售总额完成210亿元，下降超过2.1%。")
    sync_question(question)
    rate = Observation.objects.get(span_text="2.1%")
    rate.review(Observation.Status.CONFIRMED)
    Indicator.objects.filter(pk=rate.indicator_id).update(is_confirmed=True)

    page = client.get(rate.indicator.get_absolute_url()).content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig"))))
    [record] = json.loads(client.get(reverse("indicators:all_json")).content)["data"]

    assert (rate.indicator.name, rate.kind, rate.value) == ("社会消费品零售总额增速", "growth_rate", Decimal("-2.1"))
    assert "下降超过2.1%" in page and "-2.1" not in page  # not 「超过-2.1%」, which reads as the opposite
    assert [(row["数值"], row["标准化数值"], row["类型"]) for row in rows] == [("-2.1", "-2.1", "增速")]
    assert (record["value"], record["kind"], record["direction"]) == ("-2.1", "growth_rate", "")


def test_every_cell_of_the_figures_table_is_labelled_for_the_phone_layout(client, sample):
    # On a phone each row of the wide table becomes a block of 「列名：值」 lines (data-label).
    html = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()
    table = html[html.index('<table class="data-table data-table--wide">') :]
    table = table[: table.index("</table>")]

    assert table.count("<td") == table.count("<td data-label=") > 0
    assert '<td data-label="原文">' in table


def test_negative_figures_are_shown_in_the_same_scale_as_positive_ones(client):
    balance = make_indicator(name="财政收支差额", code="fiscal-balance")
    region = make_region(name="甲区")
    make_observation(balance, region=region, period=2020, value=Decimal("-12.5"))
    make_observation(balance, region=region, period=2021, value=Decimal("-3"))

    html = client.get(reverse("indicators:indicator_detail", args=["fiscal-balance"])).content.decode()

    assert "图表数据（单位：亿元）" in html
    assert "甲区2020年-12.5亿元；甲区2021年-3亿元。" in html


def test_the_chart_data_keep_the_qualifier_said_with_the_figure(client):
    entities = make_indicator(name="市场主体数量", code="entities", unit="户")
    region = make_region(name="甲区")
    make_observation(entities, region=region, period=2019, value=Decimal(8000), unit="户")
    make_observation(entities, region=region, period=2020, value=Decimal("1.2"), unit="万户", qualifier="超")
    make_observation(entities, region=region, period=2021, value=Decimal(15000), unit="户", qualifier="约")

    html = client.get(reverse("indicators:indicator_detail", args=["entities"])).content.decode()
    table = html[html.index('<table class="data-table">') :]
    table = table[: table.index("</table>")]

    assert "甲区2019年8000户；甲区2020年超过12000户；甲区2021年约15000户。" in html  # the text alternative
    assert '<td class="num">超过12000</td>' in table and '<td class="num">约15000</td>' in table
    tooltips = re.findall(r"<circle [^>]*><title>([^<]*)</title>", html)  # shown on hover
    assert tooltips == ["甲区 2019年：8000户", "甲区 2020年：超过12000户", "甲区 2021年：约15000户"]


def test_catalogue_without_confirmed_figures_says_so(client, published_sample):
    html = client.get(reverse("indicators:indicator_list")).content.decode()

    assert "暂无已核实的指标数值" in html
    assert "地区生产总值" not in html


def compare(client, *slugs):
    return client.get(reverse("indicators:compare"), {"r": list(slugs)})


def test_regions_are_compared_side_by_side_with_their_latest_figures(client, sample):
    gdp = Indicator.objects.get(code="gdp")
    chaoyang = Region.objects.get(name="朝阳区")
    make_observation(gdp, region=chaoyang, period=2020, value=Decimal("500"))
    make_observation(gdp, region=chaoyang, period=2021, value=Decimal("520"), source="朝阳区统计公报")
    nanguan = sample.region

    response = compare(client, nanguan.slug, chaoyang.slug)

    html = response.content.decode()
    table = html[html.index('<table class="data-table compare-table">') :]
    header, gdp_row = table.split("</thead>")[0], table[table.index(">地区生产总值</a>") :].split("</tr>")[0]
    assert header.index("南关区") < header.index("朝阳区")  # columns in the order asked
    assert re.findall(r"(\d+(?:\.\d+)?)亿元", gdp_row) == ["495.7", "520"]  # each region's latest year
    assert "朝阳区统计公报" in gdp_row and 'href="/interviews/' in gdp_row  # every figure keeps its source
    market = table[table.index(">市场主体</a>") :].split("</tr>")[0]
    assert "突破10万户" in market and 'aria-label="暂无数据">—' in market  # 朝阳区 has none
    assert "南关区、朝阳区" in html[: html.index("</title>")]


def test_comparing_asks_for_two_to_six_known_regions(client, sample):
    for n in range(6):
        make_region(name=f"比较区{n}", slug=f"bijiao{n}")
    # A second region with figures, so there is something to compare with.
    make_observation(
        Indicator.objects.get(code="gdp"), region=Region.objects.get(slug="bijiao0"), period=2021, value=Decimal("300")
    )

    one = compare(client, sample.region.slug)
    too_many = compare(client, sample.region.slug, *[f"bijiao{n}" for n in range(6)])

    assert one.status_code == 200 and "请至少选择两个地区" in one.content.decode()
    assert "compare-table" not in one.content.decode()
    assert too_many.status_code == 400 and "最多同时对比 6 个地区" in too_many.content.decode()
    assert compare(client, sample.region.slug, "no-such-place").status_code == 404
    # The form offers the regions that have figures to compare, the chosen ones ticked.
    assert f'value="{sample.region.slug}" checked' in one.content.decode()


def test_with_one_region_of_figures_the_comparison_says_so_instead_of_asking_for_two(client, sample):
    dashboard_url = reverse("indicators:dashboard", args=[sample.region.slug])
    html = client.get(reverse("indicators:compare")).content.decode()
    dashboard = client.get(dashboard_url).content.decode()

    assert "目前只有南关区有已核实的指标数据，暂时没有可以对比的地区" in html
    assert f'href="{dashboard_url}"' in html
    assert "compare-form" not in html and "请至少选择两个地区" not in html
    assert "与其他地区对比" not in dashboard  # a link to that dead end

    # Once another region has figures, the dashboard links to the form, which offers both.
    chaoyang = Region.objects.get(name="朝阳区")
    make_observation(Indicator.objects.get(code="gdp"), region=chaoyang, period=2021, value=Decimal("520"))
    dashboard = client.get(dashboard_url).content.decode()
    html = client.get(reverse("indicators:compare")).content.decode()

    assert f'href="{reverse("indicators:compare")}?r={sample.region.slug}">与其他地区对比</a>' in dashboard
    assert f'name="r" value="{chaoyang.slug}"' in html and "请至少选择两个地区" in html


def _table(html: str, caption: str) -> str:
    """The table captioned ``caption``."""
    start = html.rindex("<table", 0, html.index(f"<caption>{caption}</caption>"))
    return html[start : html.index("</table>", start)]


def _cells(table: str) -> list[list[str]]:
    """Each body row's cells (row header first) as a visitor reads them, tags left out."""
    body = table[table.index("<tbody>") :]
    return [
        [re.sub(r"<[^>]+>|\s+", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_open_data_page_lists_every_public_dataset_with_its_records_and_files(client, sample):
    response = client.get(reverse("indicators:opendata"))
    html = response.content.decode()
    datasets = _table(html, "可下载的数据集")
    names = [row[0] for row in _cells(datasets)]

    assert response.status_code == 200
    assert re.search(r"<title>开放数据 - [^<]+</title>", html) and "<h1>开放数据</h1>" in html
    assert names == ["全部指标数据", "地区生产总值", "市场主体"]  # the unconfirmed 重大项目 is not offered
    counts = {row[0]: row[2] for row in _cells(datasets)}
    assert counts == {"全部指标数据": "3", "地区生产总值": "2", "市场主体": "1"}
    downloaded = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(downloaded)))) == 3  # as many rows as the page says
    for href in (
        reverse("indicators:all_csv"),
        reverse("indicators:all_json"),
        reverse("indicators:indicator_csv", args=["gdp"]),
        reverse("indicators:indicator_json", args=["market-entities"]),
        reverse("indicators:indicator_detail", args=["gdp"]),
    ):
        assert f'href="{href}"' in datasets, href
    assert "重大项目" not in html


def test_the_open_data_page_lists_indicators_in_the_catalogues_order(client):
    region = make_region(name="甲区")
    # Added in an order that is neither by name nor by category.
    for name, code, category in (
        ("一般公共预算收入指标", "revenue-x", Indicator.Category.ECONOMY),
        ("市民满意度", "satisfaction", Indicator.Category.LIVELIHOOD),
        ("地区生产总值指标", "gdp-x", Indicator.Category.ECONOMY),
        ("财政支出", "spending", Indicator.Category.ECONOMY),
        ("5G基站", "base-stations", Indicator.Category.INNOVATION),
        ("地区生产总值指标增速", "gdp-x-growth", Indicator.Category.ECONOMY),
    ):
        indicator = make_indicator(name=name, code=code, category=category, unit="%")
        make_observation(indicator, region=region, period=2023, value=Decimal(5), unit="%")

    rows = _cells(_table(client.get(reverse("indicators:opendata")).content.decode(), "可下载的数据集"))
    catalogue = client.get(reverse("indicators:indicator_list")).content.decode()

    # By category as declared, then by name as a Chinese index sorts it: by pinyin (cai, di, yi).
    expected = ["财政支出", "地区生产总值指标", "地区生产总值指标增速", "一般公共预算收入指标", "市民满意度", "5G基站"]
    assert [row[0] for row in rows[1:]] == expected
    assert re.findall(r'<li><a href="/indicators/[^"]+/">([^<]+)</a>', catalogue) == expected


LAST_YEAR = timezone.make_aware(datetime(2024, 3, 5, 10))


@contextmanager
def clock(moment: datetime):
    """Run the block as if it were ``moment``: whatever it saves is dated then."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def _dates(client) -> dict[str, str]:
    """Each dataset's 更新时间 on the 开放数据 page."""
    rows = _cells(_table(client.get(reverse("indicators:opendata")).content.decode(), "可下载的数据集"))
    return {row[0]: row[3] for row in rows}


def _day(moment: datetime) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.year}年{day.month}月{day.day}日"


def test_open_data_page_dates_each_dataset_by_its_latest_change(client):
    gdp, jobs = make_indicator(name="甲指标", code="jia"), make_indicator(name="乙指标", code="yi")
    region = make_region(name="甲区")
    for moment, indicator, period, status in (
        (LAST_YEAR - timedelta(days=400), gdp, 2020, Observation.Status.CONFIRMED),
        (LAST_YEAR, gdp, 2021, Observation.Status.CONFIRMED),
        (LAST_YEAR - timedelta(days=30), jobs, 2021, Observation.Status.CONFIRMED),
        (LAST_YEAR + timedelta(days=5), jobs, 2022, Observation.Status.PENDING),
    ):
        with clock(moment):
            make_observation(indicator, region=region, period=period, value=Decimal(period), status=status)

    rows = _cells(_table(client.get(reverse("indicators:opendata")).content.decode(), "可下载的数据集"))
    updated = {row[0]: (row[2], row[3]) for row in rows}

    assert updated["全部指标数据"] == ("3", "2024年3月5日")
    assert updated["甲指标"] == ("2", "2024年3月5日")
    assert updated["乙指标"] == ("1", "2024年2月4日")  # the pending figure is neither counted nor dated


@pytest.fixture
def dated_figures() -> list[Observation]:
    """Two confirmed figures of 甲指标, one of 乙指标 and a pending one of 乙指标, all saved on LAST_YEAR."""
    with clock(LAST_YEAR):
        jia, yi = make_indicator(name="甲指标", code="jia"), make_indicator(name="乙指标", code="yi")
        region = make_region(name="甲区")
        return [
            make_observation(jia, region=region, period=2020, value=Decimal(1)),
            make_observation(jia, region=region, period=2021, value=Decimal(2)),
            make_observation(yi, region=region, period=2021, value=Decimal(3)),
            make_observation(yi, region=region, period=2022, value=Decimal(4), status=Observation.Status.PENDING),
        ]


def _change_form(figure: Observation, **changes) -> dict:
    """The figure's admin change form as the browser posts it, with ``changes``."""
    data = {
        "indicator": figure.indicator_id,
        "region": figure.region_id,
        "period": figure.period,
        "value": str(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "kind": figure.kind,
        "source": figure.source,
        "status": figure.status,
    }
    return {**data, **changes}


def test_editing_a_confirmed_figures_value_in_the_admin_moves_its_datasets_date(client, admin_client, dated_figures):
    figure = dated_figures[0]
    assert _dates(client)["甲指标"] == _day(LAST_YEAR)

    url = reverse("admin:indicators_observation_change", args=[figure.pk])
    assert admin_client.post(url, _change_form(figure, value="1.5")).status_code == 302

    today = _day(timezone.now())
    assert _dates(client) == {"全部指标数据": today, "甲指标": today, "乙指标": _day(LAST_YEAR)}


@pytest.mark.parametrize(
    "changes",
    [{"unit": "万元"}, {"period": "2019"}, {"part_of_year": "上半年"}, {"qualifier": "超"}, {"is_target": "on"}],
)
def test_any_change_the_downloads_show_moves_the_date(client, admin_client, dated_figures, changes):
    figure = dated_figures[0]
    admin_client.post(reverse("admin:indicators_observation_change", args=[figure.pk]), _change_form(figure, **changes))

    assert _dates(client)["甲指标"] == _day(timezone.now())


def test_saving_a_figure_unchanged_or_editing_one_never_confirmed_keeps_the_date(client, admin_client, dated_figures):
    confirmed, pending = dated_figures[2], dated_figures[3]
    for figure, changes in ((confirmed, {}), (pending, {"value": "5"}), (pending, {"status": "rejected"})):
        url = reverse("admin:indicators_observation_change", args=[figure.pk])
        assert admin_client.post(url, _change_form(figure, **changes)).status_code == 302

    assert _dates(client)["乙指标"] == _day(LAST_YEAR)  # visitors never saw the pending figure


def test_rejecting_a_confirmed_figure_in_bulk_moves_the_date_of_the_files_it_left(client, admin_client, dated_figures):
    admin_client.post(
        reverse("admin:indicators_observation_changelist"),
        {"action": "reject_selected", "_selected_action": [dated_figures[1].pk]},
    )

    today = _day(timezone.now())
    assert _dates(client) == {"全部指标数据": today, "甲指标": today, "乙指标": _day(LAST_YEAR)}


def test_a_figure_restored_from_its_history_moves_the_date(client, admin_client, dated_figures):
    figure = dated_figures[0]
    original = figure.history.get()
    with clock(LAST_YEAR + timedelta(days=10)):
        figure.value = Decimal("1.5")
        figure.save()
    assert _dates(client)["甲指标"] == _day(LAST_YEAR + timedelta(days=10))

    url = reverse("admin:indicators_observation_simple_history", args=[figure.pk, original.history_id])
    assert admin_client.post(url, _change_form(figure, value="1")).status_code == 302

    figure.refresh_from_db()
    assert figure.value == 1
    assert _dates(client)["甲指标"] == _day(timezone.now())


def test_a_value_changed_by_the_spreadsheet_import_moves_the_date(client, dated_figures):
    sheet = "地区,指标,年份,数值,单位,来源\n甲区,甲指标,2020,{},亿元,统计公报\n"
    ObservationResource().import_data(tablib.Dataset().load(sheet.format(1), format="csv"), use_transactions=True)
    assert _dates(client)["甲指标"] == _day(LAST_YEAR)  # the same value: skipped, nothing changed

    ObservationResource().import_data(tablib.Dataset().load(sheet.format("1.5"), format="csv"), use_transactions=True)

    assert Observation.objects.get(pk=dated_figures[0].pk).value == Decimal("1.5")
    assert _dates(client)["甲指标"] == _day(timezone.now())


def test_open_data_page_offers_nothing_from_an_unpublished_interview(client, sample):
    sample.status = Interview.Status.DRAFT
    sample.save()

    rows = _cells(_table(client.get(reverse("indicators:opendata")).content.decode(), "可下载的数据集"))

    assert [row[:3] for row in rows] == [["全部指标数据", rows[0][1], "0"]]


def test_the_data_dictionary_names_every_column_and_field_the_downloads_write(client, sample):
    html = client.get(reverse("indicators:opendata")).content.decode()
    csv_file = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    one = json.loads(client.get(reverse("indicators:indicator_json", args=["gdp"])).content)

    header = next(csv.reader(io.StringIO(csv_file)))
    assert [row[1] for row in _cells(_table(html, "CSV 文件的列"))] == header
    assert [row[0] for row in _cells(_table(html, "CSV 文件的列"))] == [str(n) for n in range(1, len(header) + 1)]
    assert [row[0] for row in _cells(_table(html, "JSON 文件的字段"))] == list(one["data"][0])
    assert [row[0] for row in _cells(_table(html, "JSON 文件中的指标说明"))] == list(one["indicator"])
    # Every column is explained, and coded values are spelt out as the files write them.
    assert all(row[2] and row[3] for row in _cells(_table(html, "CSV 文件的列")))
    assert "level" in html and "总量" in html and "超过" in html


def test_the_open_data_page_explains_the_encoding_and_how_to_use_the_data(client, sample):
    html = client.get(reverse("indicators:opendata")).content.decode()

    assert "UTF-8" in html and "BOM" in html
    assert re.search(r"<h2[^>]*>使用说明</h2>", html)
    assert re.search(r"<h2[^>]*>字段说明</h2>", html)
    # Every table says what it holds and every header cell which cells it heads.
    assert html.count("<table") == html.count("<caption") > 0
    assert len(re.findall(r"<th[ >]", html)) == html.count('<th scope="col"') + html.count('<th scope="row"')


def test_the_open_data_page_is_linked_from_the_navigation_and_the_indicator_pages(client, sample):
    href = f'href="{reverse("indicators:opendata")}"'

    for url in (
        reverse("interviews:home"),
        reverse("indicators:indicator_list"),
        reverse("indicators:indicator_detail", args=["gdp"]),
    ):
        assert href in client.get(url).content.decode(), url
    opendata = client.get(reverse("indicators:opendata")).content.decode()
    assert f'{href} aria-current="page"' in opendata
    assert 'aria-current="page">指标</a>' not in opendata


def test_the_csv_and_the_json_write_a_qualifier_alike_as_the_page_describes_it(client):
    indicator = make_indicator(name="市场主体数", code="entities-x", unit="户")
    region = make_region(name="甲区")
    for year, qualifier in ((2020, "超"), (2021, "达"), (2022, "约"), (2023, "")):
        make_observation(indicator, region=region, period=year, value=Decimal(10), unit="万户", qualifier=qualifier)

    rows = csv.DictReader(io.StringIO(client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")))
    records = json.loads(client.get(reverse("indicators:indicator_json", args=["entities-x"])).content)["data"]
    html = client.get(reverse("indicators:opendata")).content.decode()

    assert [row["限定词"] for row in rows] == [record["qualifier"] for record in records] == ["超过", "达到", "约", ""]
    [csv_field] = [row for row in _cells(_table(html, "CSV 文件的列")) if row[1] == "限定词"]
    [json_field] = [row for row in _cells(_table(html, "JSON 文件的字段")) if row[0] == "qualifier"]
    listed = re.compile(r"((?:「[^」]+」、?)+)之一")
    assert listed.search(csv_field[3])[1] == listed.search(json_field[2])[1]
    assert "「超过」" in listed.search(json_field[2])[1] and "「超」" not in listed.search(json_field[2])[1]
    assert "「超过」写作「超」" in json_field[2]  # what files downloaded before said, for those who read them


def test_a_json_record_gives_every_field_its_own_value(client, sample):
    observation = Observation.objects.get(span_text="10万户")

    [record] = json.loads(client.get(reverse("indicators:indicator_json", args=["market-entities"])).content)["data"]

    assert record == {
        "region": "南关区",
        "indicator": "市场主体",
        "code": "market-entities",
        "period": observation.period,
        "value": "10",
        "unit": "万户",
        "normalized_value": "100000",
        "normalized_unit": "户",
        "qualifier": "突破",
        "kind": "count",
        "direction": "",
        "comparison": "",
        "part_of_year": "",
        "target": False,
        "source": sample.title,
        "source_url": f"http://testserver{sample.get_absolute_url()}#f{observation.pk}",
        "quote": observation.quote,
    }


def test_a_growth_rate_indicator_charts_its_yearly_rates_with_falls_below_zero(client):
    growth = Indicator.objects.get(code="gdp-growth")
    region = make_region(name="甲区")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%", "region": region}
    for year, value in [(2019, "6.5"), (2020, "-2.1"), (2021, "4.0")]:
        make_observation(growth, period=year, value=Decimal(value), **rate)
    # A ten-year average is no rate of its year: listed, never charted among the yearly rates.
    make_observation(growth, period=2021, value=Decimal(9), comparison="年均", source="十年回顾", **rate)

    html = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    chart_part, all_figures = html.split("<h2>全部已核实数值</h2>")

    assert "暂无可按年份绘图" not in chart_part
    assert chart_part.count("<circle") == 3
    assert "甲区2019年6.5%；甲区2020年下降2.1%；甲区2021年4%。" in chart_part  # the text alternative
    assert re.findall(r"<circle [^>]*><title>([^<]*)</title>", html) == [
        "甲区 2019年：6.5%",
        "甲区 2020年：下降2.1%",
        "甲区 2021年：4%",
    ]
    [zero] = re.findall(r'<line [^>]*y1="([\d.]+)"[^>]*class="chart__zero"', chart_part)
    dots = {year: float(y) for y, year in re.findall(r'cy="([\d.]+)"[^>]*><title>甲区 (\d+)年', chart_part)}
    assert dots["2019"] < float(zero) < dots["2020"]  # the fall is drawn below the zero line
    assert ">0</text>" in chart_part and ">-" in chart_part  # the axis reaches below zero
    assert "2021年9%" not in chart_part and '<td class="num">9</td>' not in chart_part
    assert "年均9%" in all_figures and "下降2.1%" in all_figures


def test_a_growth_rate_is_no_value_of_a_share_indicator_in_the_same_unit(client):
    urbanisation = make_indicator(name="城镇化率", code="urbanisation", unit="%")
    region = make_region(name="甲区")
    make_observation(urbanisation, region=region, period=2020, value=Decimal(64), unit="%", kind="share")
    make_observation(urbanisation, region=region, period=2021, value=Decimal(65), unit="%", kind="share")
    make_observation(
        urbanisation, region=region, period=2021, value=Decimal("1.6"), unit="%", kind="growth_rate", source="访谈"
    )

    html = client.get(reverse("indicators:indicator_detail", args=["urbanisation"])).content.decode()

    assert "甲区2020年64%；甲区2021年65%。" in html


def test_the_dashboard_and_the_comparison_show_a_regions_yearly_rate_a_fall_said_as_one(client):
    growth = Indicator.objects.get(code="gdp-growth")
    jia, yi = make_region(name="甲区", slug="jiaqu"), make_region(name="乙区", slug="yiqu")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%"}
    make_observation(growth, region=jia, period=2020, value=Decimal("6.5"), **rate)
    make_observation(growth, region=jia, period=2021, value=Decimal("-2.1"), **rate)
    make_observation(growth, region=yi, period=2021, value=Decimal("4.0"), **rate)
    # Reviewed last, but a ten-year average is no region's rate of 2021.
    average = {"comparison": "年均", "source": "十年回顾", "reviewed_at": timezone.now()}
    make_observation(growth, region=jia, period=2021, value=Decimal(9), **rate, **average)

    dashboard = client.get(reverse("indicators:dashboard", args=["jiaqu"])).content.decode()
    table = compare(client, "jiaqu", "yiqu").content.decode()
    row = table[table.index(">地区生产总值增速</a>") :].split("</tr>")[0]

    assert "地区生产总值增速" in dashboard
    assert "下降2.1<small>%</small>" in dashboard and "9<small>" not in dashboard and "年均" not in dashboard
    assert re.findall(r'<td class="num"><span class="nowrap">([^<]*)</span><br>', row) == ["下降2.1%", "4%"]


def test_a_month_on_month_rate_is_listed_as_one_but_neither_charted_nor_a_regions_latest_rate(client):
    growth = Indicator.objects.get(code="gdp-growth")
    jia, yi = make_region(name="甲区", slug="jiaqu"), make_region(name="乙区", slug="yiqu")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%"}
    make_observation(growth, region=jia, period=2020, value=Decimal("6.5"), comparison="同比", **rate)
    make_observation(growth, region=jia, period=2021, value=Decimal("-2.1"), comparison="比上年", **rate)
    make_observation(growth, region=yi, period=2022, value=Decimal("1.2"), comparison="环比", **rate)
    # Reviewed last and of a later year, but against the quarter before: no rate of 2022.
    month_on_month = {"comparison": "环比", "source": "季度通报", "reviewed_at": timezone.now()}
    make_observation(growth, region=jia, period=2022, value=Decimal("-0.8"), **rate, **month_on_month)

    page = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    chart_part, all_figures = page.split("<h2>全部已核实数值</h2>")
    dashboard = client.get(reverse("indicators:dashboard", args=["jiaqu"])).content.decode()
    row = compare(client, "jiaqu", "yiqu").content.decode().split(">地区生产总值增速</a>")[1].split("</tr>")[0]
    downloaded = client.get(reverse("indicators:indicator_csv", args=["gdp-growth"])).content.decode("utf-8-sig")

    assert "甲区2020年6.5%；甲区2021年下降2.1%。" in chart_part and "2022" not in shown(chart_part)
    assert "环比下降0.8%" in all_figures and "环比1.2%" in all_figures
    assert "下降2.1<small>%</small>" in dashboard and "0.8" not in dashboard
    assert (
        re.findall(r'<td class="num"><span class="nowrap">([^<]*)</span><br>', row) == ["下降2.1%"]
        and "暂无数据" in row
    )
    rows = [(r["地区"], r["年份"], r["数值"], r["类型"]) for r in csv.DictReader(io.StringIO(downloaded))]
    assert ("甲区", "2022", "-0.8", "增速（环比）") in rows and ("甲区", "2021", "-2.1", "增速") in rows


def test_figures_of_part_of_a_year_are_listed_with_their_part_but_neither_charted_nor_a_regions_latest(client):
    region = make_region(name="甲区", slug="jiaqu")
    answer = "2022年全区实现地区生产总值495.7亿元，增长6%。2023年一季度，全区地区生产总值完成120亿元，同比下降2.1%。"
    sync_question(make_question(make_interview(region=region), answer=answer))
    for observation in Observation.objects.all():
        observation.review(Observation.Status.CONFIRMED)

    growth = client.get(reverse("indicators:indicator_detail", args=["gdp-growth"])).content.decode()
    level = client.get(reverse("indicators:indicator_detail", args=["gdp"])).content.decode()
    dashboard = client.get(reverse("indicators:dashboard", args=["jiaqu"])).content.decode()
    downloaded = client.get(reverse("indicators:all_csv")).content.decode("utf-8-sig")
    records = json.loads(client.get(reverse("indicators:all_json")).content)["data"]

    for page, year_value, part_value in [(growth, "6%", "一季度下降2.1%"), (level, "495.7亿元", "一季度120亿元")]:
        chart_part, all_figures = page.split("<h2>全部已核实数值</h2>")
        assert f"甲区2022年{year_value}。" in chart_part and "2023" not in shown(chart_part)
        assert part_value in all_figures
    assert "6<small>%</small>" in dashboard and "495.7<small>亿元</small>" in dashboard
    assert "2.1" not in shown(dashboard) and "120" not in shown(dashboard) and "2023年" not in dashboard
    rows = [(r["年份"], r["数值"], r["类型"]) for r in csv.DictReader(io.StringIO(downloaded))]
    assert rows == [
        ("2022", "495.7", "总量"),
        ("2023", "120", "总量（一季度）"),
        ("2022", "6", "增速"),
        ("2023", "-2.1", "增速（一季度）"),
    ]
    assert [(r["period"], r["part_of_year"], r["comparison"]) for r in records] == [
        (2022, "", ""),
        (2023, "一季度", ""),
        (2022, "", ""),
        (2023, "一季度", "同比"),
    ]


def test_downloads_tell_an_average_rate_from_the_rate_of_its_year(client):
    growth = Indicator.objects.get(code="gdp-growth")
    region = make_region(name="甲区")
    rate = {"kind": Observation.Kind.GROWTH_RATE, "unit": "%", "region": region, "period": 2021}
    make_observation(growth, value=Decimal("-2.1"), comparison="同比", **rate)
    make_observation(growth, value=Decimal(9), comparison="年均", source="十年回顾", **rate)

    downloaded = client.get(reverse("indicators:indicator_csv", args=["gdp-growth"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(downloaded)))
    records = json.loads(client.get(reverse("indicators:indicator_json", args=["gdp-growth"])).content)["data"]

    assert [(row["年份"], row["数值"], row["类型"]) for row in rows] == [
        ("2021", "-2.1", "增速"),
        ("2021", "9", "增速（年均）"),
    ]
    assert [(r["value"], r["kind"], r["comparison"]) for r in records] == [
        ("-2.1", "growth_rate", "同比"),
        ("9", "growth_rate", "年均"),
    ]


def test_year_labels_keep_clear_of_the_lowest_value_label_at_the_phone_font_size(client):
    balance = make_indicator(name="财政收支差额", code="fiscal-balance")
    region = make_region(name="甲区")
    make_observation(balance, region=region, period=2020, value=Decimal("-2.1"))
    make_observation(balance, region=region, period=2021, value=Decimal("6.5"))

    html = client.get(reverse("indicators:indicator_detail", args=["fiscal-balance"])).content.decode()
    lowest = max(float(y) for y in re.findall(r'y="([\d.]+)" class="chart__label chart__label--y"', html))
    years = {float(y) for y in re.findall(r'y="([\d.]+)" class="chart__label chart__label--x"', html)}

    # At 22 units (indicators.css, phone) a value label reaches 11 below its middle and a year's
    # digits 16 above their baseline: 「-2.5」 at the bottom of the axis must not touch 「2020」.
    assert all(year - 16 >= lowest + 11 for year in years)

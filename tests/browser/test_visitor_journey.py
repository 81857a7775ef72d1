"""A visitor's journey through the public site in a real browser, checked by axe-core on every page."""

import re

import pytest

from indicators.models import Indicator, Observation
from interviews.models import Region
from tests.factories import add_to_gallery, make_image, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample(published_sample):
    interview = published_sample
    # An editor confirmed the figures and their indicators. (The catalogue that migrations seed is
    # gone when another module's transactional tests ran first: the import then proposes them.)
    Observation.objects.update(status=Observation.Status.CONFIRMED)
    Indicator.objects.filter(observations__isnull=False).update(is_confirmed=True)
    Region.objects.get_or_create(slug="chaoyangqu", defaults={"name": "朝阳区"})  # to compare with
    return interview


def test_home_search_result_question_and_elder_mode(live_server, sample, page, screenshot, assert_accessible):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert_accessible("首页")
    screenshot("home")

    page.get_by_role("searchbox", name="搜索访谈和数据").fill("华为")
    page.get_by_role("button", name="搜索", exact=True).first.click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("mark").first.inner_text() == "华为"
    assert_accessible("搜索结果")
    screenshot("search")

    page.locator(".search-result__title a").first.click()
    page.wait_for_url(re.compile(r"/interviews/.+#q\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()
    assert_accessible("访谈详情")
    screenshot("interview")

    page.get_by_role("link", name=re.compile("新征程上")).click()
    assert page.url.endswith("#q4")
    assert page.locator("#q4").is_visible()

    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    toggle = page.get_by_role("button", name="长者模式")
    toggle.click()
    assert page.locator("html").get_attribute("class") == "elder"
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert elder_size >= base_size * 1.2
    assert_accessible("长者模式")
    screenshot("elder")

    page.goto(live_server.url + "/interviews/")  # the choice persists across pages
    assert page.locator("html").get_attribute("class") == "elder"
    page.get_by_role("button", name="长者模式").click()

    # Wait for each new page before checking it: axe run mid-navigation sees an empty document.
    page.get_by_role("link", name="指标", exact=True).click()
    page.wait_for_url(re.compile(r"/indicators/$"))
    assert_accessible("指标目录")
    page.get_by_role("link", name="地区生产总值", exact=True).first.click()
    page.wait_for_url(re.compile(r"/indicators/[\w-]+/$"))
    chart = page.locator("svg[role='img']").first
    assert chart.is_visible()
    assert "地区生产总值" in page.locator("#chart-title-1").text_content()
    assert page.locator("table").first.is_visible()  # the data beside the chart
    assert_accessible("指标图表")
    screenshot("indicator")


def test_keyboard_skip_link_moves_focus_to_content(live_server, sample, page):
    page.goto(live_server.url + sample.get_absolute_url())

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/interviews/",
        "/regions/",
        "/regions/nanguanqu/",
        "/series/",
        "/search/?q=",
        "/search/?q=不存在的内容",
        "/search/?q=市场主体",
        "/indicators/",
        "/indicators/regions/nanguanqu/",
        "/indicators/compare/?r=nanguanqu&r=chaoyangqu",
        "/opendata/",
    ],
)
def test_every_page_type_passes_axe(live_server, sample, page, assert_accessible, screenshot, path):
    response = page.goto(live_server.url + path)
    # A failed or cut-off response would otherwise show up as landmark violations on an empty page.
    assert response.status == 200, f"{path} answered {response.status}"
    page.locator("main h1").wait_for()
    assert_accessible(path)
    screenshot("page")


def test_withdrawn_page_passes_axe(live_server, sample, page, assert_accessible, screenshot):
    sample.withdraw(by=make_user("chief", is_superuser=True), reason="数据有误，正在核实")

    response = page.goto(live_server.url + sample.get_absolute_url())

    assert response.status == 410
    assert "数据有误，正在核实" in page.content()
    assert_accessible("撤稿页")
    screenshot("withdrawn")


def test_pages_pass_axe_on_a_phone_in_elder_mode(live_server, sample, browser, assert_accessible):
    """The phone layout (its own CSS) with 长者模式's colours and sizes, the hardest case for contrast."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    context.add_init_script("window.localStorage.setItem('nanguan-elder-mode', 'on')")
    phone = context.new_page()
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator
    for path in ["/", sample.get_absolute_url(), "/regions/nanguanqu/", gdp.get_absolute_url(), "/opendata/"]:
        phone.goto(live_server.url + path)
        phone.locator("main h1").wait_for()
        assert_accessible(f"{path}（手机，长者模式）", on=phone)
    context.close()


def test_phone_layout_has_no_horizontal_scroll(live_server, sample, browser, assert_accessible):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(live_server.url + sample.get_absolute_url())

    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_an_indicator_page_reads_on_a_phone(live_server, sample, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator
    phone.goto(live_server.url + gdp.get_absolute_url())

    # The chart's axis labels scale with its 640-unit drawing; they must stay readable at phone width.
    label = phone.evaluate("document.querySelector('.chart__label').getBoundingClientRect().height")
    assert label >= 14, label
    # Each figure of the wide table is a block; its region is on one line, not one character per line.
    region = phone.locator(".data-table--wide td").first
    assert region.inner_text().replace("\n", "") == "南关区"
    assert region.bounding_box()["height"] < 2 * phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_chart_labels_grow_with_elder_mode_on_a_phone_and_stay_inside_the_chart(live_server, sample, browser):
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator
    heights = {}
    for elder in (False, True):
        context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True)
        if elder:
            context.add_init_script("window.localStorage.setItem('nanguan-elder-mode', 'on')")
        phone = context.new_page()
        phone.goto(live_server.url + gdp.get_absolute_url())

        heights[elder] = phone.evaluate("document.querySelector('.chart__label').getBoundingClientRect().height")
        cut_off = phone.evaluate(
            """() => {
              const chart = document.querySelector('.chart__svg').getBoundingClientRect();
              return [...document.querySelectorAll('.chart__label')]
                .filter((t) => ((r) => r.left < chart.left || r.right > chart.right)(t.getBoundingClientRect()))
                .map((t) => t.textContent);
            }"""
        )
        assert cut_off == [], (elder, cut_off)  # e.g. the last year's label half outside the drawing
        context.close()
    assert heights[True] >= 1.2 * heights[False], heights


def test_an_upright_photo_fits_a_desktop_screen_with_its_caption(live_server, sample, page):
    add_to_gallery(sample, make_image(size=(900, 1200), caption="人民大街夜景"))
    page.goto(live_server.url + sample.get_absolute_url())  # 1280 × 900

    figure = page.locator("figure.figure").first
    photo, caption = figure.locator("img").bounding_box(), figure.locator("figcaption").bounding_box()
    assert caption["y"] + caption["height"] - photo["y"] <= 900  # not 1200 px of photo before its caption
    column = page.locator("main").bounding_box()
    left, right = photo["x"] - column["x"], column["x"] + column["width"] - photo["x"] - photo["width"]
    assert abs(left - right) <= 2  # in the middle of the column, under its centred caption


def test_the_source_link_of_a_figure_marks_that_figure_in_the_answer(live_server, sample, page):
    gdp = Observation.objects.filter(span_text="220亿元").get()
    page.goto(live_server.url + gdp.indicator.get_absolute_url())

    page.locator(".data-table--wide a").first.click()

    page.wait_for_url(re.compile(rf"#{gdp.anchor}$"))
    outline = "getComputedStyle(document.querySelector(%r)).outlineStyle"
    assert page.evaluate(outline % f"#{gdp.anchor} mark") == "solid"
    assert page.evaluate(outline % f"a.figure:not(#{gdp.anchor}) mark") == "none"


def test_print_hides_navigation_and_shows_link_addresses(live_server, sample, page):
    page.goto(live_server.url + sample.get_absolute_url())
    page.emulate_media(media="print")

    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    after = page.evaluate("getComputedStyle(document.querySelector('.interview__facts a'), '::after').content")
    assert "/series/" in after


def test_print_keeps_the_answers_free_of_figure_link_addresses(live_server, sample, page):
    page.goto(live_server.url + sample.get_absolute_url())
    page.emulate_media(media="print")

    # 25 confirmed figures each followed by 「(/indicators/…/)」 would break up the printed answers.
    assert page.locator("a.figure").count() == 25
    after = page.evaluate("getComputedStyle(document.querySelector('a.figure'), '::after').content")
    assert after in ("none", "normal"), after


def test_pages_read_without_javascript(live_server, sample, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + sample.get_absolute_url())

    assert page.locator("#q1 .points__lead").first.inner_text() == "经济发展质效不断加强"
    assert page.locator("#elder-toggle").is_hidden()  # a button that would do nothing stays hidden
    context.close()

"""Reflow (WCAG 1.4.10): at 320 CSS px, also in 长者模式, pages read without scrolling sideways."""

import re
from decimal import Decimal

import pytest

from indicators.models import Indicator, Observation
from interviews.models import Region
from interviews.search import index_interview
from tests.factories import make_indicator, make_interview, make_observation, make_question, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/interviews/",
    "/regions/nanguanqu/",
    "/search/?q=华为",
    "/indicators/",
    "/indicators/regions/nanguanqu/",
    "/indicators/compare/?r=nanguanqu&r=chaoyangqu",
    "/opendata/",
]


@pytest.fixture
def sample(published_sample):
    Observation.objects.update(status=Observation.Status.CONFIRMED)
    Indicator.objects.filter(observations__isnull=False).update(is_confirmed=True)
    Region.objects.get_or_create(slug="chaoyangqu", defaults={"name": "朝阳区"})  # to compare with
    return published_sample


def narrow_page(browser, *, elder: bool, width: int = 320):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 640}, is_mobile=True)
    if elder:
        context.add_init_script("window.localStorage.setItem('nanguan-elder-mode', 'on')")
    return context, context.new_page()


def overflowing(page) -> list[str]:
    """The elements that reach past the right edge of the viewport."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map((e) => e.tagName + '.' + e.className)"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_pages_reflow_at_320_px(live_server, sample, browser, path):
    context, page = narrow_page(browser, elder=False)
    page.goto(live_server.url + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320, overflowing(page)
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_pages_reflow_at_320_px_in_elder_mode(live_server, sample, browser, path):
    context, page = narrow_page(browser, elder=True)
    page.goto(live_server.url + path)

    assert page.locator("html").get_attribute("class") == "elder"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, overflowing(page)
    context.close()


def test_navigation_labels_stay_on_one_line_in_elder_mode(live_server, sample, browser):
    context, page = narrow_page(browser, elder=True, width=360)
    page.goto(live_server.url + "/")

    line_height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.site-nav a')).lineHeight)")
    for link in page.locator(".site-nav a").all():
        # 「首页」 broken into 「首」 over 「页」 is two lines tall.
        assert link.bounding_box()["height"] < 1.5 * line_height, link.inner_text()
    context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_controls_are_big_enough_to_tap_on_a_phone(live_server, sample, browser, elder):
    context, page = narrow_page(browser, elder=elder, width=375)
    page.goto(live_server.url + "/search/?q=华为")

    controls = page.locator(".site-nav a, .site-tools :is(input, button), .filters :is(select, input, button)")
    assert controls.count() >= 12
    for control in controls.all():
        box = control.bounding_box()
        name = control.get_attribute("id") or control.inner_text()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)
    context.close()


# An address or a figure without a place to break, as editors paste them from a notice.
ADDRESS = "https://www.nanguan.gov.cn/xxgk/zcwj/202305/t20230512_2987654321_attachment_final_version.pdf"
NUMBER = "12345678901234567.89"


def test_long_addresses_and_numbers_wrap_on_a_phone(live_server, sample, browser):
    region = Region.objects.get(slug="nanguanqu")
    interview = make_interview(title="营商环境访谈", slug="yingshang", summary=f"原文见{ADDRESS}。", region=region)
    make_question(interview, text="审批时间压缩了多少？", answer=f"累计节约{NUMBER}分钟，详见{ADDRESS}。")
    index_interview(interview)
    gone = make_interview(title="已撤回的访谈", slug="gone", region=region)
    gone.withdraw(by=make_user("chief", is_superuser=True), reason=f"数据以{ADDRESS}为准。")
    context, page = narrow_page(browser, elder=False)

    gone_url = f"/interviews/{gone.slug}/"  # 410, with the reason
    for path in ["/", "/interviews/", "/regions/nanguanqu/", interview.get_absolute_url(), "/search/?q=节约", gone_url]:
        page.goto(live_server.url + path)
        assert ADDRESS[:40] in page.locator("main").inner_text().replace("\n", ""), path  # shown, not cut off
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_pages_fit_a_phone_whose_browser_font_is_larger(live_server, sample, browser):
    """Settings › Font size 「Very large」 (24 px instead of 16): the header and the figures still fit."""
    context, page = narrow_page(browser, elder=False, width=375)
    # Page.setFontSizes is the browser's own setting; a full-page screenshot would reset it.
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator

    for path in ["/", gdp.get_absolute_url()]:
        page.goto(live_server.url + path)
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 24
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, (path, overflowing(page))
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.search-box button')).lineHeight)")
    assert page.locator(".search-box button").bounding_box()["height"] < 2 * line  # 「搜索」, not 「搜」 over 「索」
    name_line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.site-name')).lineHeight)")
    assert page.locator(".site-name").bounding_box()["height"] < 1.5 * name_line  # 「心」 not alone below
    context.close()


def test_links_that_stand_alone_are_big_enough_to_tap_on_a_phone(live_server, sample, browser):
    """Breadcrumbs, lists of links, feeds, downloads, a figure's 出处 and the footer: 44 px tall at least;
    the short ones (RSS, CSV, 出处) 44 px wide too. A link inside a sentence keeps its line's height."""
    context, page = narrow_page(browser, elder=False, width=375)
    short = ".feed-links a, .downloads a, td[data-label='下载'] a, .dashboard__meta a"
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator
    pages = {
        sample.get_absolute_url(): ".breadcrumb a, .interview__facts a, .site-footer a",
        "/": ".link-list a",
        "/regions/nanguanqu/": ".breadcrumb a, .feed-links a",
        gdp.get_absolute_url(): ".breadcrumb a, .downloads a[href$='.csv'], .downloads a[href$='.json']",
        "/indicators/regions/nanguanqu/": ".dashboard__meta a",
        "/opendata/": "td[data-label='下载'] a",
    }
    for path, selector in pages.items():
        page.goto(live_server.url + path)
        links = page.locator(selector)
        assert links.count() >= 2, (path, selector)
        for link in links.all():
            box = link.bounding_box()
            is_short = link.evaluate("(e, short) => e.matches(short)", short)
            assert box["height"] >= 44 and (box["width"] >= 44 or not is_short), (path, link.inner_text(), box)
    context.close()


# Configurations a table or a list of links must read in: a phone and the smallest screen WCAG reflows
# to, with the browser's usual text and with 长者模式.
PHONES = [(375, False), (375, True), (320, False), (320, True)]
PHONE_IDS = ["375-normal", "375-elder", "320-normal", "320-elder"]
# Copied from a statistics bureau's notice: no place to break in a table cell.
BULLETIN = "https://tjj.changchun.gov.cn/tjgb/202303/t20230315_3126789.html"


@pytest.fixture
def wide_tables(sample):
    """A city's figure from a bulletin cited by its address, and an indicator whose definition gives one."""
    city, _ = Region.objects.get_or_create(slug="gongzhulingshi", defaults={"name": "公主岭市"})
    income = make_indicator(name="城镇常住居民人均可支配收入", code="urban-income", is_confirmed=True)
    income.definition = f"城镇常住居民可用于最终消费支出和储蓄的总和，口径见{BULLETIN}。"
    income.save()
    for year, value in [(2021, 38310), (2022, 40405)]:
        make_observation(income, region=city, period=year, value=value, unit="元", source=BULLETIN)
    return income


@pytest.mark.parametrize(("width", "elder"), PHONES, ids=PHONE_IDS)
def test_wide_tables_scroll_in_their_own_labelled_box(live_server, wide_tables, browser, width, elder):
    context, page = narrow_page(browser, elder=elder, width=width)
    for path in [wide_tables.get_absolute_url(), "/opendata/"]:
        page.goto(live_server.url + path)

        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, overflowing(page))
        tables = page.locator("main table")
        assert tables.count() >= 2, path
        for table in tables.all():
            box = table.locator("xpath=..")  # the table's own box, reachable and named for the keyboard
            assert box.evaluate("(e) => e.matches('.table-scroll')"), (path, table.locator("caption").inner_text())
            assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
            assert re.fullmatch(r"[\u4e00-\u9fff ()（）A-Z]+（可横向滚动）", box.get_attribute("aria-label")), path
    # The bulletin's address is there in full: the chart's table scrolls to it, also with the keyboard.
    page.goto(live_server.url + wide_tables.get_absolute_url())
    box = page.get_by_role("region", name="图表数据表（可横向滚动）")
    assert BULLETIN in box.inner_text()
    assert box.evaluate("(e) => e.scrollWidth > e.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=box.element_handle(), timeout=2000)  # smoothly
    context.close()


def test_open_data_fields_fit_in_elder_mode_with_a_larger_browser_font(live_server, sample, browser):
    """长者模式 and 「Very large」 text: a field name such as 「normalized_value」 is wider than the screen."""
    context, page = narrow_page(browser, elder=True)
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    gdp = Observation.objects.filter(span_text="220亿元").get().indicator
    for path in ["/opendata/", gdp.get_absolute_url()]:
        page.goto(live_server.url + path)

        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 24 * 1.3
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (path, overflowing(page))
    # The text of a dataset's block wraps at the edge of its box, not at that of the table's widest line
    # (「2026年11月29日」 or 「CSV · JSON」, which do not break): no line to scroll sideways to read.
    page.goto(live_server.url + "/opendata/")
    box = page.get_by_role("region", name="数据集表（可横向滚动）").bounding_box()
    content = page.locator("td[data-label='内容']").first.bounding_box()
    assert content["x"] + content["width"] <= box["x"] + box["width"], (content, box)
    context.close()


def lines_of(page, selector: str, pattern: str) -> list[list[int]]:
    """For each element matching ``selector``, the lines (their tops) the text matching ``pattern`` is on."""
    return page.evaluate(
        """([selector, pattern]) => [...document.querySelectorAll(selector)].flatMap((element) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.data.matchAll(new RegExp(pattern, 'g'))) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                found.push([...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))]);
              }
            }
            return found;
          })""",
        [selector, pattern],
    )


@pytest.mark.parametrize(("width", "elder"), PHONES, ids=PHONE_IDS)
def test_place_names_and_values_with_their_unit_stay_whole(live_server, wide_tables, browser, width, elder):
    for slug, value, qualifier in [("nanguanqu", Decimal("40405"), "突破"), ("chaoyangqu", Decimal("123456.78"), "约")]:
        region = Region.objects.get(slug=slug)
        make_observation(wide_tables, region=region, period=2022, value=value, unit="元", qualifier=qualifier)
    context, page = narrow_page(browser, elder=elder, width=width)

    page.goto(live_server.url + wide_tables.get_absolute_url())
    places = lines_of(page, ".chart-and-table td", "公主岭市")
    assert len(places) == 2 and all(len(tops) == 1 for tops in places), places  # not 公主 over 岭市
    page.goto(live_server.url + "/indicators/compare/?r=nanguanqu&r=gongzhulingshi&r=chaoyangqu")
    values = lines_of(page, ".compare-table td", r"(40405|123456\.78)元")
    assert len(values) >= 4 and all(len(tops) == 1 for tops in values), values  # not 40405 over 元
    assert page.evaluate("document.documentElement.scrollWidth") <= width, overflowing(page)
    context.close()


@pytest.mark.parametrize(("width", "elder"), PHONES, ids=PHONE_IDS)
def test_a_count_stays_with_the_last_word_of_a_long_name(live_server, sample, browser, width, elder):
    long_name = make_indicator(name="规模以上工业企业研究与试验发展经费支出占营业收入比重", is_confirmed=True)
    make_observation(long_name, region=Region.objects.get(slug="nanguanqu"), period=2022, value=2, unit="%")
    context, page = narrow_page(browser, elder=elder, width=width)
    page.goto(live_server.url + "/indicators/")

    item = f".link-list li:has(a[href='{long_name.get_absolute_url()}'])"
    name_lines = lines_of(page, f"{item} a", long_name.name)[0]
    count_lines = lines_of(page, item, "（1 个数值）")
    assert len(name_lines) >= 2, name_lines  # the name is longer than the line
    # 「…比重（1 个数值）」 on the name's last line, not 「（1 个数值）」 alone under it
    assert count_lines == [[name_lines[-1]]], (name_lines, count_lines)
    link = page.locator(f"{item} a").bounding_box()
    assert link["height"] >= 44  # and still big enough to tap
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()

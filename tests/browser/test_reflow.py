"""Reflow (WCAG 1.4.10): at 320 CSS px, also in 长者模式, pages read without scrolling sideways."""

import pytest

from indicators.models import Indicator, Observation
from interviews.models import Region
from interviews.search import index_interview
from tests.factories import make_interview, make_question, make_user

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

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from interviews.models import Interview
from tests.factories import (
    make_guest,
    make_image,
    make_interview,
    make_question,
    make_region,
    make_series,
    make_user,
    make_video,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content():
    region, series = make_region(name="甲区"), make_series(name="系列甲")
    public = make_interview(title="公开访谈", region=region, series=series, kind=Interview.Kind.VIDEO)
    make_question(public, text="问题一？", answer="回答一。")
    make_guest(public, "王五", "甲区区长")
    make_interview(title="草稿访谈", region=region, series=series, status=Interview.Status.DRAFT)
    make_interview(title="其他访谈")
    return {"region": region, "series": series, "public": public}


def rss_titles(response):
    return [item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")]


def test_rss_lists_published_interviews_only(client, content):
    response = client.get("/feeds/rss/")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert sorted(rss_titles(response)) == ["公开访谈", "其他访谈"]


def test_an_item_without_summary_is_described_by_its_first_answer(client, content):
    interview = make_interview(title="无摘要访谈", summary="")
    make_question(interview, number=1, text="问题？", answer="图片\n这十年，地区生产总值翻了一番。\n二是……")

    items = {
        item.findtext("title"): item for item in ElementTree.fromstring(client.get("/feeds/rss/").content).iter("item")
    }

    assert items["无摘要访谈"].findtext("description") == "这十年，地区生产总值翻了一番。"
    html = client.get(interview.get_absolute_url()).content.decode()
    assert '<meta name="description" content="这十年，地区生产总值翻了一番。">' in html


def test_atom_feed_is_valid_atom(client, content):
    root = ElementTree.fromstring(client.get("/feeds/atom/").content)

    assert sorted(entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")) == ["公开访谈", "其他访谈"]


def test_series_and_region_feeds_are_filtered(client, content):
    assert rss_titles(client.get(f"/series/{content['series'].slug}/rss/")) == ["公开访谈"]
    assert rss_titles(client.get(f"/regions/{content['region'].slug}/rss/")) == ["公开访谈"]
    root = ElementTree.fromstring(client.get(f"/regions/{content['region'].slug}/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["公开访谈"]
    assert client.get("/series/no-such-series/rss/").status_code == 404


def feed_ids(client):
    rss = ElementTree.fromstring(client.get("/feeds/rss/").content)
    atom = ElementTree.fromstring(client.get("/feeds/atom/").content)
    return (
        {item.findtext("title"): item.find("guid") for item in rss.iter("item")},
        {entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}id") for entry in atom.iter(f"{ATOM}entry")},
    )


def test_feed_ids_are_unique_and_survive_a_changed_slug(client, content):
    guids, atom_ids = feed_ids(client)
    assert len({guid.text for guid in guids.values()}) == len(guids) == 2
    assert len(set(atom_ids.values())) == 2

    content["public"].slug = "gongkai-fangtan-xin"
    content["public"].save()

    new_guids, new_atom_ids = feed_ids(client)
    assert new_guids["公开访谈"].text == guids["公开访谈"].text
    assert new_guids["公开访谈"].get("isPermaLink") == "false"
    assert new_atom_ids == atom_ids


def test_feeds_stay_well_formed_with_control_characters_pasted_into_the_admin(client):
    # Word's manual line break pastes as a vertical tab, which XML 1.0 cannot carry.
    series = make_series(name="系列\x0b乙")
    make_interview(title="公开\x0b访谈<b>&amp;", summary="摘要\x0c内容", series=series)

    for url in ("/feeds/rss/", "/feeds/atom/", f"/series/{series.slug}/rss/", f"/series/{series.slug}/atom/"):
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)
    assert rss_titles(client.get("/feeds/rss/")) == ["公开访谈<b>&amp;"]


def test_sitemap_lists_public_pages_only(client, content):
    response = client.get("/sitemap.xml")

    locations = [loc.text for loc in ElementTree.fromstring(response.content).iter() if loc.tag.endswith("loc")]
    assert any(url.endswith(content["public"].get_absolute_url()) for url in locations)
    assert any(url.endswith(content["series"].get_absolute_url()) for url in locations)
    assert not any("草稿" in url or url.endswith("/interviews/caogaofangtan/") for url in locations)


def test_sitemap_lists_the_city_and_the_figures_pages_visitors_can_see(client, published_sample):
    from indicators.models import Indicator, Observation

    gdp = Observation.objects.filter(span_text="220亿元")
    gdp.update(status=Observation.Status.CONFIRMED)
    unconfirmed = Indicator.objects.filter(is_confirmed=False, observations__isnull=False).first()

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    paths = {loc.text.removeprefix("http://testserver") for loc in root.iter() if loc.tag.endswith("loc")}

    assert {
        "/regions/changchunshi/",
        "/regions/nanguanqu/",
        "/indicators/",
        "/indicators/regions/nanguanqu/",
        "/opendata/",
    } <= paths
    indicator_pages = [path for path in paths if path.startswith("/indicators/") and path.count("/") == 3]
    assert indicator_pages == [gdp.get().indicator.get_absolute_url()]  # the only one with a confirmed figure
    assert unconfirmed.get_absolute_url() not in paths  # its page is a 404


def test_robots_txt_points_to_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert re.search(r"^Sitemap: https?://.+/sitemap\.xml$", body, re.MULTILINE)


def test_detail_has_canonical_open_graph_and_json_ld(client, content, settings):
    settings.SITE_URL = "https://www.example.gov.cn"
    interview = content["public"]

    html = client.get(interview.get_absolute_url() + "?utm_source=share").content.decode()

    canonical = f"https://www.example.gov.cn{interview.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="公开访谈">' in html
    data = json_ld(html)
    # A video interview whose video is not there yet is an article to search engines.
    assert data["@type"] == "Article" and '<meta property="og:type" content="article">' in html
    assert data["hasPart"][0]["name"] == "问题一？"
    assert data["hasPart"][0]["acceptedAnswer"]["text"] == "回答一。"
    assert data["about"][0] == {"@type": "Person", "name": "王五", "jobTitle": "甲区区长"}

    interview.video = make_video(poster=make_image(alt_text="演播室"))
    interview.save()
    html = client.get(interview.get_absolute_url()).content.decode()

    data = json_ld(html)
    assert data["@type"] == "VideoObject" and '<meta property="og:type" content="video.other">' in html
    assert data["embedUrl"] == "https://news.example.cn/video/123.html"
    # A poster-sized JPEG made from it, not the editor's original upload (up to 20 MB, maybe CMYK).
    assert data["thumbnailUrl"].startswith("https://www.example.gov.cn/media/renditions/")
    assert data["thumbnailUrl"].endswith(".jpg")
    assert data["actor"][0] == {"@type": "Person", "name": "王五", "jobTitle": "甲区区长"}


def json_ld(html: str) -> dict:
    [payload] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(payload)


def test_json_ld_cannot_be_broken_out_of(client):
    interview = make_interview(title="</script><script>alert(1)</script>")
    make_question(interview, text="</script>?", answer="<!--")

    html = client.get(interview.get_absolute_url()).content.decode()

    [payload] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert json.loads(payload)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_changed_slug_redirects_old_address(client, content):
    interview = content["public"]
    old_url = interview.get_absolute_url()
    interview.slug = "gongkai-fangtan-xin"
    interview.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/interviews/gongkai-fangtan-xin/"
    assert client.get(response["Location"]).status_code == 200


def test_editing_title_keeps_the_address(client, content):
    interview = content["public"]
    url = interview.get_absolute_url()
    interview.title = "改过的标题"
    interview.save()

    assert client.get(url).status_code == 200


def test_old_address_of_unpublished_interview_stays_404(client):
    draft = make_interview(status=Interview.Status.DRAFT, published_at=timezone.now() - timedelta(days=1))
    old_url = draft.get_absolute_url()
    draft.slug = "moved-draft"
    draft.save()

    assert client.get(old_url).status_code == 404


def test_footer_marks_each_shown_only_when_set(client, settings):
    marks = {
        "SITE_ORGANIZER": ("中共长春市南关区委宣传部", "主办单位："),
        "SITE_UNDERTAKER": ("南关区融媒体中心", "承办单位："),
        "SITE_PHONE": ("0431-00000000", "联系电话："),
        "SITE_IDENTIFIER": ("2201020001", "网站标识码："),
        "SITE_ICP_NUMBER": ("吉ICP备00000000号", "beian.miit.gov.cn"),
        "SITE_PSB_NUMBER": ("吉公网安备00000000000000号", "beian.mps.gov.cn"),
        "SITE_CONAC_IMAGE": ("/static/conac.png", 'alt="党政机关网站标识"'),
    }
    for name in marks:
        setattr(settings, name, "")
    bare = client.get("/").content.decode()
    for name, (value, _label) in marks.items():
        setattr(settings, name, value)
    full = client.get("/").content.decode()

    for value, label in marks.values():
        assert label not in bare
        assert label in full and value in full


def test_withdrawn_interview_leaves_feeds_sitemap_and_search(client, content):
    from interviews.search import index_interview, search

    interview = content["public"]
    index_interview(interview)
    assert len(search("回答一")) == 1
    interview.withdraw(by=make_user("reviewer", "审核"), reason="内容需要更新")

    assert "公开访谈" not in rss_titles(client.get("/feeds/rss/"))
    assert interview.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    assert len(search("回答一")) == 0
    response = client.get(interview.get_absolute_url())
    assert response.status_code == 410 and "内容需要更新" in response.content.decode()


def test_feeds_and_sitemap_give_addresses_on_the_canonical_origin(client, content, settings):
    # Canonical links use SITE_URL; feeds and the sitemap must not give the same pages another
    # origin (the proxy's host or plain http when X-Forwarded-Proto is not passed on).
    settings.SITE_URL = "https://www.example.gov.cn"
    public = f"https://www.example.gov.cn{content['public'].get_absolute_url()}"

    rss = ElementTree.fromstring(client.get("/feeds/rss/").content)
    atom = ElementTree.fromstring(client.get("/feeds/atom/").content)
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)

    assert rss.find("channel").findtext("link") == "https://www.example.gov.cn/interviews/"
    assert [item.findtext("link") for item in rss.iter("item")].count(public) == 1
    assert {link.get("href") for link in atom.iter(f"{ATOM}link")} >= {
        "https://www.example.gov.cn/feeds/atom/",
        public,
    }
    locations = [loc.text for loc in sitemap.iter() if loc.tag.endswith("loc")]
    assert public in locations and all(url.startswith("https://www.example.gov.cn/") for url in locations)

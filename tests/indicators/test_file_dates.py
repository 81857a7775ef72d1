"""When the data downloads last changed, as the 开放数据 page's 更新时间 and each download's
``Last-Modified`` say: they move when a public figure is deleted, when an interview quoting figures
is withdrawn or published, and when an indicator changes what the files show of it; nothing moves
on a save that changes nothing the files show."""

import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from indicators.models import Indicator, Observation
from interviews.models import Interview, Question, Region
from tests.factories import make_indicator, make_interview, make_observation, make_question, make_region, make_user

pytestmark = pytest.mark.django_db

BEFORE = timezone.make_aware(datetime(2024, 3, 5, 10))  # when the fixture's figures were saved
LATER = BEFORE + timedelta(days=20, hours=3)  # when the change under test happens
FILES = {
    "all": reverse("indicators:all_csv"),
    "all json": reverse("indicators:all_json"),
    "jia": reverse("indicators:indicator_csv", args=["jia"]),
    "jia json": reverse("indicators:indicator_json", args=["jia"]),
    "yi": reverse("indicators:indicator_csv", args=["yi"]),
}


@contextmanager
def clock(moment: datetime):
    """Run the block as if it were ``moment``: whatever it saves is dated then."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def _day(moment: datetime) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.year}年{day.month}月{day.day}日"


def _page_dates(client) -> dict[str, str]:
    """Each dataset's 更新时间 on the 开放数据 page, by its name."""
    html = client.get(reverse("indicators:opendata")).content.decode()
    table = html[html.rindex("<table", 0, html.index("<caption>可下载的数据集</caption>")) :]
    table = table[table.index("<tbody>") : table.index("</table>")]
    rows = [
        [re.sub(r"<[^>]+>|\s+", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    return {row[0]: row[3] for row in rows}


def _headers(client) -> dict[str, tuple[str, str]]:
    """Each download's (Last-Modified, ETag); ("", "") for a file no longer offered (404)."""
    found = {}
    for name, url in FILES.items():
        response = client.get(url)
        found[name] = (
            (response.get("Last-Modified", ""), response.get("ETag", "")) if response.status_code == 200 else ("", "")
        )
    return found


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def _sitemap(client) -> dict[str, str]:
    """Each sitemap entry's ``lastmod`` (a day), by its path."""
    root = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {
        "/" + url.find("s:loc", ns).text.split("/", 3)[3]: url.find("s:lastmod", ns).text
        for url in root.findall("s:url", ns)
        if url.find("s:lastmod", ns) is not None
    }


def _seen(client) -> dict:
    return {"page": _page_dates(client), "files": _headers(client)}


@pytest.fixture
def figures():
    """甲指标 with a tabular figure and one quoted in a published interview, 乙指标 with a tabular
    figure, and a 待核实 figure of 甲指标 in the interview: all saved at BEFORE."""
    with clock(BEFORE):
        jia = make_indicator(name="甲指标", code="jia")
        yi = make_indicator(name="乙指标", code="yi")
        region = make_region(name="甲区")
        interview = make_interview(title="访谈", region=region, published_at=BEFORE - timedelta(days=1))
        question = make_question(interview, answer="生产总值达到100亿元，比上年增长5亿元。")
        quoted = {"interview": interview, "question": question, "source": "", "unit": "亿元"}
        return {
            "tabular": make_observation(jia, region=region, period=2020, value=Decimal(1)),
            "quoted": make_observation(jia, region=region, period=2021, value=Decimal(100), span_start=6, **quoted),
            "pending": make_observation(
                jia, region=region, period=2022, value=Decimal(5), span_start=14, status="pending", **quoted
            ),
            "yi": make_observation(yi, region=region, period=2021, value=Decimal(3)),
            "interview": interview,
        }


def _assert_moved(client, before: dict, *, files: tuple[str, ...], moment: datetime) -> None:
    """The page dates ``files`` (and all figures) on ``moment``'s day, and their downloads say
    ``moment`` and have a new ETag; 乙指标, untouched, keeps its date and its file."""
    after = _seen(client)
    assert after["page"]["全部指标数据"] == after["page"].get("甲指标", _day(moment)) == _day(moment)
    assert after["page"]["乙指标"] == _day(BEFORE)
    for name in files:
        if after["files"][name] != ("", ""):
            assert after["files"][name][0] == http_date(moment.timestamp()), name
            assert after["files"][name][1] != before["files"][name][1], name
    assert after["files"]["yi"] == before["files"]["yi"]


def _assert_kept(client, before: dict, since: datetime = BEFORE) -> None:
    """Nothing moved: the page's dates and the downloads' Last-Modified and ETag are as ``before``,
    dated ``since``."""
    assert _seen(client) == before
    assert before["files"]["all"][0] == http_date(since.timestamp())


def test_before_any_change_every_download_is_dated_by_its_figures(client, figures):
    seen = _seen(client)

    assert seen["page"] == {name: _day(BEFORE) for name in ("全部指标数据", "甲指标", "乙指标")}
    assert {last_modified for last_modified, _ in seen["files"].values()} == {http_date(BEFORE.timestamp())}


# 1. A public figure deleted


def test_deleting_a_public_figure_in_the_admin_moves_the_dates(client, admin_client, figures):
    before = _seen(client)
    url = reverse("admin:indicators_observation_delete", args=[figures["tabular"].pk])

    with clock(LATER):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert not Observation.objects.filter(pk=figures["tabular"].pk).exists()
    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


def test_deleting_figures_in_bulk_moves_the_dates(client, admin_client, figures):
    before = _seen(client)
    selected = [figures["tabular"].pk, figures["quoted"].pk]

    with clock(LATER):
        admin_client.post(
            reverse("admin:indicators_observation_changelist"),
            {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
        )

    assert not Observation.objects.filter(pk__in=selected).exists()
    # 甲指标 has no public figure left: its files are gone, the file of all figures changed.
    _assert_moved(client, before, files=("all", "all json"), moment=LATER)
    assert "甲指标" not in _page_dates(client)


def test_deleting_an_interview_moves_the_dates_of_the_figures_it_quoted(client, figures):
    before = _seen(client)

    with clock(LATER):
        figures["interview"].delete()

    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


DELETIONS = {
    "the figure": lambda figures: Observation.objects.get(pk=figures["quoted"].pk).delete(),
    "a queryset of figures": lambda figures: Observation.objects.filter(pk=figures["quoted"].pk).delete(),
    "its question": lambda figures: figures["quoted"].question.delete(),
    "a queryset of questions": lambda figures: Question.objects.filter(pk=figures["quoted"].question_id).delete(),
    "a queryset of interviews": lambda figures: Interview.objects.filter(pk=figures["interview"].pk).delete(),
}


@pytest.mark.parametrize("deletion", DELETIONS, ids=list(DELETIONS))
def test_every_way_of_deleting_a_public_figure_moves_the_dates(client, figures, deletion):
    before = _seen(client)

    with clock(LATER):
        DELETIONS[deletion](figures)

    assert not Observation.objects.filter(pk=figures["quoted"].pk).exists()
    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


def test_deleting_an_unpublished_interview_with_confirmed_figures_moves_nothing(client, figures):
    with clock(BEFORE):
        draft = make_interview(title="草稿", status=Interview.Status.DRAFT)
        question = make_question(draft, answer="生产总值达到100亿元。")
        make_observation(figures["yi"].indicator, period=2017, value=Decimal(100), interview=draft, question=question)
    before = _seen(client)

    with clock(LATER):
        draft.delete()

    _assert_kept(client, before)


def test_deleting_a_figure_visitors_never_saw_moves_nothing(client, admin_client, figures):
    before = _seen(client)
    with clock(BEFORE + timedelta(days=1)):
        hidden = make_observation(figures["yi"].indicator, period=2019, value=Decimal(9), status="rejected")
    url = reverse("admin:indicators_observation_delete", args=[figures["pending"].pk])

    with clock(LATER):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
        hidden.delete()

    _assert_kept(client, before)


# 2. An interview quoting confirmed figures withdrawn, or published again


def _withdrawn(interview: Interview, moment: datetime) -> None:
    with clock(moment):
        interview.withdraw(by=make_user(f"reviewer{moment:%d%H}", "审核"), reason="数据有误")


def test_withdrawing_an_interview_moves_the_dates_of_the_files_its_figures_left(client, figures):
    before = _seen(client)

    _withdrawn(figures["interview"], LATER)

    assert Interview.objects.get(pk=figures["interview"].pk).status == Interview.Status.WITHDRAWN
    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


def test_publishing_again_with_the_original_publish_time_moves_the_dates(client, figures):
    interview = figures["interview"]
    original = interview.published_at
    _withdrawn(interview, LATER)
    before = _seen(client)
    again = LATER + timedelta(days=3)

    with clock(again):
        interview.publish(at=original)  # 补录: the original publish time, backdated

    assert Interview.objects.get(pk=interview.pk).published_at == original
    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=again)


def test_a_scheduled_publish_dates_the_files_when_it_comes(client, figures):
    interview = figures["interview"]
    _withdrawn(interview, LATER)
    before = _seen(client)
    scheduled = LATER + timedelta(days=5)

    with clock(LATER + timedelta(days=1)):
        interview.publish(at=scheduled)
        _assert_kept(client, before, since=LATER)  # not public yet: nothing changed

    with clock(scheduled + timedelta(hours=1)):
        _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=scheduled)


def test_an_interview_reaching_its_expiry_dates_the_files_by_it(client, figures):
    before = _seen(client)
    interview = figures["interview"]
    with clock(LATER - timedelta(days=1)):
        interview.set_expiry(by=make_user("reviewer", "审核"), at=LATER)
        _assert_kept(client, before)

    with clock(LATER + timedelta(days=1)):
        _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


def test_a_past_expiry_dates_the_files_when_it_is_set(client, figures):
    before = _seen(client)

    with clock(LATER):
        figures["interview"].set_expiry(by=make_user("reviewer", "审核"), at=LATER - timedelta(days=2))

    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)


def test_withdrawing_a_scheduled_interview_before_it_comes_out_moves_nothing(client, figures):
    interview = figures["interview"]
    _withdrawn(interview, LATER)
    with clock(LATER + timedelta(days=1)):
        interview.publish(at=LATER + timedelta(days=5))
        before = _seen(client)

    _withdrawn(interview, LATER + timedelta(days=2))

    with clock(LATER + timedelta(days=3)):
        _assert_kept(client, before, since=LATER)


def test_clearing_a_passed_expiry_dates_the_files_when_the_interview_comes_back(client, figures):
    reviewer = make_user("reviewer", "审核")
    with clock(LATER - timedelta(days=1)):
        figures["interview"].set_expiry(by=reviewer, at=LATER)
    with clock(LATER + timedelta(days=1)):
        before = _seen(client)  # offline since LATER
    back = LATER + timedelta(days=2)

    with clock(back):
        figures["interview"].set_expiry(by=reviewer, at=None)

    with clock(back + timedelta(days=1)):
        _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=back)


def test_saving_an_interview_without_changing_whether_it_is_public_moves_nothing(client, figures):
    before = _seen(client)
    interview = Interview.objects.get(pk=figures["interview"].pk)

    with clock(LATER):
        interview.summary = "新的摘要"
        interview.save()
        Interview.objects.get(pk=interview.pk).save()

    _assert_kept(client, before)


def test_withdrawing_an_interview_without_confirmed_figures_moves_nothing(client, figures):
    with clock(BEFORE):
        other = make_interview(title="另一篇访谈", published_at=BEFORE - timedelta(days=1))
        make_observation(figures["yi"].indicator, period=2018, value=Decimal(7), interview=other, status="pending")
    before = _seen(client)

    _withdrawn(other, LATER)

    _assert_kept(client, before)


# Dates never go back: a step that changes nothing in the files keeps the date an earlier one gave.


def _expires_on_later(figures) -> None:
    with clock(LATER - timedelta(days=1)):
        figures["interview"].set_expiry(by=make_user("expiring", "审核"), at=LATER)


def _rejected(figure: Observation, moment: datetime) -> None:
    with clock(moment):
        Observation.objects.get(pk=figure.pk).review(Observation.Status.REJECTED)


# Each a first step that takes 甲指标's quoted figure out of the files on LATER, then one after it that
# changes nothing the files show.
STEPS_THAT_CHANGE_NOTHING_MORE = {
    "expired, then withdrawn": lambda figures: (
        _expires_on_later(figures),
        _withdrawn(figures["interview"], LATER + timedelta(days=3)),
    ),
    "expired, then withdrawn and reopened": lambda figures: (
        _expires_on_later(figures),
        _withdrawn(figures["interview"], LATER + timedelta(days=3)),
        _reopened(figures["interview"], LATER + timedelta(days=4)),
    ),
    "expired, then its 下线时间 moved to an earlier past time": lambda figures: (
        _expires_on_later(figures),
        _set_expiry(figures["interview"], LATER + timedelta(days=3), at=LATER - timedelta(hours=12)),
    ),
    "expired, then the figure rejected": lambda figures: (
        _expires_on_later(figures),
        _rejected(figures["quoted"], LATER + timedelta(days=3)),
    ),
    "withdrawn, then the figure rejected": lambda figures: (
        _withdrawn(figures["interview"], LATER),
        _rejected(figures["quoted"], LATER + timedelta(days=3)),
    ),
    "the figure rejected, then withdrawn": lambda figures: (
        _rejected(figures["quoted"], LATER),
        _withdrawn(figures["interview"], LATER + timedelta(days=3)),
    ),
    "the figure rejected, then expired": lambda figures: (
        _rejected(figures["quoted"], LATER),
        _set_expiry(figures["interview"], LATER + timedelta(days=3), at=LATER + timedelta(days=2)),
    ),
}


def _reopened(interview: Interview, moment: datetime) -> None:
    with clock(moment):
        Interview.objects.get(pk=interview.pk).reopen(by=make_user("reopening", "审核"))


def _set_expiry(interview: Interview, moment: datetime, *, at: datetime) -> None:
    with clock(moment):
        Interview.objects.get(pk=interview.pk).set_expiry(by=make_user(f"expiry{moment:%d%H}", "审核"), at=at)


@pytest.mark.parametrize("steps", STEPS_THAT_CHANGE_NOTHING_MORE, ids=list(STEPS_THAT_CHANGE_NOTHING_MORE))
def test_a_step_that_changes_nothing_more_in_the_files_never_takes_their_date_back(client, figures, steps):
    STEPS_THAT_CHANGE_NOTHING_MORE[steps](figures)

    with clock(LATER + timedelta(days=5)):
        assert _page_dates(client) == {"全部指标数据": _day(LATER), "甲指标": _day(LATER), "乙指标": _day(BEFORE)}
        assert _headers(client)["jia"][0] == _headers(client)["all"][0] == http_date(LATER.timestamp())
        assert _sitemap(client)[reverse("indicators:dashboard", args=[figures["yi"].region.slug])] == _iso(LATER)


# 3. The indicator changing what the files show of it


def _indicator_form(indicator: Indicator, **changes) -> dict:
    """The indicator's admin change form as the browser posts it, with ``changes``."""
    data = {
        "name": indicator.name,
        "code": indicator.code,
        "category": indicator.category,
        "unit": indicator.unit,
        "definition": indicator.definition,
        "is_confirmed": "on" if indicator.is_confirmed else "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    return {key: value for key, value in {**data, **changes}.items() if value != ""}


def test_renaming_an_indicator_in_the_admin_moves_the_dates(client, admin_client, figures):
    before = _seen(client)
    jia = figures["tabular"].indicator

    with clock(LATER):
        url = reverse("admin:indicators_indicator_change", args=[jia.pk])
        assert admin_client.post(url, _indicator_form(jia, name="甲指标（新）")).status_code == 302

    after = _seen(client)
    assert after["page"]["甲指标（新）"] == after["page"]["全部指标数据"] == _day(LATER)
    assert after["files"]["jia"][0] == after["files"]["all"][0] == http_date(LATER.timestamp())
    assert after["files"]["jia"][1] != before["files"]["jia"][1]
    assert after["files"]["yi"] == before["files"]["yi"]


@pytest.mark.parametrize(
    "changes",
    [{"code": "jia2"}, {"category": Indicator.Category.LIVELIHOOD}, {"unit": "人"}, {"definition": "统计口径说明"}],
)
def test_any_indicator_field_the_files_show_moves_the_dates(client, figures, changes):
    before = _seen(client)
    jia = Indicator.objects.get(code="jia")

    with clock(LATER):
        for name, value in changes.items():
            setattr(jia, name, value)
        jia.save()

    after = _seen(client)
    assert after["page"]["甲指标"] == after["page"]["全部指标数据"] == _day(LATER)
    json_url = reverse("indicators:indicator_json", args=[jia.code])
    assert client.get(json_url)["Last-Modified"] == http_date(LATER.timestamp())
    assert after["files"]["yi"] == before["files"]["yi"]


def test_unconfirming_an_indicator_moves_the_date_of_the_file_of_all_figures(client, figures):
    before = _seen(client)
    jia = Indicator.objects.get(code="jia")

    with clock(LATER):
        jia.is_confirmed = False
        jia.save()

    _assert_moved(client, before, files=("all", "all json"), moment=LATER)
    assert client.get(FILES["jia"]).status_code == 404


def test_confirming_indicators_in_bulk_moves_the_dates(client, admin_client, figures):
    Indicator.objects.filter(code="jia").update(is_confirmed=False)  # proposed by the extractor, say
    before = _seen(client)

    with clock(LATER):
        admin_client.post(
            reverse("admin:indicators_indicator_changelist"),
            {"action": "confirm_indicators", "_selected_action": [figures["tabular"].indicator_id], "post": "yes"},
        )

    assert Indicator.objects.get(code="jia").is_confirmed
    _assert_moved(client, before, files=("all", "all json"), moment=LATER)
    assert _headers(client)["jia"][0] == http_date(LATER.timestamp())


def test_saving_an_indicator_without_changing_what_the_files_show_moves_nothing(client, admin_client, figures):
    before = _seen(client)
    jia = Indicator.objects.get(code="jia")

    with clock(LATER):
        url = reverse("admin:indicators_indicator_change", args=[jia.pk])
        assert admin_client.post(url, _indicator_form(jia)).status_code == 302
        jia.found_how = "访谈中的说法"
        jia.save()
        make_indicator(name="丙指标", code="bing").save()
        unused = Indicator.objects.get(code="bing")
        unused.name = "丙指标（改）"  # no figure of it is in the files
        unused.save()

    _assert_kept(client, before)


def test_moving_a_figure_to_another_indicator_moves_the_date_of_the_one_it_left(client, figures):
    figure = Observation.objects.get(pk=figures["tabular"].pk)

    with clock(LATER):
        figure.indicator = Indicator.objects.get(code="yi")
        figure.save()

    dates = _page_dates(client)
    assert dates["甲指标"] == dates["乙指标"] == dates["全部指标数据"] == _day(LATER)
    assert _headers(client)["jia"][0] == http_date(LATER.timestamp())


# 4. What the files show of a figure's interview (its title as 来源, its address in 来源链接) and region


@pytest.mark.parametrize("field", ["title", "slug"])
def test_a_new_title_or_address_of_an_interview_quoting_figures_moves_the_dates(client, figures, field):
    before = _seen(client)
    interview = Interview.objects.get(pk=figures["interview"].pk)

    with clock(LATER):
        setattr(interview, field, {"title": "访谈（修订）", "slug": "fangtan-xiuding"}[field])
        interview.save()

    _assert_moved(client, before, files=("all", "all json", "jia", "jia json"), moment=LATER)
    assert _sitemap(client)[reverse("indicators:dashboard", args=[figures["yi"].region.slug])] == _iso(LATER)


def test_an_interview_given_back_its_former_title_dates_the_files_by_the_last_change(client, figures):
    interview = Interview.objects.get(pk=figures["interview"].pk)
    with clock(LATER):
        interview.title = "访谈（修订）"
        interview.save()
    back = LATER + timedelta(days=2)

    with clock(back):
        interview.title = "访谈"
        interview.save()

    assert _page_dates(client)["甲指标"] == _day(back)
    assert _headers(client)["jia"][0] == http_date(back.timestamp())


def test_renaming_a_region_with_figures_moves_the_dates_of_every_file_that_names_it(client, figures):
    with clock(BEFORE):
        elsewhere = make_region(name="乙区")
        bing = make_indicator(name="丙指标", code="bing")
        make_observation(bing, region=elsewhere, period=2021, value=Decimal(2))
    region = Region.objects.get(pk=figures["yi"].region_id)

    with clock(LATER):
        region.name = "甲区（新）"
        region.save()

    assert _page_dates(client) == {
        "全部指标数据": _day(LATER),
        "甲指标": _day(LATER),
        "乙指标": _day(LATER),
        "丙指标": _day(BEFORE),  # its figure is of another region
    }
    assert _headers(client)["yi"][0] == http_date(LATER.timestamp())
    assert _sitemap(client)[reverse("indicators:dashboard", args=[region.slug])] == _iso(LATER)


def test_renaming_a_region_or_an_interview_whose_figures_are_not_in_the_files_moves_nothing(client, figures):
    with clock(BEFORE):
        draft = make_interview(title="草稿", status=Interview.Status.DRAFT)
        question = make_question(draft, answer="生产总值达到100亿元。")
        make_observation(figures["yi"].indicator, period=2017, value=Decimal(1), interview=draft, question=question)
        empty = make_region(name="丙区")
    before = _seen(client)

    with clock(LATER):
        draft.title = "草稿（改）"
        draft.save()
        empty.name = "丙区（改）"
        empty.save()
        same = Region.objects.get(pk=figures["yi"].region_id)
        same.kind = Region.Kind.COUNTY  # not shown in the files
        same.save()
        interview = Interview.objects.get(pk=figures["interview"].pk)
        interview.summary = "新的摘要"
        interview.save()

    _assert_kept(client, before)


# The sitemap, and the page cache


def test_the_sitemap_dates_indicator_and_dashboard_entries_as_the_open_data_page(client, figures):
    with clock(LATER):
        Observation.objects.get(pk=figures["tabular"].pk).delete()

    root = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        url.find("s:loc", ns).text.split("/", 3)[3]: url.find("s:lastmod", ns).text
        for url in root.findall("s:url", ns)
        if url.find("s:lastmod", ns) is not None
    }
    later, before = timezone.localtime(LATER).date().isoformat(), timezone.localtime(BEFORE).date().isoformat()
    assert lastmod["indicators/jia/"] == lastmod["opendata/"] == lastmod["indicators/"] == later
    assert lastmod["indicators/yi/"] == before
    # The region shows 甲指标's figures, one of which was deleted.
    assert lastmod[reverse("indicators:dashboard", args=[figures["yi"].region.slug]).lstrip("/")] == later


AFTERWARDS = {
    "unconfirmed": lambda indicator: Indicator.objects.filter(pk=indicator.pk).update(is_confirmed=False),
    "unconfirmed and saved": lambda indicator: setattr(indicator, "is_confirmed", False) or indicator.save(),
    "deleted": lambda indicator: indicator.delete(),
}


@pytest.mark.parametrize("afterwards", AFTERWARDS, ids=list(AFTERWARDS))
def test_a_regions_entry_keeps_the_deletion_of_its_last_figure_of_an_indicator(client, figures, afterwards):
    dashboard = reverse("indicators:dashboard", args=[figures["yi"].region.slug])
    yi = Indicator.objects.get(code="yi")
    with clock(LATER):
        Observation.objects.get(pk=figures["yi"].pk).delete()  # 甲区's only figure of 乙指标
    assert _sitemap(client)[dashboard] == _iso(LATER)

    with clock(LATER + timedelta(days=2)):
        AFTERWARDS[afterwards](yi)  # the indicator has no figure left to date its change by

    # The region's page lost 乙指标 on LATER, and so did the file of all figures: neither goes back.
    assert _sitemap(client)[dashboard] == _iso(LATER)
    assert _page_dates(client) == {"全部指标数据": _day(LATER), "甲指标": _day(BEFORE)}
    assert _headers(client)["all"][0] == http_date(LATER.timestamp())


def test_with_the_page_cache_a_download_keeps_its_data_date(client, figures, page_cache):
    response = client.get(FILES["jia"])

    assert response["X-Page-Cache"] == "miss"
    assert response["Last-Modified"] == http_date(BEFORE.timestamp())
    # The site changed since (it was saved just now): a request by the data's date gets the file.
    again = client.get(FILES["jia"], headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 200 and again["Last-Modified"] == response["Last-Modified"]


def test_after_the_migration_the_files_are_dated_by_the_deletions_withdrawals_and_versions_kept(client, figures):
    from importlib import import_module

    from django.apps import apps

    fill = import_module("indicators.migrations.0012_indicator_files_changed_at").date_files_changes
    with clock(BEFORE + timedelta(days=2)):
        jia = Indicator.objects.get(code="jia")
        jia.definition = "统计口径说明"
        jia.save()
        unused = make_indicator(name="丙指标", code="bing")
        unused.name = "丙指标（改）"
        unused.save()
    _withdrawn(figures["interview"], LATER)
    with clock(LATER + timedelta(days=1)):
        Observation.objects.get(pk=figures["yi"].pk).delete()
    Indicator.objects.update(files_changed_at=None)  # as the new column starts

    fill(apps, None)

    found = dict(Indicator.objects.filter(code__in=["jia", "yi", "bing"]).values_list("code", "files_changed_at"))
    assert found == {"jia": BEFORE + timedelta(days=2), "yi": None, "bing": None}
    assert _page_dates(client) == {"全部指标数据": _day(LATER + timedelta(days=1)), "甲指标": _day(LATER)}

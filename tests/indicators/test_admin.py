import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Observation
from indicators.observing import sync_question
from tests.factories import make_indicator, make_observation, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:indicators_observation_changelist"


@pytest.fixture
def sample(imported_sample):
    return imported_sample


def test_review_list_shows_sentence_with_figure_highlighted(admin_client, sample):
    html = admin_client.get(reverse(CHANGELIST), {"status__exact": "pending"}).content.decode()

    assert "地区生产总值从2012年的<mark>220亿元</mark>,增长到2021的495.7亿元,翻了一番,固定资产投资…" in html
    assert "突破10万户" in html
    for label in ["待核实", "原句", "年份", "数值"]:
        assert label in html


def test_bulk_confirm_and_reject(admin_client, admin_user, sample):
    gdp = list(Observation.objects.filter(span_text__in=["220亿元", "495.7亿元"]).values_list("pk", flat=True))
    wrong = Observation.objects.get(span_text="6大类").pk

    admin_client.post(reverse(CHANGELIST), {"action": "confirm_selected", "_selected_action": gdp})
    admin_client.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [wrong]})

    confirmed = Observation.objects.filter(status=Observation.Status.CONFIRMED)
    assert sorted(confirmed.values_list("pk", flat=True)) == sorted(gdp)
    assert confirmed.first().reviewed_by == admin_user
    assert Observation.objects.get(pk=wrong).status == Observation.Status.REJECTED


def test_bulk_review_dates_only_the_figures_whose_change_visitors_see(admin_client, sample):
    confirmed, rejected = Observation.objects.get(span_text="220亿元"), Observation.objects.get(span_text="6大类")

    admin_client.post(reverse(CHANGELIST), {"action": "confirm_selected", "_selected_action": [confirmed.pk]})
    admin_client.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [rejected.pk]})

    confirmed.refresh_from_db()
    rejected.refresh_from_db()
    assert confirmed.modified_at >= confirmed.reviewed_at  # it entered the downloads
    assert rejected.modified_at is None  # visitors never saw it
    # Rejected after being confirmed, it leaves them: that is a change too.
    admin_client.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [confirmed.pk]})
    confirmed.refresh_from_db()
    assert confirmed.modified_at >= confirmed.reviewed_at and confirmed.status == Observation.Status.REJECTED


def test_bulk_review_leaves_a_version_with_who_and_why(admin_client, admin_user, sample):
    gdp = Observation.objects.get(span_text="220亿元")

    admin_client.post(reverse(CHANGELIST), {"action": "confirm_selected", "_selected_action": [gdp.pk]})
    admin_client.post(reverse(CHANGELIST), {"action": "confirm_selected", "_selected_action": [gdp.pk]})

    latest = gdp.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "confirmed",
        admin_user,
        "批量确认数值",
    )
    assert gdp.history.filter(status="confirmed").count() == 1  # confirming again changes nothing


def _confirm_indicators(client, indicators, *, sure: bool = False, query: str = ""):
    data = {"action": "confirm_indicators", "_selected_action": [indicator.pk for indicator in indicators]}
    if sure:
        data["post"] = "yes"  # the confirmation page's button
    return client.post(reverse("admin:indicators_indicator_changelist") + query, data)


def _table_rows(html: str) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", row).split()) for row in rows]


def test_confirming_indicators_first_shows_what_would_go_public_and_changes_nothing(admin_client, sample):
    junk, share = Indicator.objects.get(name="工作任务"), Indicator.objects.get(name="金融业占地区生产总值比重")
    known = Observation.objects.get(span_text="220亿元").indicator
    assert known.is_confirmed and not junk.is_confirmed and not share.is_confirmed

    response = _confirm_indicators(admin_client, [junk, share, known], query="?category__exact=economy")

    html = response.content.decode()
    assert response.status_code == 200 and "确认所选指标" in html
    rows = _table_rows(html)
    assert len(rows) == 2  # the one already confirmed is not listed again
    junk_row = next(row for row in rows if row.startswith("工作任务 "))
    assert "经济发展 项 1（已核实 0）" in junk_row and "确定6大类58项工作任务" in junk_row
    assert "另有 1 个所选指标已经确认" in html
    assert 'href="/admin/indicators/indicator/?category__exact=economy"' in html  # back to the list, unchanged
    assert not Indicator.objects.filter(pk__in=[junk.pk, share.pk], is_confirmed=True).exists()
    assert junk.history.count() == 1


def _confirmation_page(client, indicators):
    """The page, its number of queries and the number of figures it loaded."""
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Observation)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = _confirm_indicators(client, indicators)
    finally:
        post_init.disconnect(count, sender=Observation)
    return response.content.decode(), len(queries), len(loaded)


def test_the_confirmation_page_loads_one_example_per_indicator_however_many_figures_it_has(admin_client):
    one = make_indicator(name="甲指标", is_confirmed=False)
    make_observation(one, period=2020, value=1, quote="甲指标的例句。", status=Observation.Status.PENDING)
    many = make_indicator(name="乙指标", is_confirmed=False)
    for year in range(1990, 2020):
        make_observation(many, period=year, value=1, quote=f"乙指标{year}年的例句。", status=Observation.Status.PENDING)

    _, one_queries, one_loaded = _confirmation_page(admin_client, [one])
    html, both_queries, both_loaded = _confirmation_page(admin_client, [one, many])

    assert both_queries == one_queries
    assert (one_loaded, both_loaded) == (1, 2)  # not the 30 figures of 乙指标
    rows = {row.split()[0]: row for row in _table_rows(html)}
    assert "1（已核实 0） 甲指标的例句。" in rows["甲指标"]
    assert "30（已核实 0） 乙指标1990年的例句。" in rows["乙指标"]  # the first of its figures


def test_the_confirmation_page_is_styled_from_a_file_not_style_attributes(admin_client, sample):
    html = _confirm_indicators(admin_client, [Indicator.objects.get(name="工作任务")]).content.decode()

    assert "/static/indicators/admin_confirm.css" in html
    assert not re.search(r"\sstyle=|<style", html.split('id="content-main"')[1])


def test_confirming_on_the_page_makes_the_indicators_public_with_a_version(admin_client, admin_user, sample):
    share = Indicator.objects.get(name="金融业占地区生产总值比重")

    response = _confirm_indicators(admin_client, [share], sure=True)

    assert response.status_code == 302
    assert "已确认 1 个指标。" in admin_client.get(response.url).content.decode()
    share.refresh_from_db()
    assert share.is_confirmed
    latest = share.history.first()
    assert (latest.history_user, latest.is_confirmed, latest.history_change_reason) == (
        admin_user,
        True,
        "批量确认指标",
    )


def test_confirming_indicators_needs_change_permission(client, sample):
    indicator = Indicator.objects.get(name="工作任务")
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_indicator"))
    client.force_login(viewer)

    page = _confirm_indicators(client, [indicator])
    sure = _confirm_indicators(client, [indicator], sure=True)

    for response in (page, sure):  # the list again, with no action offered
        assert response.status_code == 200 and "确认所选指标" not in response.content.decode()
    indicator.refresh_from_db()
    assert not indicator.is_confirmed


def test_confirming_only_confirmed_indicators_says_so(admin_client, sample):
    known = Observation.objects.get(span_text="220亿元").indicator

    response = _confirm_indicators(admin_client, [known])

    assert "所选指标都已确认，没有修改。" in admin_client.get(response.url).content.decode()


def test_single_edit_records_the_reviewer(admin_client, admin_user, sample):
    observation = Observation.objects.get(span_text="10万户")
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    data = {
        "indicator": observation.indicator_id,
        "region": observation.region_id,
        "period": "2021",
        "value": "10",
        "unit": "万户",
        "qualifier": "突破",
        "kind": "count",
        "source": "",
        "status": "confirmed",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.status, observation.period, observation.reviewed_by) == ("confirmed", 2021, admin_user)


def test_a_figure_reads_as_its_sentence_wrote_it_not_to_four_places(admin_client, sample):
    observation = Observation.objects.get(span_text="495.7亿元")
    html = admin_client.get(reverse("admin:indicators_observation_change", args=[observation.pk])).content.decode()

    assert re.search(r'<input[^>]*name="value"[^>]*value="495.7"', html)
    assert "495.7000" not in html
    normalized = re.search(r"标准化数值.*?<div class=\"readonly\">(.*?)</div>", html, re.S).group(1)
    assert normalized == "49570000000"


def test_bad_unit_is_refused_in_chinese(admin_client, sample):
    observation = Observation.objects.get(span_text="10万户")
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    data = {"indicator": observation.indicator_id, "value": "10", "unit": "斤", "kind": "count", "status": "pending"}

    html = admin_client.post(url, data).content.decode()

    assert "不认识的单位「斤」" in html
    observation.refresh_from_db()
    assert observation.unit == "万户"


def test_claims_page_shows_both_sentences(admin_client, sample):
    question = sample.questions.get(number=1)
    question.answer = question.answer.replace("495.7亿元", "295.7亿元")
    question.save()
    sync_question(question)

    html = admin_client.get(reverse("admin:indicators_observation_claims")).content.decode()

    assert "「翻了一番」意味着约2倍" in html
    assert "1.34倍" in html
    assert html.count("地区生产总值从2012年的220亿元,增长到2021的295.7亿元,翻了一番") == 2


def test_claims_page_is_quiet_for_the_consistent_sample(admin_client, sample):
    html = admin_client.get(reverse("admin:indicators_observation_claims")).content.decode()

    assert "没有发现互相矛盾的数字" in html


def test_unconfirmed_indicator_shows_how_it_was_found(admin_client, sample):
    indicator = Observation.objects.get(span_text="30亿元").indicator
    html = admin_client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).content.decode()

    assert "发现经过" in html and "30亿元" in html


def test_interview_change_page_lists_its_figures(admin_client, sample):
    html = admin_client.get(reverse("admin:interviews_interview_change", args=[sample.pk])).content.decode()

    assert "访谈中的数字" in html
    assert html.count("待核实") == 25  # one status cell per figure


def test_the_export_page_offers_its_columns_by_their_chinese_names(admin_client):
    html = admin_client.get(reverse("admin:indicators_observation_export")).content.decode()
    labels = re.findall(r'<label[^>]*for="id_observationresource_[^"]*"[^>]*>\s*([^<]*?)\s*</label>', html)

    assert labels == ["地区", "指标", "年份", "数值", "单位", "来源", "限定词", "类型", "是否目标", "来源链接"]
    assert "全选" in html and "Select all" not in html


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", html.split('id="result_list"')[1].split("<tbody>")[1], re.S)


def test_review_list_warns_only_where_the_answer_changed(admin_client, sample):
    Observation.objects.filter(span_text="10万户").update(span_lost=True)

    html = admin_client.get(reverse(CHANGELIST)).content.decode()

    rows = _rows(html)
    warned = [row for row in rows if "source-changed" in row]
    assert len(rows) == 25 and len(warned) == 1 and "<mark>10万户</mark>" in warned[0]
    assert "icon-no" not in html  # no red cross on the figures that are fine
    # The filter still finds them.
    lost = admin_client.get(reverse(CHANGELIST), {"span_lost__exact": "1"}).content.decode()
    assert len(_rows(lost)) == 1


def test_review_list_fits_seven_columns_with_the_sentences_wording_under_its_indicator(admin_client, sample):
    # Nine columns pushed 地区, 状态 and the warning off a 1280-pixel screen beside the sidebars.
    Observation.objects.filter(span_text="10万户").update(span_lost=True)

    html = admin_client.get(reverse(CHANGELIST)).content.decode()

    header = html.split('id="result_list"')[1].split("<tbody>")[0]
    cells = re.findall(r'<th scope="col".*?</th>', header, re.S)
    columns = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
    assert columns[1:] == ["原句", "指标", "数值", "年份", "类型", "地区", "状态"]
    rows = _rows(html)
    row = next(r for r in rows if "<mark>翻了一番</mark>" in r)
    assert re.search(r"地区生产总值增长倍数（待确认）<br><small[^>]*>原文：地区生产总值</small>", row)
    assert ">南关区<" in row and "长春市" not in row  # the region's own name; the filter has the path
    lost = next(r for r in rows if "<mark>10万户</mark>" in r)
    assert re.search(r'待核实<br><strong class="source-changed">', lost)


def test_interview_page_warns_only_where_the_answer_changed(admin_client, sample):
    Observation.objects.filter(span_text="10万户").update(span_lost=True)

    html = admin_client.get(reverse("admin:interviews_interview_change", args=[sample.pk])).content.decode()

    assert html.count("source-changed") == 1
    assert "icon-no" not in html

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, Observation
from indicators.observing import sync_question
from interviews.importing.loader import save_interview
from interviews.importing.parser import parse_transcript
from interviews.models import Question
from tests.factories import make_interview, make_question, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(sample_text):
    return save_interview(parse_transcript(sample_text), source_text=sample_text).interview


def test_import_creates_pending_observations_with_provenance(imported):
    observations = Observation.objects.filter(interview=imported)

    assert observations.count() == 25
    assert set(observations.values_list("status", flat=True)) == {Observation.Status.PENDING}
    gdp = observations.get(span_text="495.7亿元")
    assert gdp.indicator.name == "地区生产总值"
    assert (gdp.period, gdp.region.name, gdp.question.number) == (2021, "南关区", 1)
    assert gdp.question.answer[gdp.span_start : gdp.span_end] == "495.7亿元"
    assert "增长到2021的495.7亿元" in gdp.quote
    assert gdp.normalized_value == 49570000000


def test_unknown_metric_proposes_an_unconfirmed_indicator(imported):
    projects = Observation.objects.get(interview=imported, span_text="30亿元")

    assert projects.indicator.is_confirmed is False
    assert "30亿元" in projects.indicator.found_how
    assert "访谈" in projects.indicator.found_how


def test_reimport_does_not_duplicate(sample_text, imported):
    save_interview(parse_transcript(sample_text), source_text=sample_text)
    sync_question(imported.questions.get(number=1))

    assert Observation.objects.count() == 25


def test_editing_an_answer_moves_spans_and_keeps_reviews(imported):
    question = imported.questions.get(number=1)
    gdp = question.observations.get(span_text="220亿元")
    gdp.review(Observation.Status.CONFIRMED)

    question.answer = "补充一句话。" + question.answer
    question.save()
    sync_question(question)

    gdp.refresh_from_db()
    assert gdp.status == Observation.Status.CONFIRMED
    assert question.answer[gdp.span_start : gdp.span_end] == "220亿元"
    assert question.observations.count() == 12


def test_editing_away_a_figure_flags_it(imported):
    question = imported.questions.get(number=1)
    question.answer = question.answer.replace("市场主体突破10万户", "市场主体突破11万户")
    question.save()
    sync_question(question)

    old = question.observations.get(span_text="10万户")
    assert old.span_lost and old.span_start is None
    new = question.observations.get(span_text="11万户")
    assert new.status == Observation.Status.PENDING and not new.span_lost


def test_a_confirmed_figure_edited_away_is_dated_and_one_left_alone_is_not(imported):
    question = imported.questions.get(number=1)
    for span_text in ("10万户", "5家"):
        question.observations.get(span_text=span_text).review(Observation.Status.CONFIRMED)
    long_ago = timezone.now() - timedelta(days=365)
    Observation.objects.filter(modified_at__isnull=False).update(modified_at=long_ago)

    question.answer = question.answer.replace("市场主体突破10万户", "市场主体突破11万户")
    question.save()
    sync_question(question)

    lost, kept, new = (question.observations.get(span_text=text) for text in ("10万户", "5家", "11万户"))
    assert lost.span_lost and lost.modified_at > long_ago  # it left the downloads
    assert kept.modified_at == long_ago  # its sentence (the next one) and place did not change
    assert new.modified_at is None  # 待核实: visitors do not see it


def test_admin_edit_of_an_answer_resyncs_figures(admin_client, imported):
    question = imported.questions.get(number=1)
    url = reverse("admin:interviews_interview_change", args=[imported.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"title": imported.title, "slug": imported.slug, "kind": imported.kind, "status": imported.status})
    data.update(_formset_data(page.context["inline_admin_formsets"]))
    prefix = next(p for p in data if p.endswith("-answer") and data[p] == question.answer).rsplit("-", 1)[0]
    data[f"{prefix}-answer"] = question.answer.replace("市场主体突破10万户", "市场主体突破11万户")

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "找不到了" in response.content.decode()
    assert question.observations.get(span_text="10万户").span_lost
    assert question.observations.filter(span_text="11万户").exists()


def _formset_data(inline_admin_formsets) -> dict:
    data = {}
    for inline in inline_admin_formsets:
        formset = inline.formset
        management = formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for form in formset.forms:
            for name in form.fields:
                value = form.instance.pk if name == "id" else form.initial.get(name)
                if hasattr(value, "pk"):
                    value = value.pk
                if value is not None:
                    data[form.add_prefix(name)] = value
    return data


def test_seeded_indicators_have_aliases():
    gdp = Indicator.objects.get(code="gdp")
    assert {"生产总值", "GDP"} <= set(gdp.aliases.values_list("name", flat=True))
    assert Indicator.objects.filter(is_confirmed=True).count() >= 10
    assert Question  # the model the observations hang on


def test_proposed_indicators_get_a_likely_category(imported):
    def category(span):
        return Observation.objects.get(interview=imported, span_text=span).indicator.category

    assert category("5家") == Indicator.Category.ECONOMY  # 新三板上市企业
    assert category("210个") == Indicator.Category.ECONOMY  # 解决项目堵点
    assert category("12家") == Indicator.Category.ECONOMY  # 华为上下游合作企业
    assert category("70%") == Indicator.Category.BUSINESS  # 政务服务审批时间


def test_a_figure_edited_away_is_no_longer_public(imported):
    imported.publish()
    question = imported.questions.get(number=1)
    question.observations.update(status=Observation.Status.CONFIRMED)
    question.answer = question.answer.replace("495.7亿元", "496亿元")
    question.save()
    sync_question(question)

    public = Observation.objects.public()
    assert not public.filter(span_text="495.7亿元").exists()
    assert public.filter(span_text="220亿元").exists()


def test_source_link_points_at_the_figure_or_else_its_question(imported):
    observation = Observation.objects.get(interview=imported, span_text="210个")
    assert observation.source_url() == f"{imported.get_absolute_url()}#f{observation.pk}"

    observation.span_start = observation.span_end = None
    assert observation.source_url() == f"{imported.get_absolute_url()}#q2"


def test_a_figure_edited_away_and_back_takes_its_place_again(imported):
    question = imported.questions.get(number=1)
    original = question.answer
    question.answer = original.replace("市场主体突破10万户", "市场主体突破11万户")
    question.save()
    sync_question(question)

    question.answer = original
    question.save()
    sync_question(question)

    assert not question.observations.get(span_text="10万户").span_lost
    assert question.observations.get(span_text="11万户").span_lost


def test_figures_that_move_onto_each_others_places_are_all_kept(imported):
    question = imported.questions.get(number=1)
    question.answer = "增长到2021的1亿元，2亿元，3亿元。"
    question.save()
    sync_question(question)
    before = {o.span_text: o.pk for o in question.observations.exclude(span_start=None)}

    question.answer = "增长到2021的4亿元，1亿元，2亿元，3亿元。"  # each figure moves to where the next one was
    question.save()
    sync_question(question)

    after = {o.span_text: o.pk for o in question.observations.exclude(span_start=None)}
    assert {text: after[text] for text in before} == before


def test_restoring_an_answer_from_history_finds_its_figures_again(admin_client, imported):
    question = imported.questions.get(number=1)
    original = Question.history.filter(id=question.pk).earliest("history_date")
    question.answer = question.answer.replace("市场主体突破10万户", "市场主体突破11万户")
    question.save()
    sync_question(question)
    assert question.observations.get(span_text="10万户").span_lost

    url = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    admin_client.post(url, {"number": question.number, "text": question.text, "answer": original.answer})

    figure = question.observations.get(span_text="10万户")
    assert not figure.span_lost
    assert original.answer[figure.span_start : figure.span_end] == "10万户"


def test_updating_an_interview_by_import_keeps_the_reviews_of_figures_it_still_quotes(sample_text, imported):
    imported.observations.update(status=Observation.Status.CONFIRMED)
    revised = sample_text.replace("党的十八大以来的这十年", "党的十八大以来这十年", 1)

    save_interview(parse_transcript(revised), source_text=revised, update=True)

    statuses = set(imported.observations.values_list("status", flat=True))
    assert (imported.observations.count(), statuses) == (25, {Observation.Status.CONFIRMED})


def test_an_average_annual_rate_is_filed_with_the_yearly_rates_and_says_it_is_an_average(admin_client):
    interview = make_interview(region=make_region(name="甲区"))
    answer = "2021年，全区地区生产总值达到495.7亿元，同比增长6.5%，十年来年均增长9%。"
    sync_question(make_question(interview, answer=answer))
    yearly, average = Observation.objects.filter(unit="%").order_by("span_start")

    assert (yearly.indicator.code, yearly.comparison, yearly.display_value) == ("gdp-growth", "同比", "6.5%")
    assert (average.indicator.code, average.comparison, average.display_value) == ("gdp-growth", "年均", "年均9%")
    review_list = admin_client.get(reverse("admin:indicators_observation_changelist")).content.decode()
    assert "年均9%" in review_list

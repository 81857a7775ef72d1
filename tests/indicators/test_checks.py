"""The indicators app's pre-publish checks, as reviewers meet them in the workflow."""

import pytest

from indicators.models import Observation
from interviews.checks import run_checks
from interviews.importing.loader import save_interview
from interviews.importing.parser import parse_transcript
from interviews.workflow import WorkflowError
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DOUBLING_THAT_IS_NOT = (
    "【视频】测试系列|访谈·南关区\n1.经济发展怎么样?\n地区生产总值从2012年的220亿元,增长到2021的300亿元,翻了一番。\n"
)


def imported(text: str):
    return save_interview(parse_transcript(text), source_text=text).interview


def test_pending_figures_are_a_minor_finding(sample_text):
    interview = imported(sample_text)

    [finding] = [f for f in run_checks(interview) if f.code == "unconfirmed_figures"]

    assert not finding.blocks
    assert f"{Observation.objects.filter(interview=interview).count()} 个数字尚未核实" in finding.message


def test_confirmed_figures_leave_no_finding(sample_text):
    interview = imported(sample_text)
    Observation.objects.update(status=Observation.Status.CONFIRMED)

    assert not [f for f in run_checks(interview) if f.code == "unconfirmed_figures"]


def test_sample_has_no_claim_conflict(sample_text):
    assert not [f for f in run_checks(imported(sample_text)) if f.code == "claim_conflict"]


def test_doubling_claim_against_levels_blocks_publishing_until_overridden():
    interview = imported(DOUBLING_THAT_IS_NOT)
    interview.summary = "摘要。"
    interview.save()
    editor, reviewer = make_user("editor", "编辑"), make_user("reviewer", "审核")

    [conflict] = [f for f in run_checks(interview) if f.code == "claim_conflict"]
    assert conflict.blocks
    assert "220亿元" in conflict.context and "翻了一番" in conflict.context

    interview.submit(by=editor)
    with pytest.raises(WorkflowError, match="严重问题"):
        interview.approve(by=reviewer)
    interview.approve(by=reviewer, override_reason="经统计局核实，原文如此。")

    interview.refresh_from_db()
    assert interview.status == interview.Status.PUBLISHED


def test_an_average_annual_rate_is_not_checked_as_the_rate_of_its_year():
    # 450 → 495.7亿元 is 10.2% in 2021; the 9% is the average of ten years, not a wrong figure.
    interview = imported(
        "【视频】测试系列|访谈·南关区\n1.经济发展怎么样?\n2020年地区生产总值450亿元。"
        "2021年，地区生产总值达到495.7亿元，同比增长10%，十年来年均增长9%。\n"
    )

    assert Observation.objects.get(interview=interview, span_text="9%").comparison == "年均"
    assert not [f for f in run_checks(interview) if f.code == "claim_conflict"]


def test_a_rate_of_part_of_a_year_is_not_checked_as_the_rate_of_its_year():
    # 450 → 495.7亿元 is 10.2% for 2021; 「上半年增长5%」 is the first half against last year's first
    # half, and 「环比增长1.2%」 against the quarter before: neither is a wrong figure to block on.
    interview = imported(
        "【视频】测试系列|访谈·南关区\n1.经济发展怎么样?\n2020年地区生产总值450亿元。"
        "2021年，地区生产总值达到495.7亿元，同比增长10%。2021年上半年，地区生产总值同比增长5%。"
        "2021年四季度，地区生产总值环比增长1.2%。\n"
    )

    half = Observation.objects.get(interview=interview, span_text="5%")
    quarter = Observation.objects.get(interview=interview, span_text="1.2%")
    assert (half.part_of_year, quarter.comparison) == ("上半年", "环比")
    assert not [f for f in run_checks(interview) if f.code == "claim_conflict"]

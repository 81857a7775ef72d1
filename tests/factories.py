"""Plain factory functions: each returns a saved object, overridable by keyword."""

from datetime import timedelta

from django.utils import timezone

from indicators.models import Indicator, Observation
from interviews.models import Appearance, Interview, Person, Question, Region, Series


def make_region(**fields) -> Region:
    fields.setdefault("name", f"测试区{Region.objects.count() + 1}")
    return Region.objects.create(**fields)


def make_series(**fields) -> Series:
    fields.setdefault("name", f"测试系列{Series.objects.count() + 1}")
    return Series.objects.create(**fields)


def make_interview(*, questions: int = 0, **fields) -> Interview:
    """A published interview (published an hour ago) unless ``status``/``published_at`` say otherwise."""
    fields.setdefault("title", f"测试访谈{Interview.objects.count() + 1}")
    fields.setdefault("status", Interview.Status.PUBLISHED)
    if fields["status"] == Interview.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    interview = Interview.objects.create(**fields)
    for number in range(1, questions + 1):
        make_question(interview, number=number)
    return interview


def make_question(interview: Interview, **fields) -> Question:
    fields.setdefault("number", interview.questions.count() + 1)
    fields.setdefault("text", f"第{fields['number']}个问题是什么？")
    fields.setdefault("answer", "总体情况。\n一是抓项目建设。项目顺利推进。\n二是抓营商环境。环境持续优化。\n图片")
    return Question.objects.create(interview=interview, **fields)


def make_guest(interview: Interview, name: str, position: str = "", **fields) -> Appearance:
    person, _ = Person.objects.get_or_create(name=name)
    return Appearance.objects.create(interview=interview, person=person, position=position, **fields)


def make_indicator(**fields) -> Indicator:
    fields.setdefault("name", f"测试指标{Indicator.objects.count() + 1}")
    fields.setdefault("code", f"test-indicator-{Indicator.objects.count() + 1}")
    fields.setdefault("unit", "元")
    return Indicator.objects.create(**fields)


def make_observation(indicator: Indicator, **fields) -> Observation:
    """A confirmed tabular observation (no interview) unless fields say otherwise."""
    fields.setdefault("status", Observation.Status.CONFIRMED)
    fields.setdefault("unit", "亿元")
    fields.setdefault("source", "统计公报")
    return Observation.objects.create(indicator=indicator, **fields)

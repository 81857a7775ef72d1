import pytest
from django.core.exceptions import ValidationError

from interviews.checks import proofreading, run_checks
from interviews.importing.loader import save_interview
from interviews.importing.parser import parse_transcript
from interviews.models import ProofreadingRule
from interviews.proofreading import Matcher, Rule
from tests.factories import make_draft, make_question

AN_ZHUANG = Rule("按装", "安装", "minor", exceptions=("按装修标准",))
TITLE = Rule("习总书记", "习近平总书记", "severe")


def test_finds_every_wrong_form_with_position_and_context():
    text = "我们按装了设备，学习习总书记讲话，又按装了一台。"

    matches = Matcher([AN_ZHUANG, TITLE]).find(text)

    assert [(m.rule.wrong, m.start, m.end) for m in matches] == [("按装", 2, 4), ("习总书记", 10, 14), ("按装", 18, 20)]
    assert all(text[m.start : m.end] == m.rule.wrong for m in matches)
    assert matches[1].context == "我们按装了设备，学习【习总书记】讲话，又按装了一台。"


def test_context_is_cut_around_long_text():
    text = "甲" * 40 + "按装" + "乙" * 40

    (match,) = Matcher([AN_ZHUANG]).find(text)

    assert match.context == "…" + "甲" * 12 + "【按装】" + "乙" * 12 + "…"


def test_exception_phrase_is_not_reported():
    assert Matcher([AN_ZHUANG]).find("按装修标准验收") == []
    assert [m.start for m in Matcher([AN_ZHUANG]).find("按装修标准验收，再按装一次")] == [9]


def test_a_right_form_containing_the_wrong_one_is_not_reported():
    bare_title = Rule("总书记", "习近平总书记", "severe")

    matches = Matcher([bare_title]).find("习近平总书记指出，总书记强调")

    assert [(m.start, m.end) for m in matches] == [(9, 12)]  # only the bare 「总书记」


def test_shorter_wrong_form_inside_a_longer_one_is_reported_once():
    long = Rule("以习近平为核心的党中央", "以习近平同志为核心的党中央", "severe")
    short = Rule("习近平为核心", "习近平同志为核心", "severe")

    matches = Matcher([short, long]).find("团结在以习近平为核心的党中央周围")

    assert [m.rule.wrong for m in matches] == ["以习近平为核心的党中央"]


def test_no_rules_or_no_text_finds_nothing():
    assert Matcher([]).find("按装") == []
    assert Matcher([AN_ZHUANG]).find("") == []


@pytest.mark.django_db
def test_starter_rules_never_fire_on_their_own_right_form_or_exceptions():
    rules = list(ProofreadingRule.objects.all())
    assert len(rules) >= 40
    assert ProofreadingRule.objects.filter(severity="severe").count() >= 15
    matcher = Matcher(Rule(r.wrong, r.right, r.severity, exceptions=tuple(r.exception_list())) for r in rules)

    for rule in rules:
        for correct in [rule.right, *rule.exception_list()]:
            assert matcher.find(correct) == [], (rule.wrong, correct)


@pytest.mark.django_db
def test_starter_rules_catch_the_documented_examples():
    interview = make_draft(title="关于按装路灯的访谈")
    make_question(interview, answer="既使困难再大，也要团结在以习近平为核心的党中央周围。")

    found = {(f.where, f.message.split("」")[0].lstrip("「"), f.severity) for f in proofreading(interview)}

    assert ("标题", "按装", "minor") in found
    assert ("问3 回答", "既使", "minor") in found
    assert ("问3 回答", "以习近平为核心的党中央", "severe") in found


@pytest.mark.django_db
def test_sample_interview_has_no_severe_finding(sample_text):
    interview = save_interview(parse_transcript(sample_text), source_text=sample_text).interview

    findings = run_checks(interview)

    assert [f for f in findings if f.blocks] == []
    assert [f for f in findings if f.code == "proofreading"] == []


@pytest.mark.django_db
def test_inactive_rule_is_ignored():
    ProofreadingRule.objects.filter(wrong="按装").update(active=False)
    interview = make_draft(title="按装路灯")

    assert list(proofreading(interview)) == []


@pytest.mark.django_db
def test_rule_exception_must_contain_the_wrong_form():
    rule = ProofreadingRule(wrong="按装", right="安装", exceptions="安装好")

    with pytest.raises(ValidationError, match="例外写法必须包含"):
        rule.full_clean()

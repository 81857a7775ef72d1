"""Turn the figures of an interview's answers into 待核实 observations, and keep their spans true.

Called explicitly, through ``sync_questions``: by the importer after it saves a batch of interviews
(with the figures it worked out ahead) and by the admin after an editor changes answers. It costs
the same few queries for one question or the questions of fifty interviews.
"""

import re

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from interviews.models import Interview, Question
from interviews.slugs import pinyin_slug

from .extraction import GROWTH_RATE, Figure, extract_figures, sentence_around
from .models import Indicator, IndicatorAlias, Observation


class Catalogue:
    """Indicators and aliases read once as plain rows, so naming a whole interview's figures costs two queries.

    Each entry is (name, indicator id, the indicator's unit, whether it is confirmed).
    """

    def __init__(self):
        self.indicators = list(Indicator.objects.values_list("name", "pk", "unit", "is_confirmed"))
        self.aliases = list(
            IndicatorAlias.objects.values_list("name", "indicator_id", "indicator__unit", "indicator__is_confirmed")
        )

    def lookup(self, name: str, unit: str) -> int | None:
        """The id of the indicator called ``name`` (or with that alias) in ``unit``."""
        for known, pk, known_unit, _ in self.indicators + self.aliases:
            if known == name and known_unit == unit:
                return pk
        # The longest confirmed name inside the phrase: 「全区地区生产总值」 is 地区生产总值.
        inside = [
            (len(known), pk)
            for known, pk, known_unit, confirmed in self.indicators + self.aliases
            if known and confirmed and known_unit == unit and known in name
        ]
        return max(inside, key=lambda pair: pair[0])[1] if inside else None

    def has_name_with_other_unit(self, name: str, unit: str) -> bool:
        return any(known == name and known_unit != unit for known, _, known_unit, _ in self.indicators)

    def add(self, indicator: Indicator) -> None:
        self.indicators.append((indicator.name, indicator.pk, indicator.unit, indicator.is_confirmed))


def sync_question(question: Question) -> int:
    """Match one answer's figures with its observations (after an editor changed it); see ``sync_questions``."""
    return sync_questions([question])


@transaction.atomic
def sync_questions(questions: list[Question], *, known_figures: dict[str, list[Figure]] | None = None) -> int:
    """Match each answer's figures with the question's observations.

    A figure already observed at the same place, or found again nearby after an edit, keeps its
    observation (and its review status) with the span moved; an observation whose figure is gone is
    flagged 「原文已改动」 for a reviewer. New figures become 待核实 observations, created together
    with their first history rows in one insert each. ``known_figures`` (answer → its figures) are
    used instead of extracting again (the importer works them out ahead). Returns how many were new.
    """
    observed: dict[int, list[Observation]] = {question.pk: [] for question in questions}
    for observation in Observation.objects.filter(question__in=questions):
        observed[observation.question_id].append(observation)
    catalogue = Catalogue()
    new: list[Observation] = []
    for question in questions:
        figures = (known_figures or {}).get(question.answer)
        if figures is None:
            figures = extract_figures(question.answer)
        unclaimed = _keep_observed(question.answer, figures, observed[question.pk])
        new += [_new_observation(question, figure, question.answer, catalogue) for figure in unclaimed]
    bulk_create_with_history(new, Observation)  # the extracted figure is the first version of its history
    return len(new)


def _keep_observed(answer: str, figures: list[Figure], existing: list[Observation]) -> list[Figure]:
    """Move existing observations onto their figures (or flag them lost); returns the figures left over."""
    unclaimed = list(figures)
    placed: list[tuple[Observation, Figure]] = []
    for observation in sorted(existing, key=lambda o: o.span_text != _text_at(answer, o)):
        figure = _relocate(observation, unclaimed)
        if figure is not None:
            unclaimed.remove(figure)
            placed.append((observation, figure))
    # A figure may move to where another one was (a figure put before it, or one edited away and back):
    # free every old place first, since (question, span_start) is unique.
    Observation.objects.filter(pk__in=[observation.pk for observation in existing]).update(
        span_start=None, span_end=None
    )
    kept = {observation.pk for observation, _ in placed}
    for observation in existing:
        if observation.pk not in kept:
            # Keep the old wording and sentence for the reviewer, but no offset that now points elsewhere.
            observation.span_lost, observation.span_start, observation.span_end = True, None, None
            observation.save(update_fields=["span_lost", "span_start", "span_end"])
    for observation, figure in placed:
        _place(observation, figure, answer)
        observation.span_lost = False
        observation.save(update_fields=["span_start", "span_end", "quote", "quote_start", "span_lost"])
    return unclaimed


def _text_at(answer: str, observation: Observation) -> str:
    if observation.span_start is None:
        return ""
    return answer[observation.span_start : observation.span_end]


def _relocate(observation: Observation, figures: list[Figure]) -> Figure | None:
    same = [f for f in figures if f.text == observation.span_text]
    if not same:
        return None
    return min(same, key=lambda f: abs(f.start - (observation.span_start or 0)))


def _place(observation: Observation, figure: Figure, answer: str) -> None:
    quote_start, quote_end = sentence_around(answer, figure.start, figure.end)
    observation.span_start, observation.span_end, observation.span_text = figure.start, figure.end, figure.text
    observation.quote, observation.quote_start = answer[quote_start:quote_end].strip(), quote_start


def _new_observation(question: Question, figure: Figure, answer: str, catalogue: Catalogue) -> Observation:
    interview = question.interview
    observation = Observation(
        indicator_id=indicator_for(figure, interview=interview, question=question, catalogue=catalogue),
        region=interview.region,
        period=figure.year,
        part_of_year=figure.part_of_year or "",
        value=figure.value,
        unit=figure.unit,
        normalized_value=figure.normalized_value,
        normalized_unit=figure.normalized_unit,
        qualifier=figure.qualifier or "",
        kind=figure.kind,
        is_target=figure.target,
        comparison=figure.comparison or "",
        metric_text=figure.metric[:100],
        interview=interview,
        question=question,
    )
    _place(observation, figure, answer)
    return observation


def indicator_for(
    figure: Figure,
    *,
    interview: Interview | None = None,
    question: Question | None = None,
    catalogue: Catalogue | None = None,
) -> int:
    """The id of the indicator a figure's metric names (by name or alias, unit agreeing), or of a new one."""
    catalogue = catalogue or Catalogue()
    suffix = "增速" if figure.kind == GROWTH_RATE else "增长倍数" if figure.normalized_unit == "倍" else ""
    name = (figure.metric or "未识别指标") + suffix
    unit = figure.normalized_unit
    found = catalogue.lookup(name, unit)
    if found:
        return found
    if catalogue.has_name_with_other_unit(name, unit):
        name = f"{name}（{unit}）"
        if found := catalogue.lookup(name, unit):
            return found
    where = f"访谈「{interview.title}」第{question.number}问" if interview and question else "原文"
    indicator, _ = Indicator.objects.get_or_create(
        name=name[:60],
        defaults={
            "code": _free_code(name),
            "category": guess_category(name),
            "unit": unit,
            "is_confirmed": False,
            "found_how": (
                f"{where}中「{figure.text}」所说的「{figure.metric or '（无）'}」不是已有指标或别名，自动提出。"
            ),
        },
    )
    catalogue.add(indicator)
    return indicator.pk


# First matching word decides; anything else is 经济发展.
_CATEGORY_WORDS = [
    (Indicator.Category.PARTY, ("党", "支部", "干部")),
    (Indicator.Category.INNOVATION, ("科技", "技术", "研发", "专利", "高新", "人才")),
    (Indicator.Category.BUSINESS, ("审批", "营商", "市场主体", "惠企", "减税", "政务")),
    (Indicator.Category.LIVELIHOOD, ("就业", "收入", "民生", "教育", "医疗", "养老", "住房", "岗位", "社区")),
]


def guess_category(name: str) -> str:
    for category, words in _CATEGORY_WORDS:
        if any(word in name for word in words):
            return category
    return Indicator.Category.ECONOMY


def _free_code(name: str) -> str:
    base = pinyin_slug(name, max_length=60) or "indicator"
    base = re.sub(r"-+", "-", base).strip("-") or "indicator"
    code, n = base, 2
    while Indicator.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code

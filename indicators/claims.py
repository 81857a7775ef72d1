"""Numbers that disagree inside one interview, for reviewers to check before confirming.

Input: the figures of one interview as ``Stated`` values (metric, kind, normalised value and unit,
year, the figure's text and its sentence). Three checks:

- a doubling claim (「翻了一番」, 2 倍) against the earliest and latest levels of the same metric;
- a stated growth rate against the levels of the same metric in that year and the year before
  (not an average annual rate, 「十年来年均增长9%」, a month-on-month rate or a rate of part of a
  year, 「上半年同比增长5%」, which no two years' levels show);
- a 万元/亿元 slip: two levels of the same metric and year 10,000 times apart.
A level of part of a year (「一季度120亿元」) is no level of its year, so none of these reads it.
Pure: no database access; ``Decimal`` throughout.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .extraction import CHANGE, COUNT, GROWTH_RATE, LEVEL, plain_number, rate_note

# A doubling claim holds when the levels' ratio is within this fraction of the claimed ratio.
DOUBLING_TOLERANCE = Decimal("0.15")
# A stated growth rate holds when the levels imply a rate within this many percentage points.
GROWTH_TOLERANCE_POINTS = Decimal("1")


@dataclass(frozen=True)
class Stated:
    key: object  # whatever identifies the figure to the caller (an observation's pk)
    metric: str
    kind: str
    value: Decimal  # normalised
    unit: str  # normalised
    year: int | None
    text: str
    sentence: str
    comparison: str | None = None  # what a rate compares with: 「同比」, 「年均」, 「环比」…
    part_of_year: str | None = None  # 「上半年」「一季度」: the figure is of that part of its year only


@dataclass(frozen=True)
class Conflict:
    message: str  # for the reviewer, in Chinese
    first: Stated
    second: Stated


def check_claims(items: Sequence[Stated]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    levels: dict[str, list[Stated]] = {}
    for item in items:
        if item.kind in (LEVEL, COUNT) and item.metric and item.value > 0 and not item.part_of_year:
            levels.setdefault(item.metric, []).append(item)
    for item in items:
        series = levels.get(item.metric, [])
        if item.kind == CHANGE and item.unit == "倍":
            conflicts += _doubling(item, series)
        elif item.kind == GROWTH_RATE and item.unit == "%" and item.year and _is_yearly(item):
            conflicts += _growth(item, series)
    for series in levels.values():
        conflicts += _slips(series)
    return conflicts


def _is_yearly(rate: Stated) -> bool:
    return not rate_note(rate.comparison) and not rate.part_of_year


def _doubling(claim: Stated, series: list[Stated]) -> list[Conflict]:
    dated = sorted((s for s in series if s.year), key=lambda s: s.year)
    if len(dated) < 2 or dated[0].year == dated[-1].year:
        return []
    first, last = dated[0], dated[-1]
    ratio = last.value / first.value
    if abs(ratio - claim.value) <= claim.value * DOUBLING_TOLERANCE:
        return []
    message = (
        f"「{claim.text}」意味着约{plain_number(claim.value)}倍，但{first.year}年{first.text}到{last.year}年{last.text}"
        f"实际是{ratio:.2f}倍。"
    )
    return [Conflict(message, claim, last)]


def _growth(claim: Stated, series: list[Stated]) -> list[Conflict]:
    this_year = [s for s in series if s.year == claim.year]
    last_year = [s for s in series if s.year == claim.year - 1]
    if not this_year or not last_year:
        return []
    current, previous = this_year[0], last_year[0]
    implied = (current.value / previous.value - 1) * 100
    if abs(implied - claim.value) <= GROWTH_TOLERANCE_POINTS:
        return []
    said = f"增长{plain_number(claim.value)}%" if claim.value >= 0 else f"下降{plain_number(-claim.value)}%"
    message = f"说{said}，但{previous.year}年{previous.text}到{current.year}年{current.text}算出来是{implied:.1f}%。"
    return [Conflict(message, current, claim)]


def _slips(series: list[Stated]) -> list[Conflict]:
    conflicts = []
    for index, one in enumerate(series):
        for other in series[index + 1 :]:
            if one.year != other.year or one.unit != other.unit:
                continue
            small, large = sorted((one, other), key=lambda s: s.value)
            ratio = large.value / small.value
            if Decimal(5000) <= ratio <= Decimal(20000):
                message = f"「{small.text}」与「{large.text}」相差约一万倍，可能把万元和亿元写混了。"
                conflicts.append(Conflict(message, one, other))
    return conflicts

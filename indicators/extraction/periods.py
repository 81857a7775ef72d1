"""When a figure is of and what a rate compares against: its year (「2021年」, not the base year of
「比2012年」 nor the start of 「2012年以来」), its part of the year (「上半年」) and its comparison
(「同比」「比上年」, 「年均」 for an average over several years, 「环比」), each said in the figure's clause
or opening a clause before it in the sentence."""

import re

from .text import PART_OF_YEAR, search_last

# A year followed by 以来/至今 opens a period (「2012年以来累计…」): the figure is of no one year.
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年度?|年?(?=的|底|末|[上下]半年|前|第|,|，))(?!以来|来|至今)")
_OPENING_YEAR = re.compile(r"^(?:在|截至|截止|到|至|于|力争到|争取到|预计到|计划到)?((?:19|20)\d\d)年(?!以来|来|至今)")
_BASE_YEAR_BEFORE = re.compile(r"(?:比|较|与|同|相比|对比)$")
# 「与上年相比」「同去年同期相比」 say what 「比上年」 says, often as a clause of their own that opens the
# sentence (「与上年相比，全区…下降3.2%」): they hold for the changes after them (``opening_comparison``).
_VERSUS_LAST_YEAR = r"(?:与|同|和|跟)(?:上年|去年)(?:同期|末|底)?相比"
COMPARISON = re.compile(
    rf"同比|[比较]上年同期|比上年|较上年|[比较]去年同期|比去年|较去年|{_VERSUS_LAST_YEAR}|环比"  # 环比: MONTH_ON_MONTH
)
_OPENING_COMPARISON = re.compile(f"^({_VERSUS_LAST_YEAR})")
# 「年均增长8.1%」「平均每年增长」: an average over several years, no year's own rate (``AVERAGE``).
# Only before a rate's verb: 「二氧化硫年均浓度」 is the mean of one year, a level like any other.
_AVERAGE_RATE = re.compile(
    r"(?:年均|年平均|平均每年)(?:分别)?(?:增长|增速|增幅|上涨|上升|提高|提升|下降|下滑|减少)(?![到至])"
)
AVERAGE = "年均"
MONTH_ON_MONTH = "环比"  # against the month or quarter before
# Rates that are no rate of their year: said with the figure wherever it is shown, never charted by year.
NOT_YEARLY_COMPARISONS = (AVERAGE, MONTH_ON_MONTH)


def rate_note(comparison: str | None) -> str:
    """「年均」 or 「环比」 for a rate that is no rate of its year (``NOT_YEARLY_COMPARISONS``), else ""."""
    return comparison if comparison in NOT_YEARLY_COMPARISONS else ""


def comparison(clause: str) -> str | None:
    """What a rate in ``clause`` compares against: 「年均」 for an average rate, else the last 「同比」
    「比上年」「环比」… the clause says; None when it says none."""
    return AVERAGE if _AVERAGE_RATE.search(clause) else search_last(COMPARISON, clause)


def opening_comparison(norm: str, sentence_start: int, clause_start: int) -> str | None:
    """「与上年相比」 opening a clause before ``clause_start`` in the sentence, as a year does."""
    if norm.find("相比", sentence_start, clause_start) == -1:
        return None  # the common case, without reading the clauses
    return _opening(_OPENING_COMPARISON, norm, sentence_start, clause_start)


def year(norm: str, clause_start: int, sentence_start: int, start: int, skip: tuple[int, int] = (0, 0)) -> int | None:
    """The year said last in the figure's clause before it, or opening a clause before it in the
    sentence; not a base year (「比2012年」), nor one in ``skip``: 「从2012年的220亿元」 in
    「从2012年的220亿元到495.7亿元」 is the year of where it started, not of 495.7亿元."""
    years = [
        m
        for m in _YEAR.finditer(norm, clause_start, start)
        if not _is_base_year(norm, m.start()) and not skip[0] <= m.start() < skip[1]
    ]
    if years:
        return int(years[-1].group(1))
    # A year opening a clause of this sentence carries to the figures after it.
    found = _opening(_OPENING_YEAR, norm, sentence_start, clause_start)
    return int(found) if found else None


_CLAUSE = re.compile(r"[^,，;；。！!？?\n]+")


def _opening(pattern: re.Pattern, norm: str, sentence_start: int, clause_start: int) -> str | None:
    """Group 1 of ``pattern`` at the opening of the last clause before ``clause_start`` in the sentence
    that opens with it: what such a clause says (a year, a part of a year) holds for the figures after."""
    found = None
    for clause in _CLAUSE.finditer(norm, sentence_start, clause_start):
        opening = pattern.match(clause.group().strip())
        if opening:
            found = opening.group(1)
    return found


_WHOLE_YEAR = "全年"
_OPENING_PART = re.compile(rf"^(?:在|今年|去年|上年|(?:19|20)\d\d年度?)?({PART_OF_YEAR.pattern}|{_WHOLE_YEAR})")


def part_of_year(norm: str, clause_start: int, sentence_start: int, start: int) -> str | None:
    """The part of its year a figure is of (``PART_OF_YEAR``), said in its clause or opening a clause
    before it in the sentence, as a year is (「上半年，全区…增长5%，…增长8%」); None where the
    clause says 「全年」 or says nothing and no clause opens with a part."""
    clause = norm[clause_start:start]
    if _WHOLE_YEAR in clause:
        return None
    parts = PART_OF_YEAR.findall(clause)
    if parts:
        return parts[-1]
    part = _opening(_OPENING_PART, norm, sentence_start, clause_start)
    return None if part == _WHOLE_YEAR else part


def _is_base_year(norm: str, at: int) -> bool:
    return bool(_BASE_YEAR_BEFORE.search(norm[max(0, at - 2) : at]))

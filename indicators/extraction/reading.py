"""``extract_figures``: every figure of a text, read with its year, kind, qualifier and comparison from
the clause and sentence around it (names: ``naming.py``)."""

import bisect
import re
from decimal import Decimal

from .figure import CHANGE, CHANGE_VERBS, COUNT, GROWTH_RATE, LEVEL, RISE_VERBS, SHARE, Figure
from .naming import clean_name, metric_name, share_metrics
from .numbers import (
    BASE_UNITS,
    COUNT_UNITS,
    DIGITS,
    FIGURE_RE,
    MAGNITUDES,
    TIME_UNITS,
    parse_number,
    plain_decimal,
    read_scaled,
)
from .periods import COMPARISON, comparison, opening_comparison, part_of_year, year
from .text import CLAUSE_END, SENTENCE_END, Boundaries, last_end, normal_form, search_last

# 「目标：500亿元」 (a colon after 目标, in normal form) says what 「目标是500亿元」 says, and so does a
# list after a heading 「主要目标：」.
_TARGET = re.compile(r"力争|争取|预计|预期|有望|将达到|将突破|将超过|目标(?:值)?(?:是|为|:)|计划到|规划到")
# 「超额完成目标：增长8%」「全年超预期完成500亿元」 report what was achieved: the goal words are spent
# on the achievement and say nothing of the figures after them.
_ACHIEVED = re.compile(
    r"(?:完成|实现|达成|达到|超过)了?(?:年度|全年|预期|既定|各项)?目标(?:任务)?|(?:超|超过|好于|高于|优于)预期"
)

# 「增长到」「提高到」 name the new level, not a rate or change.
# 「收入增加5%」 says 增长 (not 增加值, nor 新增加: new ones).
_GROWTH = re.compile(r"(?:增长|增速|增幅|上涨|上升|同比|环比|(?<!新)增加(?!值))(?![到至])")
_CHANGE = re.compile(rf"(?:{CHANGE_VERBS})(?![到至])")
# A fall in % of a level in its year is the level's growth rate, negative: 「…完成210亿元，下降2.1%」
# as the statistics bulletins write 「增长-2.1%」 (``_falling_rate``).
_FALLS = ("下降", "下滑", "减少")
# 「审批事项减少100项」「企业成本降低5亿元」「财政收入增长5亿元」: a count or amount right after a change's
# verb says by how much, not how many or how much there are (「减少到200项」「增长为50亿元」 say where it
# went; so does 「增长达到500亿元」, grew and reached). 「新增2万户」 counts new ones: no change.
_CHANGED_BY = re.compile(
    rf"(?:(?:{CHANGE_VERBS})(?:了|约|近|将近|大约|超过|超|达到?|高达)?"
    rf"|(?:{RISE_VERBS})(?:了|约|近|将近|大约|超过|超)?)$"
)
# Which way a change went, shown with its value (「压缩70%」「增长5亿元」): a cut's verbs or a rise's.
_DIRECTION = re.compile(rf"(?:{CHANGE_VERBS}|{RISE_VERBS})(?![到至])")
_BASE_YEAR_IN = re.compile(r"(?:比|较|与|同)(?:19|20)\d\d年?")
_SHARE = re.compile(r"比重|占|比例|率|份额")
_TIME_NAMES = ("天数", "时限", "时间", "时长", "用时", "周期", "工期")
# 「在规定时间5个工作日内办结」: a time right after its name and before 「内」 and a verb says within
# what time something is done, as 「30天内办结」 does; 「时限压缩至3个工作日以内」 is where the time went.
_WITHIN = re.compile(r"\s*[以之]?内[\u4e00-\u9fff]")
# 「优良天数比上年多15天」「审批时间缩短15个工作日」 are changes of a time, not times.
_TIME_CHANGE = re.compile(
    r"(?:增加|增长|减少|下降|提高|提升|降低|缩短|压缩|缩减|延长|上升|回落|多|少)(?:了|约|近|超过|达)?$"
)


def change_verb(before: str) -> str:
    """Which way a change goes, from the text just before its figure: 「…政务服务审批时间压缩」 → 「压缩」,
    「财政收入增长」 → 「增长」; "" when the figure's clause does not say."""
    clause = before[last_end(CLAUSE_END, before, len(before)) :]
    return search_last(_DIRECTION, clause) or ""


_QUOTES = {"“": "”", "「": "」", "《": "》", "‘": "’", '"': '"', "『": "』"}
_MAX_NAME_IN_QUOTES = 12


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order of appearance."""
    norm = normal_form(text)
    quoted = _short_quoted_spans(norm)
    bounds = Boundaries(norm)
    found: list[dict] = []
    for match in FIGURE_RE.finditer(norm):
        raw = _read(match, norm, quoted)
        previous = found[-1] if found else None
        if raw and previous and _closes_range(norm, previous, raw):
            # The top in the bottom's unit: 「5000万元至1亿元」 runs from 5000 to 10000 万元.
            previous["end"] = raw["end"]
            previous["upper"] = plain_decimal(raw["value"] * raw["scale"] / previous["scale"])
        elif raw and (raw["base"] not in TIME_UNITS or _counts_time(norm, raw, previous, bounds)):
            if _minus_before(norm, raw, previous):
                raw["start"], raw["value"] = raw["start"] - 1, -raw["value"]
            found.append(raw)
    _add_context(norm, found, bounds)
    return [_figure(text, raw) for raw in found]


def _short_quoted_spans(norm: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer("|".join(re.escape(q) for q in _QUOTES), norm):
        close = norm.find(_QUOTES[match.group()], match.end())
        if close != -1 and close - match.end() <= _MAX_NAME_IN_QUOTES:
            spans.append((match.start(), close + 1))
    return spans


def _read(match: re.Match, norm: str, quoted: list[tuple[int, int]]) -> dict | None:
    start, end = match.span()
    inside = bisect.bisect_right(quoted, (start, len(norm) + 1)) - 1
    if inside >= 0 and quoted[inside][0] <= start < quoted[inside][1]:
        return None  # a name such as 「“一主六双”」
    before = norm[start - 1] if start else ""
    after = norm[end] if end < len(norm) else ""
    if before == "第" or before == "+" or after == "+" or (before.isdigit() and not match["doubles"]):
        return None
    if before and before in ".-" and start > 1 and norm[start - 2].isdigit():
        return None  # the tail of a phone number or a version
    raw = {"start": start, "end": end, "approx": None, "upper": None}
    if match["doubles"]:
        raw |= {"value": Decimal(2) ** DIGITS[match["doubles"]], "unit": "倍", "scale": Decimal(1), "base": "倍"}
        raw |= {"kind": CHANGE, "approx": "约" if match["double_approx"] else None, "doubling": True}
        return raw
    if match["pct_cn"]:
        raw |= {"value": parse_number(match["pct_cn"]), "unit": "%", "scale": Decimal(1), "base": "%", "kind": None}
        return raw
    value, scaling = read_scaled(match["num"])
    scaling += match["low_mag"] or ""
    chinese = not match["num"][0].isdigit()
    if match["approx"]:
        raw["approx"] = "超"
    top_scaling = ""
    if match["num2"]:
        raw["upper"], top_scaling = read_scaled(match["num2"])
    if match["pct"]:
        raw |= {"unit": match["pct"], "scale": Decimal(1), "base": match["pct"], "kind": None}
    elif match["points"]:
        raw |= {"unit": "个百分点", "scale": Decimal(1), "base": "个百分点", "kind": CHANGE}
    elif match["cheng"]:
        if not chinese and value > 10:
            return None
        raw |= {"unit": "成", "scale": Decimal(10), "base": "%", "kind": SHARE}
    else:
        top_magnitude = top_scaling + (match["mag"] or "")
        # 「500-600亿元」「五至八亿元」: the top's scaling is the bottom's, unless the bottom has its
        # own (「5000万至1亿元」: the top in the bottom's unit, 10000万元).
        magnitude = (scaling or top_magnitude) if match["num2"] else scaling + (match["mag"] or "")
        unit = match["unit"]
        if (magnitude and magnitude not in MAGNITUDES) or (top_magnitude and top_magnitude not in MAGNITUDES):
            return None
        if match["num2"] and top_magnitude != magnitude:
            raw["upper"] = _in_scale(raw["upper"], top_magnitude, magnitude)
        if unit in COUNT_UNITS and chinese and not magnitude and value <= 10:
            return None  # 「四个方面」「两大」: a phrase, not a count
        kind = CHANGE if unit == "倍" else COUNT if unit in COUNT_UNITS else LEVEL
        base = BASE_UNITS.get(unit, unit)
        raw |= {"unit": magnitude + unit, "scale": MAGNITUDES.get(magnitude, Decimal(1)), "base": base, "kind": kind}
    raw["value"] = value
    return raw


def _in_scale(value: Decimal, magnitude: str, to_magnitude: str) -> Decimal:
    """「1」 亿 in 万: 10000 (exact: the scales are powers of ten)."""
    one = Decimal(1)
    return plain_decimal(value * MAGNITUDES.get(magnitude, one) / MAGNITUDES.get(to_magnitude, one))


# 「500亿元-600亿元」「500亿元至600亿元」「5000万元至1亿元」: a range with a unit written at both ends.
_RANGE_SEPARATOR = re.compile(r"\s*[-–—~至到]\s*")
# 「从2012年的」「从上年的」: where a 从…到 starts, with the year it starts in.
_FROM = re.compile(r"[从由](?:(?:(?:19|20)\d\d年?|上年|去年|前年)(?:同期)?的?)?$")
_YEARS_BACK = {"上年": 1, "去年": 1, "前年": 2}


def _closes_range(norm: str, previous: dict, raw: dict) -> bool:
    """Whether ``raw`` is the top of a range that ``previous`` opens, a unit written at both ends
    (「500亿元-600亿元」, or scaled differently: 「5000万元至1亿元」): one figure, as 「500-600亿元」 is.
    Not 「从220亿元到495.7亿元」, a level and the level it came to, nor ends in units of different
    kinds (「3个工作日至5天」), nor ends scaled differently that run down (「1亿元至5000万元」)."""
    if raw["base"] != previous["base"] or previous["upper"] is not None or raw["upper"] is not None:
        return False
    if not _RANGE_SEPARATOR.fullmatch(norm, previous["end"], raw["start"]):
        return False
    if raw["unit"] != previous["unit"] and raw["value"] * raw["scale"] < previous["value"] * previous["scale"]:
        return False  # 「1亿元至5000万元」 runs down (ends in one unit are joined either way, as they were)
    return not _FROM.search(norm, max(0, previous["start"] - 8), previous["start"])


def _clause_start(norm: str, start: int, bounds: Boundaries) -> int:
    """Where the clause of a figure starting at ``start`` starts. A colon between a name and its
    figure, with no other name between (「地区生产总值：495.7亿元」「办理时限：由20个工作日压缩至3个
    工作日」), joins them, as 「为」 does; a colon followed by a name ends a clause, as the one
    after a list's heading does (「主要指标：地区生产总值增长6%」)."""
    clause_start = bounds.clause_start(start)
    if clause_start and norm[clause_start - 1] == ":" and not clean_name(norm[clause_start:start]):
        name_start = bounds.clause_start(clause_start - 1)
        if clean_name(norm[name_start : clause_start - 1]):
            return name_start
    return clause_start


def _counts_time(norm: str, raw: dict, previous: dict | None, bounds: Boundaries) -> bool:
    """Whether a number of days, months, hours or minutes is a figure: its name counts time (「空气质量
    优良天数达到」「办理时限压缩至」「办理时限：」), or it is where such a time went (「周期由18个月压缩到」);
    not 「连续」「内办结」 (「规定时间5个工作日内办结」 either), nor a change (「审批时间缩短」)."""
    clause_start = _clause_start(norm, raw["start"], bounds)
    if previous and previous["end"] > clause_start:
        segment = norm[previous["end"] : raw["start"]]
        if previous["base"] in TIME_UNITS and not clean_name(segment):
            return True
    clause = norm[clause_start : raw["start"]].rstrip().rstrip(":").rstrip()
    if not any(name in clause for name in _TIME_NAMES):
        return False  # most days are durations: no need to clean the clause
    if clause.endswith(_TIME_NAMES) and _WITHIN.match(norm, raw["end"]):
        return False
    return not _TIME_CHANGE.search(clause) and clean_name(clause).endswith(_TIME_NAMES)


def _minus_before(norm: str, raw: dict, previous: dict | None) -> bool:
    """Whether a minus sign stands before the figure: 「增长-2.1%」「差额-12.5亿元」. After a letter or
    digit (「0431-…」「COVID-19」) or right after another figure (「500亿元-600亿元」) it is a dash."""
    start = raw["start"]
    if not start or norm[start - 1] != "-" or not norm[start].isdigit():
        return False
    if previous and previous["end"] == start - 1:
        return False
    return not (start > 1 and norm[start - 2].isascii() and norm[start - 2].isalnum())


def _add_context(norm: str, found: list[dict], bounds: Boundaries) -> None:
    """Metric, year, qualifier, kind and target from the clause and sentence around each figure."""
    previous: dict | None = None
    opened_from = (0, 0)  # 「从2012年的220亿元」: a figure with 从 and its year, in the clause read
    for index, raw in enumerate(found):
        start, end = raw["start"], raw["end"]
        clause_start = _clause_start(norm, start, bounds)
        sentence_start = bounds.sentence_start(start)
        same_clause = previous is not None and previous["end"] > clause_start
        if not same_clause:
            opened_from = (0, 0)
        segment_start = previous["end"] if same_clause else clause_start
        segment = norm[segment_start:start]
        clause = norm[clause_start:start]
        stripped = segment.strip()
        listed = same_clause and bool(stripped) and not re.sub(r"[、和及与]", "", stripped)
        tail = norm[end : end + 2]

        if listed:  # 「分别增长7.7%、8%、5.4%」: the list shares its lead
            raw["list_of"] = previous.get("list_of", previous["start"])
            for key in ("kind_cue", "year", "part_of_year", "comparison", "target", "falls", "changed_by"):
                raw[key] = previous.get(key)
        else:
            raw["kind_cue"] = _kind_cue(clause)
            raw["year"] = year(norm, clause_start, sentence_start, start, opened_from)
            from_at = _FROM.search(norm, max(clause_start, start - 8), start)
            if from_at:  # its year is where it started: none of the figure it came to (「到495.7亿元」)
                opened_from = (from_at.start(), end)
                # 「2021年，市场主体从上年的10万户增加到12万户」: 上年 is the year before the one said.
                back = next((n for word, n in _YEARS_BACK.items() if word in from_at.group()), 0)
                if back and raw["year"]:
                    raw["year"] -= back
            raw["part_of_year"] = part_of_year(norm, clause_start, sentence_start, start)
            raw["comparison"] = comparison(clause)
            if not raw["comparison"] and raw["kind_cue"] in (GROWTH_RATE, CHANGE):
                # 「与上年相比，全区规上工业增加值下降3.2%」; a level after it compares with nothing.
                raw["comparison"] = opening_comparison(norm, sentence_start, clause_start)
            raw["target"] = bool(_TARGET.search(_ACHIEVED.sub("", norm[sentence_start:start])))
            raw["changed_by"] = bool(_CHANGED_BY.search(segment.rstrip()))
        if raw["kind"] is None:
            raw["kind"] = raw["kind_cue"] or SHARE
        elif raw["kind"] in (COUNT, LEVEL) and raw["changed_by"]:
            raw["kind"] = CHANGE
        if not listed:
            raw["falls"] = raw["kind"] == CHANGE and _falling_rate(
                norm, clause, segment, found, index, sentence_start, bounds
            )
        if raw["falls"] and raw["base"] == "%":
            raw["kind"] = GROWTH_RATE
            raw["value"], raw["upper"] = (-raw["upper"], -raw["value"]) if raw["upper"] else (-raw["value"], None)
        raw["qualifier"] = _qualifier(clause, segment, tail, raw)
        raw["metric"] = "" if listed else metric_name(segment, norm, end, raw)
        raw["sentence_start"] = sentence_start
        previous = raw
        found[index] = raw
    share_metrics(norm, found, bounds)


def _falling_rate(
    norm: str, clause: str, segment: str, found: list[dict], index: int, sentence_start: int, bounds: Boundaries
) -> bool:
    """Whether a fall in % is a level's growth rate in its year: 「…同比下降3.5%」, the fall of a level
    just named (「社会消费品零售总额完成210亿元，下降2.1%」), or one among the sentence's growth rates
    (「…增长6.5%；固定资产投资下降8.1%」). Not a fall since a base year (「比2015年下降40%」), nor
    one that stands alone with no comparison (「审批事项减少30%」): those stay changes."""
    raw = found[index]
    if raw["base"] != "%" or search_last(_CHANGE, clause) not in _FALLS or _BASE_YEAR_IN.search(clause):
        return False
    if raw["comparison"]:
        return True
    named = bool(clean_name(segment))
    for before in (found[i] for i in range(index - 1, -1, -1)):  # no slice: a copy per figure is quadratic
        if before["sentence_start"] != sentence_start:
            break
        if before["kind"] == GROWTH_RATE or (not named and before["kind"] in (LEVEL, COUNT)):
            return True
    return _growth_rate_after(norm, found, index, bounds)


def _growth_rate_after(norm: str, found: list[dict], index: int, bounds: Boundaries) -> bool:
    """Whether a rate later in the sentence is a growth rate (「…分别下降3.2%和12.6%，社会消费品零售
    总额同比增长5%」): its kind is not read yet, so its clause says so (增长, or 同比 with a fall)."""
    sentence_end = SENTENCE_END.search(norm, found[index]["end"])
    sentence_end = sentence_end.start() if sentence_end else len(norm)
    for after in (found[i] for i in range(index + 1, len(found))):
        if after["start"] >= sentence_end:
            break
        if after["base"] == "%" and after["kind"] is None:
            clause = norm[bounds.clause_start(after["start"]) : after["start"]]
            if _kind_cue(clause) == GROWTH_RATE or (
                COMPARISON.search(clause) and search_last(_CHANGE, clause) in _FALLS  # 「同比下降5%」
            ):
                return True
    return False


def _kind_cue(clause: str) -> str | None:
    best, best_at = None, -1
    for kind, pattern in ((GROWTH_RATE, _GROWTH), (CHANGE, _CHANGE), (SHARE, _SHARE)):
        for m in pattern.finditer(clause):
            if m.start() > best_at:
                best, best_at = kind, m.start()
    return best


def _qualifier(clause: str, segment: str, tail: str, raw: dict) -> str | None:
    if "累计" in clause:
        return "累计"
    near = segment[-4:]
    if "突破" in near:
        return "突破"
    if re.search(r"超过?$|多于$", near) or tail.startswith("以上") or tail.startswith("多") or raw["approx"] == "超":
        return "超"
    if re.search(r"(?:约|近|将近|大约)$", near) or tail.startswith("左右") or raw["approx"] == "约":
        return "约"
    if re.search(r"达到?$|高达$", near):
        return "达"
    return None


def _figure(text: str, raw: dict) -> Figure:
    scale = raw["scale"]
    upper = raw["upper"]
    return Figure(
        metric=raw["metric"],
        value=raw["value"],
        unit=raw["unit"],
        normalized_value=plain_decimal(raw["value"] * scale),
        normalized_unit=raw["base"],
        year=raw["year"],
        qualifier=raw["qualifier"],
        kind=raw["kind"],
        start=raw["start"],
        end=raw["end"],
        text=text[raw["start"] : raw["end"]],
        target=raw["target"],
        comparison=raw["comparison"],
        upper_value=upper,
        part_of_year=raw["part_of_year"],
    )

"""Find the figures a text quotes: value, unit, metric, year, qualifier, kind and character span.

Input: any decoded transcript text (Simplified or Traditional, half- or full-width digits).
A *figure* is a number with a unit of measure — 「220亿元」「10万户」「35%」「3个百分点」「三成」 —
or a doubling phrase (「翻了一番」). A number without a unit is never a figure, so years, dates,
durations (「连续10年」「30天内办结」), ordinals (「第一」「十八大」) and phone numbers are left alone;
numbers inside short quoted names (「“一主六双”」「“1+6”」) and small Chinese-written counts
(「四个方面」) are too. Days and months are a figure only where the name before them counts time
(「优良天数达到305天」「办理时限压缩至3个工作日」).

A fall in % of a level in its year (「完成210亿元，下降2.1%」「同比下降2.1%」) is its growth rate,
negative, as 「增长6%」 is positive; a fall since a base year (「比2015年下降40%」) or with nothing
to say it is yearly (「审批事项减少30%」) is a change, positive, with its verb in the name.
An average annual rate (「十年来年均增长9%」) is a growth rate with the comparison 「年均」: no
year's own rate, but of the same indicator, so 年均 is no part of its name.

Offsets (``start``/``end``) index into the text exactly as given: Traditional characters and
full-width forms are mapped one character to one character before matching, so no offset moves.
The function is pure (no Django import) and uses ``Decimal`` throughout.
"""

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

LEVEL, GROWTH_RATE, SHARE, COUNT, CHANGE = "level", "growth_rate", "share", "count", "change"
KIND_LABELS = {LEVEL: "总量", GROWTH_RATE: "增速", SHARE: "占比", COUNT: "数量", CHANGE: "变化"}
QUALIFIERS = ("超", "突破", "累计", "约", "达")


@dataclass(frozen=True)
class Figure:
    metric: str  # the phrase naming what is measured, e.g. 「地区生产总值」 ("" when the text gives none)
    value: Decimal  # as written, before the unit's 万/亿 scaling: 「10万户」 → 10; a growth rate that
    # fell is negative: 「同比下降2.1%」 → -2.1
    unit: str  # as written, scaling included: 「万户」
    normalized_value: Decimal  # 「10万户」 → 100000
    normalized_unit: str  # 「户」; 「%」 stays 「%」; 「个百分点」 stays percentage points
    year: int | None  # the year the text ties the figure to
    qualifier: str | None  # one of QUALIFIERS
    kind: str  # LEVEL, GROWTH_RATE, SHARE, COUNT or CHANGE
    start: int
    end: int
    text: str  # text[start:end]
    target: bool = False  # a goal (「力争到2025年」), not an achieved value
    comparison: str | None = None  # 「同比」「比上年」…: what a rate compares against; AVERAGE
    # (「年均」) for an average annual rate, 「十年来年均增长9%」, which is no rate of its year
    upper_value: Decimal | None = None  # the top of a range 「3%-5%」, as written


# One character to one character, so offsets stay valid: full-width forms and the Traditional
# characters that occur in numbers, units and the cue words below. Not 「，」: it ends a clause and
# never separates thousands, so the patterns below name it beside 「,」.
_PAIRS = (
    "０0１1２2３3４4５5６6７7８8９9．.％%＋+－-−-～~：:；;（(）)　 ／/"
    "億亿萬万兩两個个項项戶户點点長长達达約约餘余過过計计總总產产區区資资數数類类業业務务稅税費费額额"
    "體体門门東东車车醫医藥药協协稱称術术劃划預预標标爭争為为與与較较對对經经濟济發发會会營营實实現现進进場场價价關关機机構构電电話话"
    "來来從从億亿積积農农應应權权噸吨畝亩輛辆臺台張张條条間间萬万衛卫療疗員员學学銷销貸贷擔担環环壓压縮缩"
    "億亿倍倍筆笔場场園园億亿創创準准網网億亿資资區区強强計计劃划區区純纯額额減减"
)
_TABLE = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))
# Full-width Latin letters, as Chinese input methods type 「ＧＤＰ」, name the same indicator as GDP.
_TABLE |= {code: code - 0xFEE0 for code in [*range(ord("Ａ"), ord("Ｚ") + 1), *range(ord("ａ"), ord("ｚ") + 1)]}
# A year written in characters, 「二〇二一年」, becomes the four digits it stands for (also one to one).
_CHINESE_YEAR = re.compile(r"(?:一九|二[〇零])[〇零一二三四五六七八九]{2}(?=年)")
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"万亿": Decimal(10) ** 12, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6}
_MAGNITUDES |= {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

MONEY_UNITS = ("元", "美元", "欧元")
MEASURE_UNITS = ("千瓦时", "千瓦", "千米", "千克", "平方米", "平方公里", "公里", "公顷", "立方米", "吨", "亩", "米")
# Concentrations, flows and capacities of environment and infrastructure reports: 「32微克/立方米」
# (PM2.5), 「15毫克/升」 (water), 「10万吨/日」 (a sewage plant). The longest unit wins, so
# 「32微克/立方米」 is never 32 and a stray 「/立方米」.
MEASURE_UNITS += ("微克/立方米", "毫克/立方米", "毫克/升", "微克/升", "立方米/秒", "立方米/日", "吨/日", "吨/年")
COUNT_UNITS = (
    "人次", "大类", "户", "人", "个", "家", "项", "所", "座", "套", "名", "位", "件", "辆", "台", "张", "条", "栋",
    "种", "间", "处", "批", "笔", "场", "支", "款", "颗", "棵", "株", "床", "元件",
)  # fmt: skip
# A count in these units counts kinds of something (「6大类58项工作任务」), not the things themselves.
# A bare 「类」 is no unit: 「3类水质断面」 is a grade.
CATEGORY_UNITS = ("大类", "种")
# A time is a figure only where its name says it counts time (``_counts_time``): 「优良天数达到305天」
# 「办理时限压缩至3个工作日」, never 「30天内办结」「连续3个月」.
TIME_UNITS = ("天", "个工作日", "工作日", "个月")
_BASE_UNITS = {"个工作日": "工作日"}  # the measure word 个 is no part of the unit (but 「3月」 is March)
_UNIT_ALT = "|".join(sorted(MONEY_UNITS + MEASURE_UNITS + COUNT_UNITS + TIME_UNITS, key=len, reverse=True))
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
# 「40,405」 has thousands separators; 「2021,495.7」 (a year, then a figure) has not: 4 digits lead.
_NUMBER = rf"(?:(?:\d{{1,3}}(?:,\d{{3}}(?!\d))+|\d+)(?:\.\d+)?|[一二两三四五六七八九十][{_CN_NUM}]*)"
_SP = r"[ \t\u3000]*"
FIGURE_RE = re.compile(
    rf"百分之(?P<pct_cn>{_NUMBER})"
    rf"|翻了?(?P<double_approx>近)?(?P<doubles>[一两二三四])番"
    # Never from inside a run of digits or numerals: each such start would re-read the rest of the
    # run (quadratic in its length), and the tail of a number is no number.
    rf"|(?<![\d{_CN_NUM}])(?P<num>{_NUMBER}){_SP}(?P<approx>多|余)?{_SP}"
    rf"(?:(?P<low_pct>%)?(?P<range_sep>[-–—~至到])(?P<num2>{_NUMBER}){_SP})?"
    rf"(?:(?P<pct>%|‰)|(?P<points>个百分点)|(?P<cheng>成)(?![本为功立员果就长绩交熟效])"
    rf"|(?P<mag>万亿|千万|百万|万|亿|千)?{_SP}(?P<unit>倍|{_UNIT_ALT}))"
)
_CLAUSE_END = re.compile(r"[,，;；。！!？?\n:：]")
_SENTENCE_END = re.compile(r"[。！!？?\n]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年度?|年?(?=的|底|末|[上下]半年|前|第|,|，))")
_OPENING_YEAR = re.compile(r"^(?:在|截至|截止|到|至|于|力争到|争取到|预计到|计划到)?((?:19|20)\d\d)年")
_BASE_YEAR_BEFORE = re.compile(r"(?:比|较|与|同|相比|对比)$")
_TARGET = re.compile(r"力争|争取|预计|预期|有望|将达到|将突破|将超过|目标是|目标为|计划到|规划到")
_COMPARISON = re.compile(r"同比|[比较]上年同期|比上年|较上年|[比较]去年同期|比去年|较去年|环比")
# 「年均增长8.1%」「平均每年增长」: an average over several years, no year's own rate (``AVERAGE``).
# Only before a rate's verb: 「二氧化硫年均浓度」 is the mean of one year, a level like any other.
_AVERAGE_RATE = re.compile(
    r"(?:年均|年平均|平均每年)(?:分别)?(?:增长|增速|增幅|上涨|上升|提高|提升|下降|下滑|减少)(?![到至])"
)
AVERAGE = "年均"
# 「增长到」「提高到」 name the new level, not a rate or change.
_GROWTH = re.compile(r"(?:增长|增速|增幅|上涨|上升|同比|环比)(?![到至])")
_CHANGE = re.compile(r"(?:压缩|下降|下滑|减少|降低|缩短|提高|提升|回落)(?![到至])")
# A fall in % of a level in its year is the level's growth rate, negative: 「…完成210亿元，下降2.1%」
# as the statistics bulletins write 「增长-2.1%」 (``_falling_rate``).
_FALLS = ("下降", "下滑", "减少")
_BASE_YEAR_IN = re.compile(r"(?:比|较|与|同)(?:19|20)\d\d年?")
_SHARE = re.compile(r"比重|占|比例|率|份额")
_TIME_NAMES = ("天数", "时限", "时间", "用时", "周期", "工期")
# 「优良天数比上年多15天」「审批时间缩短15个工作日」 are changes of a time, not times.
_TIME_CHANGE = re.compile(
    r"(?:增加|增长|减少|下降|提高|提升|降低|缩短|压缩|缩减|延长|上升|回落|多|少)(?:了|约|近|超过|达)?$"
)


def plain_number(value: Decimal) -> str:
    """A decimal as people write it: 495.70 → 「495.7」, 1E+2 → 「100」, never in exponent form."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def change_verb(before: str) -> str:
    """Which way a change goes, from the text just before its figure: 「…政务服务审批时间压缩」 → 「压缩」;
    "" when the figure's clause does not say."""
    clause = before[_last(_CLAUSE_END, before, len(before)) :]
    return _search_last(_CHANGE, clause) or ""


_QUOTES = {"“": "”", "「": "」", "《": "》", "‘": "’", '"': '"', "『": "』"}
_MAX_NAME_IN_QUOTES = 12

_LEAD_NOISE = re.compile(
    # An answer's enumeration and linking words (「一是」「同时」) and totals (「总计」) open no name.
    # 「十年来」「2012年以来」 say over which years an average was taken (「十年来年均增长9%」).
    r"^(?:(?:近|过去)?[一二三四五六七八九十两\d]+年以?来|[一二三四五六七八九十]是|首先|其次|再次|同时|此外|另外|目前|截至目前|总计|合计|总共|一共|其中|仅|我们|我区|全区|全市|全县|区内|今年|去年|上年|全年|同期|平均|每年|年均|一年|近[一二三四五六七八九十\d]+年"
    r"|十年|五年|(?:19|20)\d\d年(?:底|末)?|从|在|将|就|现有|已有|共有|共|累计|实现|完成|拿出|培育|引进|确定"
    r"|整合|达到|各类|各项|等|的|新建|[比较](?:19|20)\d\d年?"
    # 「建成5G基站」 opens with a verb, 「建成区面积」 with a noun (not 「建成区级」「建成区域性」).
    r"|建成(?!区(?![级域])))+"
)
_TRAIL_NOISE = re.compile(
    r"(?:累计|共|已|就|大约|约|近|超过|超|突破|达到|达|高达|为|是|有|增长到|增长至|增至|增加到|提高到|提升到|到|至|了|的|从"
    # A base year (「比2012年」「与2012年相比」) is no part of what grew.
    r"|[比较](?:19|20)\d\d年?|与(?:19|20)\d\d年?相比|总计|合计"
    r"|(?:19|20)\d\d年?|以上|左右|分别|实现|完成|由|提升|提高|降低|下降|下滑|压缩|减少|增长|增加|同比|环比|比上年|较上年|比去年|较去年|同期|年均|年平均|平均每年"
    # 「扩大到」「降至」 name the new level like 「增长到」 (but 「扩大5%」 keeps its verb).
    r"|(?:扩大|缩小|缩短|扩展|拓展|延长|上升|降|减|扩|缩|升)[到至]|(?:控制|保持|稳定)在)+$"
)
# A change verb right before its figure, with what may stand between them (「压缩了」「下降超过」).
_CHANGE_VERB_AT_END = re.compile(
    r"(压缩|下降|下滑|减少|降低|缩短|提高|提升|回落)(?:了|为|达到?|超过|超|近|将近|约|大约|高达)?$"
)
# What money or a share goes to: 「用于民生投入」「支持科技企业成长壮大」「用于扶持文旅企业发展」.
_PURPOSE = re.compile(
    r"(?:专门)?(?P<verb>用于|用在|投向|支持|扶持|资助|奖励)(?P<support>支持|扶持|资助|奖励|帮助)?(?P<what>[\u4e00-\u9fff]+)"
)
_SPENDING_VERBS = ("用于", "用在", "投向")
# After 「支持」 the beneficiary comes first and what it should do follows: 「科技企业｜成长壮大」.
_SUPPORTED_DOING = re.compile(
    r"发展|成长|壮大|建设|创新|转型|升级|上市|做大|做强|提质|增效|纾困|融资|研发|落地|改造|开展"
)
# Verbs that say money was set aside, and name nothing when they stand alone: 「安排800万元」.
_FUNDING_VERBS = ("安排", "投入", "筹措", "筹集", "下达", "争取", "落实", "拨付", "发放")
_FUND_NOUNS = ("资金", "基金", "经费", "补贴", "补助", "奖补")
_GROWTH_TRAIL = re.compile(
    r"(?:同比|比上年|较上年|比去年|年均|年平均|平均每年|分别)?(?:增长|增速|增幅|上涨|上升)(?:了|为|达)?$"
)
_VERB_AFTER = re.compile(r"[和及与或、]|增长|增加|增至|提高|提升|下降|减少|降低|达到|突破|超过|翻|跃升|攀升|上升")
_AFTER_STOP = re.compile(
    r"全部|实现|支持|扶持|资助|顺利|用于|落户|进行|正在|已经|完成|陆续|建成|达到|投入|等|的|在|和|与"
)


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order of appearance."""
    norm = _CHINESE_YEAR.sub(lambda year: year.group().translate(_YEAR_DIGITS), text.translate(_TABLE))
    quoted = _short_quoted_spans(norm)
    found: list[dict] = []
    for match in FIGURE_RE.finditer(norm):
        raw = _read(match, norm, quoted)
        previous = found[-1] if found else None
        if raw and (raw["base"] not in TIME_UNITS or _counts_time(norm, raw, previous)):
            if _minus_before(norm, raw, previous):
                raw["start"], raw["value"] = raw["start"] - 1, -raw["value"]
            found.append(raw)
    _add_context(norm, found)
    return [_figure(text, raw) for raw in found]


_QUOTE_ENDS = "。！？!?；;\n"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (ending in 。！？ or a line break) that holds ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in _QUOTE_ENDS) + 1
    right = [i for i in (text.find(c, end) for c in _QUOTE_ENDS) if i != -1]
    right_end = min(right) + 1 if right else len(text)
    if right_end > 0 and text[right_end - 1] == "\n":
        right_end -= 1
    return left, right_end


def parse_number(written: str) -> Decimal:
    """「495.7」「1,200」「十万」「一万二千」「三千五百」 → Decimal."""
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    total, section, digit = Decimal(0), Decimal(0), None
    for char in written:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in ("万", "亿"):
            scale = _MAGNITUDES[char]
            total = (
                (total + section + (digit or 0)) * scale if char == "亿" else total + (section + (digit or 0)) * scale
            )
            section, digit = Decimal(0), None
    return total + section + (digit or 0)


def _split_magnitude(written: str) -> tuple[str, str]:
    """A Chinese numeral's trailing 万/亿 is the unit's scaling, like the 万 of 「10万户」."""
    if not written[0].isdigit() and len(written) > 1:
        for suffix in ("万亿", "千万", "亿", "万"):
            if written.endswith(suffix) and written[: -len(suffix)][-1:] not in ("万", "亿", ""):
                return written[: -len(suffix)], suffix
    return written, ""


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
        raw |= {"value": Decimal(2) ** _DIGITS[match["doubles"]], "unit": "倍", "scale": Decimal(1), "base": "倍"}
        raw |= {"kind": CHANGE, "approx": "约" if match["double_approx"] else None, "doubling": True}
        return raw
    if match["pct_cn"]:
        raw |= {"value": parse_number(match["pct_cn"]), "unit": "%", "scale": Decimal(1), "base": "%", "kind": None}
        return raw
    written, scaling = _split_magnitude(match["num"])
    chinese = not written[0].isdigit()
    value = parse_number(written)
    if match["approx"]:
        raw["approx"] = "超"
    if match["num2"]:
        raw["upper"] = parse_number(_split_magnitude(match["num2"])[0])
    if match["pct"]:
        raw |= {"unit": match["pct"], "scale": Decimal(1), "base": match["pct"], "kind": None}
    elif match["points"]:
        raw |= {"unit": "个百分点", "scale": Decimal(1), "base": "个百分点", "kind": CHANGE}
    elif match["cheng"]:
        if not chinese and value > 10:
            return None
        raw |= {"unit": "成", "scale": Decimal(10), "base": "%", "kind": SHARE}
    else:
        magnitude = (scaling + (match["mag"] or "")) or ""
        unit = match["unit"]
        if magnitude and magnitude not in _MAGNITUDES:
            return None
        if unit in COUNT_UNITS and chinese and not magnitude and value <= 10:
            return None  # 「四个方面」「两大」: a phrase, not a count
        kind = CHANGE if unit == "倍" else COUNT if unit in COUNT_UNITS else LEVEL
        base = _BASE_UNITS.get(unit, unit)
        raw |= {"unit": magnitude + unit, "scale": _MAGNITUDES.get(magnitude, Decimal(1)), "base": base, "kind": kind}
    raw["value"] = value
    if match["low_pct"] and not match["pct"]:
        return None
    return raw


def _counts_time(norm: str, raw: dict, previous: dict | None) -> bool:
    """Whether a number of days or months is a figure: its name counts time (「空气质量优良天数达到」
    「办理时限压缩至」), or it is where such a time went (「周期由18个月压缩到」); not 「连续」「内办结」,
    nor a change (「审批时间缩短」)."""
    clause_start = _last(_CLAUSE_END, norm, raw["start"])
    if previous and previous["end"] > clause_start:
        segment = norm[previous["end"] : raw["start"]]
        if previous["base"] in TIME_UNITS and not _clean(segment):
            return True
    clause = norm[clause_start : raw["start"]].rstrip()
    if not any(name in clause for name in _TIME_NAMES):
        return False  # most days are durations: no need to clean the clause
    return not _TIME_CHANGE.search(clause) and _clean(clause).endswith(_TIME_NAMES)


def _minus_before(norm: str, raw: dict, previous: dict | None) -> bool:
    """Whether a minus sign stands before the figure: 「增长-2.1%」「差额-12.5亿元」. After a letter or
    digit (「0431-…」「COVID-19」) or right after another figure (「500亿元-600亿元」) it is a dash."""
    start = raw["start"]
    if not start or norm[start - 1] != "-" or not norm[start].isdigit():
        return False
    if previous and previous["end"] == start - 1:
        return False
    return not (start > 1 and norm[start - 2].isascii() and norm[start - 2].isalnum())


def _add_context(norm: str, found: list[dict]) -> None:
    """Metric, year, qualifier, kind and target from the clause and sentence around each figure."""
    previous: dict | None = None
    for index, raw in enumerate(found):
        start, end = raw["start"], raw["end"]
        clause_start = _last(_CLAUSE_END, norm, start)
        sentence_start = _last(_SENTENCE_END, norm, start)
        same_clause = previous is not None and previous["end"] > clause_start
        segment_start = previous["end"] if same_clause else clause_start
        segment = norm[segment_start:start]
        clause = norm[clause_start:start]
        stripped = segment.strip()
        listed = same_clause and bool(stripped) and not re.sub(r"[、和及与]", "", stripped)
        tail = norm[end : end + 2]

        if listed:  # 「分别增长7.7%、8%、5.4%」: the list shares its lead
            raw["list_of"] = previous.get("list_of", previous["start"])
            for key in ("kind_cue", "year", "comparison", "target", "falls"):
                raw[key] = previous.get(key)
        else:
            raw["kind_cue"] = _kind_cue(clause)
            raw["year"] = _year(norm, clause_start, sentence_start, start)
            raw["comparison"] = AVERAGE if _AVERAGE_RATE.search(clause) else _search_last(_COMPARISON, clause)
            raw["target"] = bool(_TARGET.search(norm[sentence_start:start]))
        if raw["kind"] is None:
            raw["kind"] = raw["kind_cue"] or SHARE
        if not listed:
            raw["falls"] = raw["kind"] == CHANGE and _falling_rate(clause, segment, found, index, sentence_start, raw)
        if raw["falls"] and raw["base"] == "%":
            raw["kind"] = GROWTH_RATE
            raw["value"], raw["upper"] = (-raw["upper"], -raw["value"]) if raw["upper"] else (-raw["value"], None)
        raw["qualifier"] = _qualifier(clause, segment, tail, raw)
        raw["metric"] = "" if listed else _metric(segment, norm, end, raw)
        raw["sentence_start"] = sentence_start
        previous = raw
        found[index] = raw
    _share_metrics(norm, found)


def _falling_rate(clause: str, segment: str, found: list[dict], index: int, sentence_start: int, raw: dict) -> bool:
    """Whether a fall in % is a level's growth rate in its year: 「…同比下降3.5%」, the fall of a level
    just named (「社会消费品零售总额完成210亿元，下降2.1%」), or one among the sentence's growth rates
    (「…增长6.5%；固定资产投资下降8.1%」). Not a fall since a base year (「比2015年下降40%」), nor
    one that stands alone with no comparison (「审批事项减少30%」): those stay changes."""
    if raw["base"] != "%" or _search_last(_CHANGE, clause) not in _FALLS or _BASE_YEAR_IN.search(clause):
        return False
    if raw["comparison"]:
        return True
    named = bool(_clean(segment))
    for before in (found[i] for i in range(index - 1, -1, -1)):  # no slice: a copy per figure is quadratic
        if before["sentence_start"] != sentence_start:
            break
        if before["kind"] == GROWTH_RATE or (not named and before["kind"] in (LEVEL, COUNT)):
            return True
    return False


def _last(pattern: re.Pattern, norm: str, position: int) -> int:
    """Offset just after the last match of a one-character ``pattern`` before ``position``."""
    window_start = max(0, position - 200)
    ends = [m.end() for m in pattern.finditer(norm, window_start, position)]
    return ends[-1] if ends else window_start


def _search_last(pattern: re.Pattern, text: str) -> str | None:
    matches = pattern.findall(text)
    return matches[-1] if matches else None


def _kind_cue(clause: str) -> str | None:
    best, best_at = None, -1
    for kind, pattern in ((GROWTH_RATE, _GROWTH), (CHANGE, _CHANGE), (SHARE, _SHARE)):
        for m in pattern.finditer(clause):
            if m.start() > best_at:
                best, best_at = kind, m.start()
    return best


def _year(norm: str, clause_start: int, sentence_start: int, start: int) -> int | None:
    years = [m for m in _YEAR.finditer(norm, clause_start, start) if not _is_base_year(norm, m.start())]
    if years:
        return int(years[-1].group(1))
    # A year opening a clause of this sentence carries to the figures after it.
    year = None
    for clause in re.finditer(r"[^,，;；。！!？?\n]+", norm[sentence_start:clause_start]):
        opening = _OPENING_YEAR.match(clause.group().strip())
        if opening:
            year = int(opening.group(1))
    return year


def _is_base_year(norm: str, at: int) -> bool:
    return bool(_BASE_YEAR_BEFORE.search(norm[max(0, at - 2) : at]))


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


def _metric(segment: str, norm: str, end: int, raw: dict) -> str:
    before = _clean(segment)
    if raw["kind"] == GROWTH_RATE or raw["unit"] == "倍":
        before = _GROWTH_TRAIL.sub("", before)
    elif raw["kind"] == CHANGE:
        raw["plain_metric"] = before  # what a later unnamed figure of the sentence borrows
        before = _with_change_verb(segment, before, raw)
    if raw["kind"] == SHARE:
        # 「财政支出的80%用于民生投入」 is 民生投入's share of 财政支出, not a value of 财政支出.
        spent_on = _spent_on(norm, end)
        if spent_on:
            raw["plain_metric"] = before
            return f"{spent_on}占{before}比重" if before else f"{spent_on}占比"
    after = _after_phrase(norm, end)
    if before in _FUNDING_VERBS and raw["base"] in MONEY_UNITS:
        return _funding_name(before, after, norm, end)
    if raw["kind"] == COUNT and after:
        return before + after if len(before) <= 8 else after
    if (not before or segment.rstrip().endswith(("等", "等超", "等超过"))) and after:
        return _named_after(after, norm, end, raw)
    return before[-24:]


def _funding_name(verb: str, after: str, norm: str, end: int) -> str:
    """An amount after a bare funding verb: 「安排800万元用于道路改造」 → 道路改造资金,
    「争取8亿元专项债券」 → 争取专项债券, 「安排800万元」 → 安排资金."""
    spent_on = _spent_on(norm, end)
    if spent_on:
        return spent_on + "资金"
    if after and not _PURPOSE.match(after):
        return verb + after
    return verb + "资金"


def _with_change_verb(segment: str, before: str, raw: dict) -> str:
    """「审批时间压缩70%」 names 审批时间压缩: a reduction is not a value of the time itself.
    The verb is kept in ``raw`` for a change that names nothing and borrows its name."""
    verb = _CHANGE_VERB_AT_END.search(segment.rstrip())
    raw["verb"] = verb.group(1) if verb else ""
    if not verb:
        return before
    stem = _clean(segment[: verb.start()])
    return stem + verb.group(1) if stem else before


def _named_after(noun: str, norm: str, end: int, raw: dict) -> str:
    """The name of an amount written before its noun: 「超30亿元重大项目」「2000万元专项资金支持科技企业」."""
    if raw["base"] not in MONEY_UNITS:
        return noun
    if noun.endswith(("项目", "工程")):
        return noun + "投资规模"  # an amount before a project is its investment, as in 「亿元以上项目」
    if noun.endswith(_FUND_NOUNS):
        noun_end = norm.find(noun, end) + len(noun)
        supports = _purpose(norm[noun_end : noun_end + 40], spending_only=False)
        if supports:
            return supports + noun
    return noun


def _spent_on(norm: str, end: int) -> str:
    """What the words after a figure ending at ``end`` say it is spent on (「…以上用于民生投入」), or ""."""
    return _purpose(re.sub(r"^(?:以上|左右|多)", "", norm[end : end + 40]), spending_only=True)


def _purpose(rest: str, *, spending_only: bool) -> str:
    """What ``rest`` says money goes to, when it opens with 用于/支持…: 「用于民生投入」 → 民生投入;
    「支持科技企业成长壮大」 → 科技企业. "" when it does not say or says it at length."""
    match = _PURPOSE.match(rest)
    if not match or (spending_only and match["verb"] not in _SPENDING_VERBS):
        return ""
    what = re.split(r"等|的", match["what"])[0]
    if match["support"] or match["verb"] not in _SPENDING_VERBS:
        doing = _SUPPORTED_DOING.search(what, 2)
        what = what[: doing.start()] if doing else what
    return what if 2 <= len(what) <= 10 else ""


def _clean(segment: str) -> str:
    text = segment.split("、")[-1] if not re.search(r"分别", segment) else segment
    # 各类 only says "of every kind": 「兑现各类惠企资金」 is 兑现惠企资金.
    text = re.sub(r"[“”\"'‘’《》「」()（）\s]|各类", "", text)
    for _ in range(3):
        text = _TRAIL_NOISE.sub("", _LEAD_NOISE.sub("", text))
    return text


def _after_phrase(norm: str, end: int) -> str:
    rest = norm[end : end + 16]
    rest = re.sub(r"^(?:以上|左右|多|的)", "", rest)
    phrase = re.match(r"[\u4e00-\u9fff]+", rest)
    if not phrase or phrase.group()[0] in _CN_NUM or _VERB_AFTER.match(phrase.group()):
        return ""  # 「220亿元增长到…」: what follows a figure is a noun only when it names what was counted
    words = phrase.group()
    stop = _AFTER_STOP.search(words, 2)
    return words[: stop.start()] if stop else words[:10]


def _share_metrics(norm: str, found: list[dict]) -> None:
    """Lists take their metrics respectively (「A、B、C分别增长…」); a figure without one borrows its neighbour's."""
    groups: dict[int, list[dict]] = {}
    for raw in found:
        groups.setdefault(raw.get("list_of", raw["start"]), []).append(raw)
    for lead, members in groups.items():
        head = members[0]
        segment_start = _last(_CLAUSE_END, norm, lead)
        subject = norm[segment_start:lead]
        if "分别" in subject and len(members) > 1:
            names = [_clean(n) for n in re.split(r"、|和|及", subject.split("分别")[0])]
            # 「A达到4.8万元，B 2.1万元，分别增长5.5%和7%」: no names here, so those of the figures before.
            names = _shared_ending(names) if any(names) else _named_before(found, head)[-len(members) :]
            if len(names) == len(members):
                for raw, name in zip(members, names, strict=True):
                    raw["metric"] = name
                continue
        for raw in members[1:]:
            raw["metric"] = head["metric"]
    last_metric: dict[int, str] = {}  # sentence start → the latest metric named in that sentence
    for index, raw in enumerate(found):
        if not raw["metric"]:
            following = found[index + 1] if index + 1 < len(found) else None
            if raw["sentence_start"] in last_metric:
                # 「…32微克/立方米，比2015年下降40%」: a change of the level named before is a series of
                # its own (PM2.5平均浓度下降), as when the change names the level itself.
                raw["plain_metric"] = last_metric[raw["sentence_start"]]
                raw["metric"] = raw["plain_metric"] + raw.get("verb", "")
            elif following and following["start"] == raw["end"]:  # 「6大类58项工作任务」
                raw["metric"] = following["metric"]
        if raw["metric"]:
            # 「城镇化率提高2个百分点，达到65%」: the level is 城镇化率, not its change.
            last_metric[raw["sentence_start"]] = raw.get("plain_metric") or raw["metric"]
    for index, raw in enumerate(found):
        if raw["kind"] == COUNT and raw["base"] in CATEGORY_UNITS:
            # 「8大类32项重点工程」: the kinds sort the items that follow, and are not among them.
            following = found[index + 1] if index + 1 < len(found) else None
            if following and following["start"] == raw["end"] and following["metric"]:
                raw["metric"] = following["metric"]
            if raw["metric"] and not raw["metric"].endswith(("类别", "种类", "类型")):
                raw["metric"] += "类别"


def _shared_ending(names: list[str]) -> list[str]:
    """「一、二、三产业增加值」 → 第一产业增加值, 第二产业增加值, 第三产业增加值: one-character heads of
    a list share the ending of its last name. (Longer heads are left alone: without word boundaries
    「工业、服务业增加值」 cannot be told from 「城镇、农村居民收入」.)"""
    *heads, last = names
    if not heads or not all(len(head) == 1 for head in heads) or len(last) < 3:
        return names
    names = [head + last[1:] for head in heads] + [last]
    return [f"第{name}" if name[0] in "一二三" and name[1:3] == "产业" else name for name in names]


def _named_before(found: list[dict], lead: dict) -> list[str]:
    """The metrics named by the figures before ``lead`` in its sentence, each once, in order."""
    names = [
        raw.get("plain_metric") or raw["metric"]
        for raw in found
        if raw["sentence_start"] == lead["sentence_start"] and raw["end"] <= lead["start"] and raw["metric"]
    ]
    return list(dict.fromkeys(names))


def normalize(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """「7.55」「亿元」 → (755000000, 「元」); 「3」「成」 → (30, 「%」).

    Raises ValueError for a unit this module does not know."""
    match = re.fullmatch(
        rf"(?P<mag>万亿|千万|百万|万|亿|千)?(?P<unit>倍|%|‰|个百分点|成|{_UNIT_ALT})", unit.translate(_TABLE).strip()
    )
    if not match:
        raise ValueError(unit)
    if match["unit"] == "成":
        return _plain(value * 10), "%"
    if match["mag"] and match["unit"] in ("%", "‰", "个百分点", "倍"):
        raise ValueError(unit)
    base = _BASE_UNITS.get(match["unit"], match["unit"])
    return _plain(value * _MAGNITUDES.get(match["mag"] or "", Decimal(1))), base


def _figure(text: str, raw: dict) -> Figure:
    scale = raw["scale"]
    upper = raw["upper"]
    return Figure(
        metric=raw["metric"],
        value=raw["value"],
        unit=raw["unit"],
        normalized_value=_plain(raw["value"] * scale),
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
    )


def _plain(value: Decimal) -> Decimal:
    """755000000.00 → 755000000 (no exponent, no trailing zeros)."""
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized

"""The fields of the figure downloads (``views.all_csv`` and the others), in the order the files
write them, with what the 开放数据 page's 字段说明 says about each.

The CSV writer takes its header from here and the page its tables; tests hold the JSON keys and
the CSV header equal to these lists, so a field added to a writer without a description here fails.
"""

import re
from dataclasses import dataclass

from .extraction import NOT_YEARLY_COMPARISONS, change_verb, rate_note
from .extraction.text import PART_OF_YEAR, normal_form
from .models import Indicator, Observation


@dataclass(frozen=True)
class Field:
    key: str  # in each JSON record
    column: str  # the CSV header; "" when the CSV writes the field inside another column
    meaning: str
    csv: str  # how the CSV writes its values ("" when it has no column of its own)
    json: str  # how the JSON writes them


def _listed(values) -> str:
    return "、".join(f"「{value}」" for value in values)


QUALIFIERS = Observation.Qualifier.choices
KINDS = Observation.Kind.choices
# Both ways written out: an empty cell would read as "not known" to a data user, and on import it
# means "leave the figure as it is".
TARGET_LABELS = {True: "是", False: "否"}
NO_INTERVIEW = "非访谈数据为空"
NUMBER_CSV = "数字，不带千位分隔符，负数带「-」"
NUMBER_JSON = '字符串形式的数字，如 "495.7"（不会因浮点数而失真）'
# Until this date the JSON wrote a qualifier as stored (「超」「达」), the CSV as it is said (「超过」「达到」).
QUALIFIER_JSON_CHANGE = "2026年11月28日以前的 JSON 文件写原文用字，「超过」写作「超」，「达到」写作「达」"

# In the order of each JSON record.
FIELDS = {
    field.key: field
    for field in (
        Field("region", "地区", "数字所属的地区，如「南关区」", "原文未注明地区时为空", "字符串；未注明时为空字符串"),
        Field("indicator", "指标", "指标的规范名称，如「地区生产总值」", "文本", "字符串"),
        Field(
            "code",
            "指标代码",
            "指标的代码，与该指标下载地址中的相同，如 gdp",
            "小写字母、数字和连字符",
            "字符串",
        ),
        Field("period", "年份", "数字所属的年份", "四位数字；原文没有年份时为空", "整数；原文没有年份时为 null"),
        Field(
            "value",
            "数值",
            "原文中的数值，不含单位，如「10万户」中的 10；下降的增速为负数，如「同比下降2.1%」为 -2.1",
            NUMBER_CSV,
            NUMBER_JSON,
        ),
        Field("unit", "单位", "原文中的单位，如「万户」「亿元」「%」", "文本", "字符串"),
        Field(
            "normalized_value",
            "标准化数值",
            "换算成标准单位后的数值，如「10万户」为 100000",
            NUMBER_CSV,
            NUMBER_JSON,
        ),
        Field(
            "normalized_unit",
            "标准单位",
            "换算后的单位，不带「万」「亿」，如「元」「户」「%」",
            "文本",
            "字符串",
        ),
        Field(
            "qualifier",
            "限定词",
            "原文对数字的限定说法，按意思统一写法，如「超」「超过」「以上」都写作「超过」，「达」「高达」写作「达到」",
            f"{_listed(label for _, label in QUALIFIERS)}之一；没有时为空",
            f"与 CSV 相同，{_listed(label for _, label in QUALIFIERS)}之一；没有时为空字符串。{QUALIFIER_JSON_CHANGE}",
        ),
        Field(
            "kind",
            "类型",
            "数字的性质",
            f"{_listed(label for _, label in KINDS)}之一；变化在括号中注明方向，如「变化（压缩）」；"
            "多年的平均增速注明「增速（年均）」，环比增速注明「增速（环比）」；"
            "一年中一段时间的数字注明时段，如「增速（上半年）」「总量（一季度）」",
            "、".join(f"{value}（{label}）" for value, label in KINDS) + "之一",
        ),
        Field(
            "direction",
            "",
            "变化的方向，按原文说法，如「压缩」「提高」",
            "",  # the CSV adds it to 类型: 「变化（压缩）」
            "字符串；不是变化或原文未说明方向时为空字符串",
        ),
        Field(
            "comparison",
            "",
            "增速与什么相比，按原文，如「同比」「比上年」「环比」；「年均」是多年的平均增速（如「十年来年均增长9%」），"
            "「环比」是与上月或上季度相比，都不是该年份当年的增速",
            "",  # the CSV adds 年均 and 环比 to 类型: 「增速（年均）」
            "字符串；原文未说明时为空字符串",
        ),
        Field(
            "part_of_year",
            "",
            "数字只属于该年份中的一段时间时，按原文写出这段时间，如「上半年」「一季度」「1-6月」；"
            "这样的数字不是该年份全年的数值",
            "",  # the CSV adds it to 类型: 「增速（上半年）」
            "字符串；全年的数字为空字符串",
        ),
        Field(
            "target",
            "是否目标",
            "是否为规划目标（如「力争到2025年」），而非实际完成数",
            f"规划目标写「{TARGET_LABELS[True]}」，实际完成数写「{TARGET_LABELS[False]}」",
            "布尔值 true 或 false",
        ),
        Field(
            "source",
            "来源",
            "访谈中的数字为访谈标题；其他数据为出处，如「2023年统计公报」",
            "文本",
            "字符串",
        ),
        Field(
            "source_url",
            "来源链接",
            "访谈原文中这个数字所在位置的网址",
            f"完整网址；{NO_INTERVIEW}",
            f"字符串；{NO_INTERVIEW}字符串",
        ),
        Field("quote", "原句", "数字所在的原文句子", f"文本；{NO_INTERVIEW}", f"字符串；{NO_INTERVIEW}字符串"),
    )
}
# The first six are the statistics-office columns the admin import reads back (``resources``).
CSV_FIELDS = [FIELDS[key] for key in ("region", "indicator", "period", "value", "unit", "source", "code")]
CSV_FIELDS += [FIELDS[key] for key in ("normalized_value", "normalized_unit", "qualifier", "kind", "target")]
CSV_FIELDS += [FIELDS["source_url"], FIELDS["quote"]]
CSV_COLUMNS = [field.column for field in CSV_FIELDS]
NUMBER_COLUMNS = {FIELDS[key].column for key in ("period", "value", "normalized_value")}

# The "indicator" object of one indicator's JSON file, in its order.
INDICATOR_FIELDS = [
    Field("name", "", "指标的规范名称", "", "字符串"),
    Field("code", "", "指标代码，与每条记录的 code 相同", "", "字符串"),
    Field("category", "", "指标类别", "", f"{_listed(label for _, label in Indicator.Category.choices)}之一"),
    Field("unit", "", "指标的标准单位，如「元」「户」「%」", "", "字符串"),
    Field("definition", "", "向公众说明这个指标统计的是什么", "", "字符串；没有时为空字符串"),
]


# The 类型 column: written by ``kind_label`` and read back by the figure import (``resources``) with
# ``parse_kind_label``, its inverse; the two are kept together so that one changes with the other.
KIND_LABEL_HELP = (
    f"类型写作{_listed(label for _, label in KINDS)}之一；"
    "当年的增速（同比、比上年）写「增速」，多年的平均增速写「增速（年均）」，环比增速写「增速（环比）」；"
    "一年中一段时间的数字在括号中写出时段，如「增速（上半年）」「总量（1-6月）」，"
    "兼有时段和年均或环比时时段在前，如「增速（一季度环比）」"
)
# A single month is a part of a year when it is said to be one; in running text 「3月」 is a date.
_ONE_MONTH = re.compile(r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月")
_KIND_LABEL = re.compile(r"(?P<kind>[^（(]+)(?:[（(](?P<note>[^）)]*)[）)])?")


def kind_label(kind: str, *, part_of_year: str = "", comparison: str = "", direction: str = "") -> str:
    """「总量」, or with a note: for a figure of part of a year, its part first, 「增速（上半年）」; then
    for a change the way it went, 「变化（压缩）」, else for an average rate over several years or a
    month-on-month rate, 「增速（年均）」「增速（一季度环比）」."""
    note = part_of_year + (direction or rate_note(comparison))
    label = Observation.Kind(kind).label
    return f"{label}（{note}）" if note else label


@dataclass(frozen=True)
class KindLabel:
    kind: str
    part_of_year: str = ""
    rate_note: str = ""  # 「年均」 or 「环比」 (``NOT_YEARLY_COMPARISONS``)
    direction: str = ""  # a change's way, which only a figure quoted in an interview has


def parse_kind_label(text: str) -> KindLabel:
    """What ``kind_label`` wrote: 「增速（一季度环比）」 → growth rate, 一季度, 环比. A part of a year
    is one ``extraction`` reads (「上半年」「1-6月」「前三季度」) or a month (「3月」); no part of a
    year ends in 年均, 环比 or a change's verb, so the note splits one way only. Half-width brackets
    are read too. Raises ``ValueError`` with a message for editors naming the labels accepted."""
    text = text.strip()
    match = _KIND_LABEL.fullmatch(text)
    kinds = {label: value for value, label in KINDS}
    if not match or match["kind"].strip() not in kinds:
        raise ValueError(f"不认识的类型「{text}」。{KIND_LABEL_HELP}。")
    kind, note = kinds[match["kind"].strip()], (match["note"] or "").strip()
    verb = change_verb(note) if kind == Observation.Kind.CHANGE else ""
    direction = verb if verb and note.endswith(verb) else ""
    rate = "" if direction else next((n for n in NOT_YEARLY_COMPARISONS if note.endswith(n)), "")
    part = note.removesuffix(direction or rate)
    if part and not any(p.fullmatch(normal_form(part)) for p in (PART_OF_YEAR, _ONE_MONTH)):
        raise ValueError(
            f"类型「{text}」括号中的「{part}」不是一年中的时段（如「上半年」「一季度」「1-6月」），"
            f"也不是「年均」或「环比」。{KIND_LABEL_HELP}。"
        )
    return KindLabel(kind, part_of_year=part, rate_note=rate, direction=direction)


# The 限定词 and 是否目标 columns, written by these and read back by the figure import with their
# inverses, as the 类型 column above.
# 「无」 removes a qualifier on import; an empty cell, as the download writes none, leaves it as it is.
NO_QUALIFIER = "无"
QUALIFIER_LABEL_HELP = (
    f"限定词写作{_listed(label for _, label in QUALIFIERS)}之一；没有限定词时留空（已有的数字不变），"
    f"要去掉已有的限定词写「{NO_QUALIFIER}」"
)
TARGET_LABEL_HELP = f"规划目标写「{TARGET_LABELS[True]}」，实际完成数写「{TARGET_LABELS[False]}」"


def qualifier_label(qualifier: str) -> str:
    """「超过」 for 「超」: the qualifier as the CSV writes it; "" for none."""
    return dict(QUALIFIERS).get(qualifier, qualifier)


def parse_qualifier_label(text: str) -> str:
    """What ``qualifier_label`` wrote: 「超过」 → 「超」; 「无」 → "" (none). Raises ``ValueError`` with a
    message for editors naming the labels accepted."""
    qualifiers = {label: value for value, label in QUALIFIERS} | {NO_QUALIFIER: ""}
    if text.strip() not in qualifiers:
        raise ValueError(f"不认识的限定词「{text.strip()}」。{QUALIFIER_LABEL_HELP}。")
    return qualifiers[text.strip()]


def target_label(is_target: bool) -> str:
    """「是」 for a target, 「否」 for an actual figure."""
    return TARGET_LABELS[bool(is_target)]


def parse_target_label(text: str) -> bool:
    """What ``target_label`` wrote: 「是」 → True, 「否」 → False. Raises ``ValueError`` with a message
    for editors naming the labels accepted."""
    targets = {label: value for value, label in TARGET_LABELS.items()}
    if text.strip() not in targets:
        raise ValueError(
            f"「是否目标」只能写{_listed(targets)}或留空（已有的数字不变），不能写「{text.strip()}」。{TARGET_LABEL_HELP}。"
        )
    return targets[text.strip()]

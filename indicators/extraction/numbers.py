"""How numbers and units are written: 「495.7亿元」「10万户」「三成」「一万二千」, and their normal forms."""

import re
from decimal import Decimal

from .text import TABLE

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDES = {"万亿": Decimal(10) ** 12, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6}
MAGNITUDES |= {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

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
# A time is a figure only where its name says it counts time (``reading._counts_time``): 「优良天数达到305天」
# 「办理时限压缩至3个工作日」「办理时间由2小时压缩到20分钟」, never 「30天内办结」「连续3个月」「步行15分钟」.
TIME_UNITS = ("天", "个工作日", "工作日", "个月", "个小时", "小时", "分钟")
# The measure word 个 is no part of the unit (but 「3月」 is March).
BASE_UNITS = {"个工作日": "工作日", "个小时": "小时"}
_UNIT_ALT = "|".join(sorted(MONEY_UNITS + MEASURE_UNITS + COUNT_UNITS + TIME_UNITS, key=len, reverse=True))
CN_NUM = "零〇一二两三四五六七八九十百千万亿"
# 「40,405」 has thousands separators; 「2021,495.7」 (a year, then a figure) has not: 4 digits lead.
_NUMBER = rf"(?:(?:\d{{1,3}}(?:,\d{{3}}(?!\d))+|\d+)(?:\.\d+)?|[一二两三四五六七八九十][{CN_NUM}]*)"
_SP = r"[ \t\u3000]*"
_MAG = "万亿|千万|百万|万|亿|千"
_RANGE_SEP = "[-–—~至到]"
FIGURE_RE = re.compile(
    rf"百分之(?P<pct_cn>{_NUMBER})"
    rf"|翻了?(?P<double_approx>近)?(?P<doubles>[一两二三四])番"
    # Never from inside a run of digits or numerals: each such start would re-read the rest of the
    # run (quadratic in its length), and the tail of a number is no number.
    rf"|(?<![\d{CN_NUM}])(?P<num>{_NUMBER}){_SP}(?P<approx>多|余)?{_SP}"
    # A range's bottom may have its own scaling (「5000万至1亿元」, valued in 万元), or its %
    # (「3%-5%」), when its top has a unit of its kind: 「3%-5亿元」 is two figures.
    rf"(?:(?:(?P<low_mag>{_MAG})(?={_RANGE_SEP}{_NUMBER}{_SP}(?:{_MAG})?{_SP}(?:{_UNIT_ALT})))?"
    rf"(?P<low_pct>%(?={_RANGE_SEP}{_NUMBER}{_SP}%))?(?P<range_sep>{_RANGE_SEP})(?P<num2>{_NUMBER}){_SP})?"
    rf"(?:(?P<pct>%|‰)|(?P<points>个百分点)|(?P<cheng>成)(?![本为功立员果就长绩交熟效])"
    rf"|(?P<mag>{_MAG})?{_SP}(?P<unit>倍|{_UNIT_ALT}))"
)


def plain_number(value: Decimal) -> str:
    """A decimal as people write it: 495.70 → 「495.7」, 1E+2 → 「100」, never in exponent form."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_number(written: str) -> Decimal:
    """「495.7」「1,200」「十万」「一万二千」「三千五百」 → Decimal."""
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    total, section, digit = Decimal(0), Decimal(0), None
    for char in written:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in ("万", "亿"):
            scale = MAGNITUDES[char]
            total = (
                (total + section + (digit or 0)) * scale if char == "亿" else total + (section + (digit or 0)) * scale
            )
            section, digit = Decimal(0), None
    return total + section + (digit or 0)


def read_scaled(written: str) -> tuple[Decimal, str]:
    """A number and the 万/亿 that scales it, as a reader says it: a Chinese numeral's trailing 万/亿
    is the unit's scaling, like the 万 of 「10万户」. 「五千万」 → (5000, 「万」), not 5 「千万」;
    「一亿五千万」 → (1.5, 「亿」); 「一万二千」 → (12000, ""); 「495.7」 → (495.7, "")."""
    if written[0].isdigit() or len(written) == 1:
        return parse_number(written), ""
    for suffix in ("万亿", "亿", "万"):
        if written.endswith(suffix) and written[: -len(suffix)][-1] not in ("万", "亿"):
            # 「一亿五千万」: a 万 after 亿 is part of the number of 亿.
            scaling = "亿" if suffix == "万" and "亿" in written else suffix
            return plain_decimal(parse_number(written) / MAGNITUDES[scaling]), scaling
    return parse_number(written), ""


def normalize(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """「7.55」「亿元」 → (755000000, 「元」); 「3」「成」 → (30, 「%」).

    Raises ValueError for a unit this module does not know."""
    match = re.fullmatch(
        rf"(?P<mag>万亿|千万|百万|万|亿|千)?(?P<unit>倍|%|‰|个百分点|成|{_UNIT_ALT})", unit.translate(TABLE).strip()
    )
    if not match:
        raise ValueError(unit)
    if match["unit"] == "成":
        return plain_decimal(value * 10), "%"
    if match["mag"] and match["unit"] in ("%", "‰", "个百分点", "倍"):
        raise ValueError(unit)
    base = BASE_UNITS.get(match["unit"], match["unit"])
    return plain_decimal(value * MAGNITUDES.get(match["mag"] or "", Decimal(1))), base


def plain_decimal(value: Decimal) -> Decimal:
    """755000000.00 → 755000000 (no exponent, no trailing zeros)."""
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized

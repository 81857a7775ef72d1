"""What a figure is: its kinds, qualifiers and the ``Figure`` the extractor returns."""

from dataclasses import dataclass
from decimal import Decimal

LEVEL, GROWTH_RATE, SHARE, COUNT, CHANGE = "level", "growth_rate", "share", "count", "change"
KIND_LABELS = {LEVEL: "总量", GROWTH_RATE: "增速", SHARE: "占比", COUNT: "数量", CHANGE: "变化"}
QUALIFIERS = ("超", "突破", "累计", "约", "达")
# The verbs of a change, as regex alternations: a cut or a push (「压缩70%」「提高5个百分点」), and a rise
# by an amount (「增长5亿元」; not 增加值, nor 新增加: new ones). Reading and naming both build on them.
CHANGE_VERBS = "压缩|下降|下滑|减少|降低|缩短|提高|提升|回落"
RISE_VERBS = r"增长|净增|(?<!新)增加(?!值)"


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
    upper_value: Decimal | None = None  # the top of a range 「3%-5%」, in ``unit``: as written, or
    # rescaled where the ends are scaled differently (「5000万元至1亿元」 → 5000 万元, upper 10000)
    part_of_year: str | None = None  # 「上半年」「一季度」「1-6月」: the part of its year the figure is of,
    # as said (「上半年同比增长5%」 is no rate of the whole year); None for a whole year's figure

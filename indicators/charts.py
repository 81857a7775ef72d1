"""Geometry of a line chart of values by year, one line per region; the <svg> is drawn in a template.

Input: series of (year, value) points with ``Decimal`` values, already in the display unit.
Output: a ``Chart`` of pixel coordinates, axis ticks and colours, and nothing to render but numbers.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .extraction import plain_number

# Colours with at least 3:1 contrast on white (WCAG non-text contrast), distinct to colour-blind readers.
PALETTE = ("#1f5fa8", "#b3261e", "#2e7d32", "#6a3d9a", "#a15c00", "#00796b")
# After the six colours, lines repeat them dashed, then dotted, so 18 regions stay distinct.
DASHES = ("", "10 5", "2 4")
# Labels have room for the largest phone font size (28 units, in 长者模式 or with a larger browser font;
# indicators.css): 「2024」 is about 62 units wide at that size, half of it right of the last year.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 34, 16, 40
# Space between year labels.
X_LABEL_GAP = 70
# A digit of a value label at that size is about 15.6 units wide.
Y_LABEL_CHAR_WIDTH = 16


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, Decimal]]  # (year, value), any order
    # How a year's value was said, where it is more than the number (「超过12000」): the dot's tooltip.
    texts: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Dot:
    x: Decimal
    y: Decimal
    year: int
    value: Decimal
    text: str  # the value as said, for the tooltip


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dots: tuple[Dot, ...]
    dash: str = ""  # an SVG stroke-dasharray, "" for a solid line

    @property
    def path(self) -> str:
        """SVG path data: 「M x y L x y …」."""
        return " ".join(f"{'M' if i == 0 else 'L'} {d.x} {d.y}" for i, d in enumerate(self.dots))


@dataclass(frozen=True)
class Tick:
    position: Decimal
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    # Where the value 0 lies (the axis always holds it): drawn darker than the grid, so that a fall,
    # a negative growth rate, reads as below zero at a glance. None when nothing is drawn.
    zero: Decimal | None = None

    @property
    def empty(self) -> bool:
        return not any(line.dots for line in self.lines)


def line_chart(series: Sequence[Series], *, width: int = 640, height: int = 320) -> Chart:
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    points = [p for s in series for p in s.points]
    if not points:
        return Chart(width, height, (), (), (), left, right, top, bottom)
    years = sorted({year for year, _ in points})
    low, high = value_range(min(value for _, value in points), max(value for _, value in points))
    step = (high - low) / 4
    y_values = [low + step * i for i in range(5)]
    y_labels = [plain_number(value) for value in y_values]
    # The labels end 8 units left of the plot (line_chart.html); widen the margin for 「100000」.
    left = max(left, 8 + Y_LABEL_CHAR_WIDTH * max(len(label) for label in y_labels))

    def x_of(year: int) -> Decimal:
        if len(years) == 1:
            return _px(Decimal(left + right) / 2)
        return _px(left + Decimal(year - years[0]) * (right - left) / (years[-1] - years[0]))

    def y_of(value: Decimal) -> Decimal:
        return _px(bottom - (value - low) * (bottom - top) / (high - low))

    lines = tuple(
        Line(
            label=s.label,
            colour=PALETTE[index % len(PALETTE)],
            dots=tuple(Dot(x_of(y), y_of(v), y, v, s.texts.get(y) or plain_number(v)) for y, v in sorted(s.points)),
            dash=DASHES[index // len(PALETTE) % len(DASHES)],
        )
        for index, s in enumerate(series)
    )
    y_ticks = tuple(Tick(y_of(value), label) for value, label in zip(y_values, y_labels, strict=True))
    x_ticks: list[Tick] = []
    for year in years:  # label a year only where it has room, so long series do not overprint
        if not x_ticks or x_of(year) - x_ticks[-1].position >= X_LABEL_GAP:
            x_ticks.append(Tick(x_of(year), str(year)))
    if x_ticks[-1].label != str(years[-1]):  # the latest year is the one readers look for
        if x_of(years[-1]) - x_ticks[-1].position < X_LABEL_GAP:
            x_ticks.pop()
        x_ticks.append(Tick(x_of(years[-1]), str(years[-1])))
    return Chart(width, height, lines, tuple(x_ticks), y_ticks, left, right, top, bottom, zero=y_of(Decimal(0)))


def value_range(lowest: Decimal, highest: Decimal) -> tuple[Decimal, Decimal]:
    """Bottom and top of the value axis, cut in four equal steps: from 0 to the nice ceiling of the
    largest value (495.7 → 0–500); with a negative value, round steps one of which ends at 0
    (−3.7 and 5.2 → −5–15), so every tick is a round number and zero has its grid line."""
    if lowest >= 0:
        return Decimal(0), nice_ceiling(highest)
    best = None
    for below in range(1, 5):  # how many of the four steps lie below zero
        above = 4 - below
        if not above and highest > 0:
            continue
        step = nice_ceiling(max(-lowest / below, highest / above if above else Decimal(0)))
        if best is None or step < best[0]:
            best = (step, -below * step, above * step)
    return best[1], best[2]


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ not below ``value`` (495.7 → 500)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)


def display_scale(unit: str, largest: Decimal) -> tuple[Decimal, str]:
    """Divisor and unit to show values in: 49570000000 元 → (10⁸, 「亿元」)."""
    if unit in ("%", "‰", "个百分点", "倍"):
        return Decimal(1), unit
    if largest >= Decimal(10) ** 8:
        return Decimal(10) ** 8, f"亿{unit}"
    if largest >= Decimal(10) ** 5:
        return Decimal(10) ** 4, f"万{unit}"
    return Decimal(1), unit


def _px(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

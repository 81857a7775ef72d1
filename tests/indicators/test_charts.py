from decimal import Decimal

from indicators.charts import Series, display_scale, line_chart, nice_ceiling


def test_points_are_placed_by_year_and_value():
    chart = line_chart([Series("南关区", [(2021, Decimal("495.7")), (2012, Decimal(220))])], width=640, height=320)
    (line,) = chart.lines

    assert [d.year for d in line.dots] == [2012, 2021]
    assert line.dots[0].x == chart.plot_left and line.dots[1].x == chart.plot_right
    # y runs from 0 at the bottom to 500 (the nice ceiling of 495.7) at the top
    assert line.dots[1].y == Decimal("18.3")  # 280 - 495.7 * 264 / 500 = 18.27
    assert line.path.startswith(f"M {line.dots[0].x} {line.dots[0].y} L ")
    assert [t.label for t in chart.y_ticks] == ["0", "125", "250", "375", "500"]


def test_empty_chart():
    assert line_chart([]).empty


def test_one_year_is_centred():
    chart = line_chart([Series("", [(2021, Decimal(5))])], width=400, height=200)
    assert chart.lines[0].dots[0].x == Decimal(chart.plot_left + chart.plot_right) / 2


def test_nice_ceiling_and_display_scale():
    assert nice_ceiling(Decimal("495.7")) == 500
    assert nice_ceiling(Decimal("0.3")) == Decimal("0.5")
    assert display_scale("元", Decimal("49570000000")) == (Decimal(10) ** 8, "亿元")
    assert display_scale("户", Decimal("100000")) == (Decimal(10) ** 4, "万户")
    assert display_scale("%", Decimal("35")) == (Decimal(1), "%")


def test_every_line_of_eighteen_regions_looks_different():
    regions = [Series(f"区{n}", [(2021, Decimal(n))]) for n in range(18)]

    lines = line_chart(regions).lines

    assert len({(line.colour, line.dash) for line in lines}) == 18


def test_negative_values_get_round_ticks_with_a_line_at_zero():
    chart = line_chart([Series("南关区", [(2019, Decimal("-3.7")), (2020, Decimal("2.1")), (2023, Decimal("5.2"))])])

    assert [t.label for t in chart.y_ticks] == ["-5", "0", "5", "10", "15"]
    assert all(chart.plot_top <= d.y <= chart.plot_bottom for d in chart.lines[0].dots)


def test_only_negative_values_fill_the_axis_below_zero():
    chart = line_chart([Series("南关区", [(2020, Decimal("-1")), (2021, Decimal("-3.7"))])])

    assert [t.label for t in chart.y_ticks] == ["-4", "-3", "-2", "-1", "0"]


def test_year_labels_of_a_long_series_do_not_overlap():
    chart = line_chart([Series("南关区", [(year, Decimal(year - 1990)) for year in range(1995, 2025)])])
    positions = [tick.position for tick in chart.x_ticks]

    assert len(chart.lines[0].dots) == 30  # every year is still drawn
    assert chart.x_ticks[0].label == "1995" and chart.x_ticks[-1].label == "2024"  # both ends
    # A label 「2024」 is about 62 units wide at the largest phone font size (28 units, 长者模式).
    assert all(b - a >= 62 for a, b in zip(positions, positions[1:], strict=False))
    assert chart.width - positions[-1] >= 31  # half of the last label, right of the last year
    assert len(chart.x_ticks) >= 8


def test_long_value_labels_fit_left_of_the_plot():
    # 「100000」 at the largest phone font size (28 units, about 15.6 units a digit) is wider than the usual margin.
    chart = line_chart([Series("南关区", [(2019, Decimal(62000)), (2021, Decimal(95000))])])

    assert chart.y_ticks[-1].label == "100000"
    assert all(chart.plot_left - 8 >= 15.6 * len(tick.label) for tick in chart.y_ticks)
    assert line_chart([Series("南关区", [(2021, Decimal("495.7"))])]).plot_left == 72  # short labels: as before


def test_zero_has_a_line_of_its_own_where_values_fall_below_it():
    chart = line_chart([Series("南关区", [(2019, Decimal("6.5")), (2020, Decimal("-2.1")), (2021, Decimal(4))])])
    zero_tick = next(t for t in chart.y_ticks if t.label == "0")
    rise, fall, _ = chart.lines[0].dots

    assert chart.zero == zero_tick.position
    assert chart.plot_top < chart.zero < chart.plot_bottom  # not the bottom of the axis
    assert rise.y < chart.zero < fall.y  # the fall is drawn below zero
    assert line_chart([Series("", [(2021, Decimal(5))])]).zero == chart.plot_bottom  # no fall: the bottom
    assert line_chart([]).zero is None

from decimal import Decimal

from indicators.claims import Stated, check_claims


def stated(text, metric="地区生产总值", kind="level", value="0", unit="元", year=None):
    return Stated(text, metric, kind, Decimal(value), unit, year, text, f"……{text}……")


def test_doubling_against_levels():
    levels = [stated("220亿元", value="22000000000", year=2012), stated("495.7亿元", value="49570000000", year=2021)]
    assert check_claims([*levels, stated("翻了一番", kind="change", value="2", unit="倍")]) == []

    wrong = [levels[0], stated("295.7亿元", value="29570000000", year=2021)]
    conflicts = check_claims([*wrong, stated("翻了一番", kind="change", value="2", unit="倍")])
    assert [c.message for c in conflicts] == ["「翻了一番」意味着约2倍，但2012年220亿元到2021年295.7亿元实际是1.34倍。"]
    assert (conflicts[0].first.text, conflicts[0].second.text) == ("翻了一番", "295.7亿元")


def test_growth_rate_against_two_levels():
    levels = [stated("500亿元", value="50000000000", year=2021), stated("530亿元", value="53000000000", year=2022)]
    assert check_claims([*levels, stated("6%", kind="growth_rate", value="6", unit="%", year=2022)]) == []

    conflicts = check_claims([*levels, stated("16%", kind="growth_rate", value="16", unit="%", year=2022)])
    assert conflicts[0].message == "说增长16%，但2021年500亿元到2022年530亿元算出来是6.0%。"


def test_wan_yi_slip():
    one = stated("40405元", metric="居民人均可支配收入", value="40405", year=2021)
    slip = stated("4.04亿元", metric="居民人均可支配收入", value="404000000", year=2021)
    assert len(check_claims([one, slip])) == 1
    assert check_claims([one, stated("4.04万元", metric="居民人均可支配收入", value="40400", year=2021)]) == []


def test_different_metrics_never_conflict():
    levels = [stated("220亿元", value="22000000000", year=2012), stated("295.7亿元", value="29570000000", year=2021)]
    assert check_claims([*levels, stated("翻了一番", metric="税收", kind="change", value="2", unit="倍")]) == []


def test_a_negative_growth_rate_against_two_levels():
    levels = [stated("500亿元", value="50000000000", year=2021), stated("489.5亿元", value="48950000000", year=2022)]
    assert check_claims([*levels, stated("2.1%", kind="growth_rate", value="-2.1", unit="%", year=2022)]) == []

    conflicts = check_claims([*levels, stated("12%", kind="growth_rate", value="-12", unit="%", year=2022)])
    assert conflicts[0].message == "说下降12%，但2021年500亿元到2022年489.5亿元算出来是-2.1%。"


def test_rates_of_no_whole_year_are_not_checked_against_two_years_levels():
    # 「环比增长1.2%」 compares with the month before, 「上半年同比增长5%」 with last year's first half:
    # neither is what the two years' levels imply (6%), and a false 严重 finding would block publishing.
    levels = [stated("500亿元", value="50000000000", year=2021), stated("530亿元", value="53000000000", year=2022)]
    month = Stated("1.2%", "地区生产总值", "growth_rate", Decimal("1.2"), "%", 2022, "1.2%", "……", comparison="环比")
    half = Stated("5%", "地区生产总值", "growth_rate", Decimal(5), "%", 2022, "5%", "……", part_of_year="上半年")

    assert check_claims([*levels, month, half]) == []


def test_a_level_of_part_of_a_year_is_no_level_of_its_year():
    quarter = Stated(
        "120亿元", "地区生产总值", "level", Decimal("12000000000"), "元", 2022, "120亿元", "……", part_of_year="一季度"
    )
    levels = [stated("500亿元", value="50000000000", year=2021), stated("530亿元", value="53000000000", year=2022)]
    rate = stated("6%", kind="growth_rate", value="6", unit="%", year=2022)

    assert check_claims([quarter, *levels, rate]) == []
    # Nor does a quarter's level make a doubling claim look wrong.
    doubled = [stated("265亿元", value="26500000000", year=2012), levels[1], quarter]
    assert check_claims([*doubled, stated("翻了一番", kind="change", value="2", unit="倍")]) == []

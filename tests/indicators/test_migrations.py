"""Migrations run against stored rows: back to the state before, rows written there, then forward."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.migrating import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("indicators", "0013_historicalobservation_deletions_index")]
AFTER = [("indicators", "0014_tabular_figure_part_of_year")]
FIGURE = ("indicator__code", "region__name", "period", "part_of_year", "value", "source", "status")


_migrate = migrate_to


@pytest.fixture
def before_part_of_year_keys():
    """The models as they were before a figure's part of the year was one of its keys."""
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _figure(apps, indicator, region, **fields):
    Observation = apps.get_model("indicators", "Observation")
    fields = {"unit": "亿元", "normalized_unit": "元", "status": "confirmed", **fields}
    fields["normalized_value"] = fields["value"] * 100_000_000
    return Observation.objects.create(indicator=indicator, region=region, **fields)


def _setting(apps):
    indicator = apps.get_model("indicators", "Indicator").objects.create(name="园区营业收入", code="park", unit="元")
    region = apps.get_model("interviews", "Region").objects.create(name="甲区", slug="jiaqu")
    return indicator, region


def test_stored_figures_migrate_as_they_are_and_a_half_year_may_then_join_its_whole_year(before_part_of_year_keys):
    indicator, region = _setting(before_part_of_year_keys)
    _figure(before_part_of_year_keys, indicator, region, period=2022, value=Decimal("495.7"), source="统计公报")
    _figure(before_part_of_year_keys, indicator, region, period=2023, value=230, part_of_year="上半年", source="月报")
    _figure(before_part_of_year_keys, indicator, region, period=2023, value=480, source="2023年统计公报")
    _figure(before_part_of_year_keys, indicator, None, period=2023, value=9000, source="统计公报")
    Observation = before_part_of_year_keys.get_model("indicators", "Observation")
    before = list(Observation.objects.order_by("pk").values_list(*FIGURE))

    apps = _migrate(AFTER)

    Observation = apps.get_model("indicators", "Observation")
    assert list(Observation.objects.order_by("pk").values_list(*FIGURE)) == before
    indicator = apps.get_model("indicators", "Indicator").objects.get(code="park")
    region = apps.get_model("interviews", "Region").objects.get(name="甲区")
    _figure(apps, indicator, region, period=2023, value=480, source="月报")  # the whole year beside its 上半年
    with pytest.raises(IntegrityError), transaction.atomic():  # the whole year of one source is still one figure
        _figure(apps, indicator, region, period=2023, value=481, source="月报")
    assert Observation.objects.count() == 5


def test_going_back_names_the_half_year_and_whole_year_figures_of_one_source_and_changes_nothing(
    before_part_of_year_keys,
):
    apps = _migrate(AFTER)
    indicator, region = _setting(apps)
    _figure(apps, indicator, region, period=2023, value=230, part_of_year="上半年", source="统计月报")
    _figure(apps, indicator, region, period=2023, value=480, source="统计月报")

    with pytest.raises(RuntimeError, match="park 甲区 2023 统计月报"):
        _migrate(BEFORE)

    Observation = apps.get_model("indicators", "Observation")
    assert sorted(Observation.objects.values_list("part_of_year", "value")) == [("", 480), ("上半年", 230)]


BEFORE_BASIS = AFTER
AFTER_BASIS = [("indicators", "0015_tabular_figure_comparison_basis")]


@pytest.fixture
def before_comparison_basis_keys():
    """The models as they were before a figure's comparison basis (年均, 环比) was one of its keys."""
    apps = _migrate(BEFORE_BASIS)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _rate(apps, indicator, region, **fields):
    return _figure(apps, indicator, region, unit="%", kind="growth_rate", period=2023, source="统计月报", **fields)


def test_stored_figures_migrate_as_they_are_and_a_quarters_month_on_month_rate_may_then_join_its_year_on_year_one(
    before_comparison_basis_keys,
):
    apps = before_comparison_basis_keys
    indicator, region = _setting(apps)
    _rate(apps, indicator, region, value=Decimal("5.3"), part_of_year="一季度", comparison="同比")
    _rate(apps, indicator, region, value=Decimal("9"), comparison="年均")
    Observation = apps.get_model("indicators", "Observation")
    before = list(Observation.objects.order_by("pk").values_list(*FIGURE, "comparison"))

    apps = _migrate(AFTER_BASIS)

    Observation = apps.get_model("indicators", "Observation")
    assert list(Observation.objects.order_by("pk").values_list(*FIGURE, "comparison")) == before
    indicator = apps.get_model("indicators", "Indicator").objects.get(code="park")
    region = apps.get_model("interviews", "Region").objects.get(name="甲区")
    _rate(apps, indicator, region, value=Decimal("1.6"), part_of_year="一季度", comparison="环比")
    _rate(apps, indicator, region, value=Decimal("6"))  # the year's rate beside the average over ten
    with pytest.raises(IntegrityError), transaction.atomic():  # 比上年 and 同比 are both rates of the year
        _rate(apps, indicator, region, value=Decimal("5.4"), part_of_year="一季度", comparison="比上年")
    assert Observation.objects.count() == 4


def test_going_back_names_the_rates_of_one_quarter_and_source_compared_differently_and_changes_nothing(
    before_comparison_basis_keys,
):
    apps = _migrate(AFTER_BASIS)
    indicator, region = _setting(apps)
    _rate(apps, indicator, region, value=Decimal("5.3"), part_of_year="一季度", comparison="同比")
    _rate(apps, indicator, region, value=Decimal("1.6"), part_of_year="一季度", comparison="环比")
    _rate(apps, indicator, None, value=Decimal("5"), part_of_year="一季度")  # no region: collides with none
    _rate(apps, indicator, None, value=Decimal("2"), part_of_year="一季度", comparison="环比")

    with pytest.raises(RuntimeError, match="park 甲区 2023 一季度 统计月报") as refused:
        _migrate(BEFORE_BASIS)

    assert "None" not in str(refused.value)
    Observation = apps.get_model("indicators", "Observation")
    assert sorted(Observation.objects.filter(region=region).values_list("comparison", "value")) == [
        ("同比", Decimal("5.3")),
        ("环比", Decimal("1.6")),
    ]


BEFORE_EMPTY_KEYS = AFTER_BASIS
AFTER_EMPTY_KEYS = [("indicators", "0016_tabular_figure_without_region_or_year_is_one")]


@pytest.fixture
def before_empty_keys_were_one():
    """The models as they were when the database held a figure's empty region or year distinct."""
    apps = _migrate(BEFORE_EMPTY_KEYS)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_figures_without_a_region_or_year_migrate_as_they_are_and_may_then_not_be_stored_twice(
    before_empty_keys_were_one,
):
    apps = before_empty_keys_were_one
    indicator, region = _setting(apps)
    _figure(apps, indicator, region, period=None, value=Decimal("495.7"), source="区情简介")
    _figure(apps, indicator, None, period=2022, value=7000, source="全市公报")
    _figure(apps, indicator, None, period=None, value=1200, source="十年回顾")
    _figure(apps, indicator, region, period=2022, value=480, source="区情简介")  # the dated one beside it
    Observation = apps.get_model("indicators", "Observation")
    before = list(Observation.objects.order_by("pk").values_list(*FIGURE))

    apps = _migrate(AFTER_EMPTY_KEYS)

    Observation = apps.get_model("indicators", "Observation")
    assert list(Observation.objects.order_by("pk").values_list(*FIGURE)) == before
    indicator = apps.get_model("indicators", "Indicator").objects.get(code="park")
    region = apps.get_model("interviews", "Region").objects.get(name="甲区")
    for repeat in [(region, None, "区情简介"), (None, 2022, "全市公报"), (None, None, "十年回顾")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            _figure(apps, indicator, repeat[0], period=repeat[1], value=1, source=repeat[2])
    _figure(apps, indicator, None, period=None, value=1300, source="十五年回顾")  # another source: another figure
    assert Observation.objects.count() == 5


def test_repeated_figures_without_a_region_or_year_are_named_and_the_migration_changes_nothing(
    before_empty_keys_were_one,
):
    apps = before_empty_keys_were_one
    indicator, region = _setting(apps)
    _figure(apps, indicator, region, period=None, value=Decimal("495.7"), source="区情简介")
    _figure(apps, indicator, region, period=None, value=Decimal("495.7"), source="区情简介")
    _figure(apps, indicator, None, period=None, value=1200, source="十年回顾")
    _figure(apps, indicator, None, period=None, value=1250, source="十年回顾")
    _figure(apps, indicator, None, period=None, value=1250, source="另一来源")

    with pytest.raises(RuntimeError) as refused:
        _migrate(AFTER_EMPTY_KEYS)

    message = str(refused.value)
    assert "园区营业收入、甲区、无年份、全年、来源「区情简介」（2 个）" in message
    assert "园区营业收入、无地区、无年份、全年、来源「十年回顾」（2 个）" in message
    assert "另一来源" not in message and "None" not in message and "请在「指标数值」中删去多余的" in message
    Observation = apps.get_model("indicators", "Observation")
    assert Observation.objects.count() == 5
    _figure(apps, indicator, None, period=None, value=1250, source="十年回顾")  # the old constraint still holds
    assert Observation.objects.count() == 6

    # The editor keeps one of each, and the migration passes.
    for source in ("区情简介", "十年回顾"):
        Observation.objects.filter(pk__in=Observation.objects.filter(source=source).values("pk")[1:]).delete()
    apps = _migrate(AFTER_EMPTY_KEYS)
    kept = apps.get_model("indicators", "Observation").objects.values_list("source", "value")
    assert set(kept) == {("十年回顾", 1200), ("区情简介", Decimal("495.7")), ("另一来源", 1250)}

"""Migrations run against stored rows: back to the state before, rows written there, then forward."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("indicators", "0013_historicalobservation_deletions_index")]
AFTER = [("indicators", "0014_tabular_figure_part_of_year")]
FIGURE = ("indicator__code", "region__name", "period", "part_of_year", "value", "source", "status")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


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

"""An observation's modification time (``modified_at``): it moves when what visitors see of the figure changes."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, Observation
from tests.factories import make_indicator, make_observation, make_region

pytestmark = pytest.mark.django_db


def test_a_figure_is_dated_when_it_is_confirmed_not_while_it_waits_for_review():
    figure = make_observation(make_indicator(), value=Decimal(1), status=Observation.Status.PENDING)
    figure.value = Decimal(2)
    figure.save()
    assert figure.modified_at is None

    figure.review(Observation.Status.CONFIRMED)  # saves three fields only: the time must be one more

    assert Observation.objects.get(pk=figure.pk).modified_at >= figure.reviewed_at


def test_saving_a_figure_unchanged_keeps_its_time_and_a_change_moves_it():
    figure = make_observation(make_indicator(), value=Decimal(1))
    created = figure.modified_at
    assert created is not None

    Observation.objects.get(pk=figure.pk).save()
    assert Observation.objects.get(pk=figure.pk).modified_at == created

    loaded = Observation.objects.get(pk=figure.pk)
    loaded.quote = "全年完成1亿元。"
    loaded.save(update_fields=["quote"])
    assert Observation.objects.get(pk=figure.pk).modified_at > created


def test_marking_a_rate_as_an_average_moves_its_time():
    # The downloads say 「增速（年均）」: a visitor's copy of the file is out of date.
    figure = make_observation(make_indicator(unit="%"), value=Decimal(9), unit="%", kind=Observation.Kind.GROWTH_RATE)
    created = figure.modified_at

    loaded = Observation.objects.get(pk=figure.pk)
    loaded.comparison = "年均"
    loaded.save()

    assert Observation.objects.get(pk=figure.pk).modified_at > created


def test_a_figure_loaded_with_some_fields_deferred_is_compared_without_loading_them(django_assert_num_queries):
    figure = make_observation(make_indicator(), value=Decimal(1))
    partial = Observation.objects.only("value", "unit", "status", "span_lost").get(pk=figure.pk)

    partial.value = Decimal(3)
    with django_assert_num_queries(0):
        assert partial.note_shown_change()


def test_the_migration_dates_existing_figures_by_their_latest_version():
    from importlib import import_module

    from django.apps import apps

    fill = import_module("indicators.migrations.0007_observation_modified_at").date_shown_figures
    indicator = make_indicator()
    edited = make_observation(indicator, period=2020, value=Decimal(1))
    edited.value = Decimal(2)
    edited.save()
    rejected = make_observation(indicator, period=2021, value=Decimal(1))
    rejected.review(Observation.Status.REJECTED)
    never = make_observation(indicator, period=2022, value=Decimal(1), status=Observation.Status.PENDING)
    Observation.objects.update(modified_at=None)  # as the new column starts

    fill(apps, None)

    for figure in (edited, rejected):
        assert Observation.objects.get(pk=figure.pk).modified_at == figure.history.first().history_date
    assert Observation.objects.get(pk=never.pk).modified_at is None


def test_the_migration_makes_a_rate_indicators_imported_levels_growth_rates():
    from importlib import import_module

    from django.apps import apps

    convert = import_module("indicators.migrations.0011_rates_imported_as_levels").rates_as_growth_rates
    growth = Indicator.objects.get(code="gdp-growth")
    gdp = Indicator.objects.get(code="gdp")
    shown = make_observation(growth, period=2020, value=Decimal("-2.1"), unit="%")  # as the import saved it
    pending = make_observation(growth, period=2021, value=Decimal(6), unit="%", status=Observation.Status.PENDING)
    kept = make_observation(growth, period=2022, value=Decimal(1), unit="%", kind=Observation.Kind.CHANGE)
    level = make_observation(gdp, period=2020, value=Decimal("480.2"))
    dated = {figure.pk: Observation.objects.get(pk=figure.pk).modified_at for figure in (shown, pending, kept, level)}

    convert(apps, None)

    after = {o.pk: (o.kind, o.modified_at) for o in Observation.objects.all()}
    assert after[shown.pk][0] == after[pending.pk][0] == Observation.Kind.GROWTH_RATE
    assert after[shown.pk][1] > dated[shown.pk]  # its 类型 in the downloads changed
    assert after[pending.pk][1] == dated[pending.pk] is None  # never shown
    assert after[kept.pk] == (Observation.Kind.CHANGE, dated[kept.pk])
    assert after[level.pk] == (Observation.Kind.LEVEL, dated[level.pk])


def test_a_tabular_figure_is_one_of_its_source_region_year_and_part_of_the_year():
    from django.core.exceptions import ValidationError

    gdp = Indicator.objects.get(code="gdp")
    region = make_region(name="甲区")
    make_observation(gdp, region=region, period=2022, value=Decimal("495.7"), source="统计月报")
    half = Observation(indicator=gdp, region=region, period=2022, value=230, unit="亿元", source="统计月报")
    half.part_of_year = "上半年"
    half.full_clean()  # beside the whole year's figure of its source
    half.save()

    again = Observation(indicator=gdp, region=region, period=2022, value=231, unit="亿元", source="统计月报")
    again.part_of_year = "上半年"
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert refused.value.messages == [
        "这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字（当年的增速与年均、环比的增速是不同的数字）。"
    ]


@pytest.mark.parametrize(("region", "period"), [(True, None), (False, 2022), (False, None)])
def test_a_tabular_figure_without_a_region_or_year_is_one_of_its_source_too(region, period):
    """An empty region or year is one value of the key: the import finds such a figure by it, and the
    admin refuses a second one as it refuses a second dated one."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    gdp = Indicator.objects.get(code="gdp")
    key = {"indicator": gdp, "region": make_region(name="甲区") if region else None, "period": period}
    make_observation(value=1200, source="十年回顾", **key)
    again = Observation(value=1250, unit="亿元", source="十年回顾", **key)

    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert refused.value.messages == [
        "这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字（当年的增速与年均、环比的增速是不同的数字）。"
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    other = Observation(value=1250, unit="亿元", source="十五年回顾", **key)
    other.full_clean()  # another source: another figure
    other.save()
    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("first", "second", "two"), [("同比", "环比", True), ("", "年均", True), ("同比", "比上年", False)]
)
def test_a_tabular_rate_is_one_of_its_comparison_basis_year_on_year_or_of_the_year_being_one(first, second, two):
    from django.core.exceptions import ValidationError

    growth = Indicator.objects.get(code="gdp-growth")
    rate = {"indicator": growth, "region": make_region(name="甲区"), "period": 2023, "part_of_year": "一季度"}
    rate |= {"unit": "%", "kind": Observation.Kind.GROWTH_RATE, "source": "统计月报"}
    make_observation(value=Decimal("5.3"), comparison=first, **rate)
    other = Observation(value=Decimal("1.6"), comparison=second, **rate)

    if two:
        other.full_clean()
        other.save()
        assert Observation.objects.count() == 2
    else:
        with pytest.raises(ValidationError, match="这个来源中已有"):
            other.full_clean()

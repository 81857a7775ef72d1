from django.db import migrations, models
from django.db.models import Count


def refuse_split_figures(apps, schema_editor):
    """Going back to one tabular figure per source, region, year and part of it, whatever it is compared
    with, fails on the pairs this migration allowed (a quarter's 同比 and 环比 rates of one source);
    name them, rather than leave an IntegrityError. A figure without a region or a year collides with
    none: the database holds empty keys distinct."""
    Observation = apps.get_model("indicators", "Observation")
    split = (
        Observation.objects.filter(question__isnull=True, region__isnull=False, period__isnull=False)
        .values("indicator__code", "region__name", "period", "part_of_year", "source")
        .annotate(figures=Count("pk"))
        .filter(figures__gt=1)
        .order_by("indicator__code", "region__name", "period", "part_of_year", "source")
    )
    if split:
        keys = "；".join(
            f"{k['indicator__code']} {k['region__name']} {k['period']} {k['part_of_year'] or '全年'} {k['source']}"
            for k in split
        )
        raise RuntimeError(
            f"以下表格数字在同一来源、地区、年份和时段中有不同比较基准（同比、年均、环比）的数字：{keys}。"
            "回退迁移前，请给每组中除一个以外的数字写明不同的来源。"
        )


class Migration(migrations.Migration):
    """A tabular figure is one number of one source for a region, a year, a part of that year and a
    comparison basis (``models.COMPARISON_BASIS``: 年均, 环比, or a rate of its year), so a quarter's
    同比 and 环比 growth rates from one 统计月报 are two figures. The constraint only widens: every
    stored row satisfies it, and no data changes."""

    dependencies = [("indicators", "0014_tabular_figure_part_of_year")]

    operations = [
        migrations.RemoveConstraint(model_name="observation", name="unique_tabular_observation"),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                models.F("indicator"),
                models.F("region"),
                models.F("period"),
                models.F("part_of_year"),
                models.Case(
                    models.When(comparison__in=("年均", "环比"), then=models.F("comparison")),
                    default=models.Value(""),
                ),
                models.F("source"),
                condition=models.Q(("question__isnull", True)),
                name="unique_tabular_observation",
                violation_error_message="这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字"
                "（当年的增速与年均、环比的增速是不同的数字）。",
            ),
        ),
        # Last, so that going back checks before the narrower constraint returns.
        migrations.RunPython(migrations.RunPython.noop, refuse_split_figures),
    ]

from django.db import migrations, models
from django.db.models import Count


def refuse_split_figures(apps, schema_editor):
    """Going back to one tabular figure per source, region and year fails on the pairs this migration
    allowed (上半年 and 全年 of one source); name them, rather than leave an IntegrityError."""
    Observation = apps.get_model("indicators", "Observation")
    split = (
        Observation.objects.filter(question__isnull=True)
        .values("indicator__code", "region__name", "period", "source")
        .annotate(figures=Count("pk"))
        .filter(figures__gt=1)
    )
    if split:
        keys = "；".join(f"{k['indicator__code']} {k['region__name']} {k['period']} {k['source']}" for k in split)
        raise RuntimeError(
            f"以下表格数字在同一来源、地区和年份中有不同时段的数字：{keys}。"
            "回退迁移前，请给每组中除一个以外的数字写明不同的来源。"
        )


class Migration(migrations.Migration):
    """A tabular figure is one number of one source for a region, a year and a part of that year, so a
    统计月报's 上半年 and 全年 figures of one indicator are two figures. The constraint only widens:
    every stored row satisfies it, and no data changes."""

    dependencies = [("indicators", "0013_historicalobservation_deletions_index")]

    operations = [
        migrations.RemoveConstraint(model_name="observation", name="unique_tabular_observation"),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("question__isnull", True)),
                fields=("indicator", "region", "period", "part_of_year", "source"),
                name="unique_tabular_observation",
                violation_error_message="这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字。",
            ),
        ),
        # Last, so that going back checks before the narrower constraint returns.
        migrations.RunPython(migrations.RunPython.noop, refuse_split_figures),
    ]

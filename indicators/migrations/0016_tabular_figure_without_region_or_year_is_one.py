from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Coalesce

BASIS = models.Case(
    models.When(comparison__in=("年均", "环比"), then=models.F("comparison")),
    default=models.Value(""),
)


def refuse_repeated_figures(apps, schema_editor):
    """The constraint this migration makes fails on tabular figures without a region or a year that
    repeat one another's keys, which the database allowed so far; name them, in the words of the
    admin, rather than leave an IntegrityError. An editor keeps one of each (or gives it another
    source) and migrates again."""
    Observation = apps.get_model("indicators", "Observation")
    repeated = (
        Observation.objects.filter(question__isnull=True)
        .filter(models.Q(region__isnull=True) | models.Q(period__isnull=True))
        .annotate(basis=BASIS)
        .values("indicator__name", "region", "region__name", "period", "part_of_year", "basis", "source")
        .annotate(figures=Count("pk"))
        .filter(figures__gt=1)
        .order_by("indicator__name", "region__name", "period", "part_of_year", "basis", "source")
    )
    if repeated:
        keys = "；".join(
            f"{k['indicator__name']}、{k['region__name'] or '无地区'}、{k['period'] or '无年份'}、"
            f"{k['part_of_year'] or '全年'}{'、' + k['basis'] if k['basis'] else ''}、来源「{k['source']}」"
            f"（{k['figures']} 个）"
            for k in repeated
        )
        raise RuntimeError(
            f"以下没有地区或年份的表格数字重复（指标、地区、年份、时段、比较基准和来源都相同）：{keys}。"
            "请在「指标数值」中删去多余的，或给其中一个写明不同的来源，再运行 migrate。"
        )


class Migration(migrations.Migration):
    """A tabular figure without a region or a year is one figure of its key, as a dated one is: the
    constraint compares an empty region or year as one value (``Coalesce`` to 0, which no region id or
    year is), where the database held NULLs distinct. The import finds a figure by these columns, so
    an undated figure now imports back as itself and cannot be stored twice. Going back only widens
    the constraint: every row satisfies it, and no data changes."""

    dependencies = [("indicators", "0015_tabular_figure_comparison_basis")]

    operations = [
        # First, so that a database with repeated figures is refused before the constraint changes.
        migrations.RunPython(refuse_repeated_figures, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="observation", name="unique_tabular_observation"),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                models.F("indicator"),
                Coalesce("region", 0, output_field=models.IntegerField()),
                Coalesce("period", 0, output_field=models.IntegerField()),
                models.F("part_of_year"),
                BASIS,
                models.F("source"),
                condition=models.Q(("question__isnull", True)),
                name="unique_tabular_observation",
                violation_error_message="这个来源中已有这个地区、这一年份（同一时段）的这个指标的数字"
                "（当年的增速与年均、环比的增速是不同的数字）。",
            ),
        ),
    ]

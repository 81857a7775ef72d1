import re

from django.db import migrations
from django.utils import timezone

# ``Indicator.is_rate`` as it stands in this migration's commit: a migration keeps its own copy,
# so that a later change to the rule does not change what this one did.
RATE_NAME_ENDINGS = ("增速", "增幅", "增长率")


def rates_as_growth_rates(apps, schema_editor):
    """A number of a rate indicator imported from a statistics table before the import filed such
    numbers as growth rates (or entered by hand as a level) becomes the growth rate it is; where
    visitors see it, its download's 类型 changes, so its ``modified_at`` moves."""
    Indicator = apps.get_model("indicators", "Indicator")
    Observation = apps.get_model("indicators", "Observation")
    rates = [
        indicator.pk
        for indicator in Indicator.objects.only("name")
        if re.sub(r"（[^（）]*）$", "", indicator.name).endswith(RATE_NAME_ENDINGS)
    ]
    levels = Observation.objects.filter(indicator__in=rates, question__isnull=True, kind="level")
    levels.filter(status="confirmed", span_lost=False).update(kind="growth_rate", modified_at=timezone.now())
    levels.update(kind="growth_rate")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_observation_part_of_year"),
    ]

    operations = [
        migrations.RunPython(rates_as_growth_rates, migrations.RunPython.noop),
    ]

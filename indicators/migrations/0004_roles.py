"""Give the editorial roles their rights over indicators (see interviews/roles.py)."""

from django.db import migrations

from interviews.roles import ADMINISTRATOR, EDITOR, REVIEWER, grant

# Editors confirm the figures their interviews quote and keep indicator names and aliases tidy.
FIGURES = [
    "indicators.view_indicator",
    "indicators.add_indicator",
    "indicators.change_indicator",
    "indicators.view_indicatoralias",
    "indicators.add_indicatoralias",
    "indicators.change_indicatoralias",
    "indicators.delete_indicatoralias",
    "indicators.view_observation",
    "indicators.add_observation",
    "indicators.change_observation",
]


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            EDITOR: FIGURES,
            REVIEWER: [*FIGURES, "indicators.delete_observation"],
            ADMINISTRATOR: ["indicators.*"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0011_history_media_fields"),
        ("indicators", "0003_historicalindicator_historicalobservation"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

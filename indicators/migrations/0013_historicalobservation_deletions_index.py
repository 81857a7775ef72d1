from django.db import migrations, models


class Migration(migrations.Migration):
    """An index of the figures' deletion versions, which the 开放数据 dates read for every indicator
    and region (``freshness.deleted_figures``): without it each is a scan of the whole history.

    Database only: django-simple-history builds the historical model's options itself and takes
    no index, so the model state does not hold it (and ``makemigrations`` leaves it alone)."""

    dependencies = [("indicators", "0012_indicator_files_changed_at")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="historicalobservation",
                    index=models.Index(
                        fields=["history_date"], condition=models.Q(history_type="-"), name="observation_deletions"
                    ),
                )
            ]
        )
    ]

"""Re-cut the search terms of every passage indexed before numbers and Latin words paired with the
Han characters they touch (``interviews/search_terms.py``), so that 「10万」 finds 「突破10万户」 there too.

The terms are computed from the passage's own stored text, as ``interviews.search`` computes them.
"""

from django.db import migrations

from interviews.search_terms import heading_text, terms

BATCH = 500


def recut(apps, schema_editor):
    SearchEntry = apps.get_model("interviews", "SearchEntry")
    whole_runs = schema_editor.connection.vendor == "postgresql"
    entries = SearchEntry.objects.only("question_id", "heading", "body").order_by("pk")
    batch = []
    for entry in entries.iterator(chunk_size=BATCH):
        text = entry.body if entry.question_id else heading_text(entry.heading, entry.body)
        entry.terms = " ".join(terms(text, whole_runs=whole_runs))
        batch.append(entry)
        if len(batch) == BATCH:
            SearchEntry.objects.bulk_update(batch, ["terms"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["terms"])


class Migration(migrations.Migration):
    dependencies = [("interviews", "0014_slugs_may_be_left_blank")]

    operations = [migrations.RunPython(recut, migrations.RunPython.noop)]

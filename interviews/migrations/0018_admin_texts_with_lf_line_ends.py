"""Texts saved through the admin before it stored LF line ends (``forms.PlainTextField``) keep the
CRLF a browser posts, so the first save after that fix recorded a change nobody made. Their line
ends become LF here: only in the fields the admin edits (a question and its answer, an interview's
summary; the original transcript is read-only and kept verbatim, as its content hash needs), only in
rows with a CR, by ``bulk_update``, which neither sends signals (no history row) nor touches
``updated_at`` (a change form opened before the migration is not refused as stale).

Going back changes nothing: LF is what the importer writes and the admin now stores.
"""

from django.db import migrations
from django.db.models import Q

FIELDS = {"Interview": ["summary"], "Question": ["text", "answer"]}
BATCH = 500


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def texts_with_lf_line_ends(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("interviews", model_name)
        with_cr = Q()
        for name in fields:
            with_cr |= Q(**{f"{name}__contains": "\r"})
        # The ids first: SQLite gives no isolation between a cursor still reading a table and writes to it.
        ids = list(model.objects.filter(with_cr).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            rows = list(model.objects.filter(pk__in=ids[start : start + BATCH]).only("pk", *fields))
            for row in rows:
                for name in fields:
                    setattr(row, name, _lf(getattr(row, name)))
            model.objects.bulk_update(rows, fields)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0017_region_renamed_at"),
    ]

    operations = [
        migrations.RunPython(texts_with_lf_line_ends, migrations.RunPython.noop, elidable=True),
    ]

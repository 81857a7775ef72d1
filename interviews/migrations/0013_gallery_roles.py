"""Let editors and reviewers fill an interview's gallery (图集); until now only administrators could.

Editors change the gallery of drafts only, like the questions and guests (admin.DraftOnlyInline).
"""

from django.db import migrations

from interviews.roles import ADMINISTRATOR, EDITOR, REVIEWER, grant

GALLERY = [
    "interviews.view_interviewimage",
    "interviews.add_interviewimage",
    "interviews.change_interviewimage",
    "interviews.delete_interviewimage",
]


def forwards(apps, schema_editor):
    grant(apps, {EDITOR: GALLERY, REVIEWER: GALLERY, ADMINISTRATOR: ["interviews.*"]})


class Migration(migrations.Migration):
    dependencies = [("interviews", "0012_media_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Give the editorial roles their rights over the media library (see interviews/roles.py).

It lives here because media_library imports nothing from interviews, roles included.
"""

from django.db import migrations

from interviews.roles import ADMINISTRATOR, EDITOR, REVIEWER, grant

MEDIA = [
    "media_library.view_image",
    "media_library.add_image",
    "media_library.change_image",
    "media_library.view_video",
    "media_library.add_video",
    "media_library.change_video",
]


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            EDITOR: MEDIA,
            REVIEWER: [*MEDIA, "media_library.delete_image", "media_library.delete_video"],
            ADMINISTRATOR: ["media_library.*"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0011_history_media_fields"),
        ("media_library", "0002_historicalimage_historicalvideo"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

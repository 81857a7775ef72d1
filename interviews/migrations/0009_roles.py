"""Create the groups 编辑, 审核 and 管理员 with their permissions (see interviews/roles.py)."""

from django.db import migrations

from interviews.roles import ROLE_PERMISSIONS, grant


def forwards(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("interviews", "0008_workflow_history_proofreading"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

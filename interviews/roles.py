"""The three editorial roles as auth groups, and a helper later migrations use to extend them.

Called only from migrations with the historical app registry, so nothing here imports models.
Another app grants its own permissions in a data migration of its own, e.g. in indicators:

    from interviews.roles import grant

    def forwards(apps, schema_editor):
        grant(apps, {
            EDITOR: ["indicators.view_indicator", "indicators.add_observation", "indicators.change_observation"],
            REVIEWER: ["indicators.view_indicator", "indicators.change_observation"],
            ADMINISTRATOR: ["indicators.*"],
        })

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

(with ``dependencies`` on ``("interviews", "0009_roles")`` and the app's own model migration).
"""

EDITOR = "编辑"
REVIEWER = "审核"
ADMINISTRATOR = "管理员"

_CONTENT = [
    "interviews.add_interview",
    "interviews.change_interview",
    "interviews.view_interview",
    "interviews.add_question",
    "interviews.change_question",
    "interviews.delete_question",
    "interviews.view_question",
    "interviews.add_appearance",
    "interviews.change_appearance",
    "interviews.delete_appearance",
    "interviews.view_appearance",
    "interviews.add_person",
    "interviews.change_person",
    "interviews.view_person",
    "interviews.add_series",
    "interviews.change_series",
    "interviews.view_series",
    "interviews.add_region",
    "interviews.change_region",
    "interviews.view_region",
    "interviews.view_transition",
    "interviews.view_proofreadingrule",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: _CONTENT,
    REVIEWER: _CONTENT
    + [
        "interviews.review_interview",
        "interviews.publish_interview",
        "interviews.override_proofreading",
        "interviews.add_proofreadingrule",
        "interviews.change_proofreadingrule",
    ],
    ADMINISTRATOR: ["interviews.*", "auth.*", "axes.*"],
}


def ensure_permissions(apps) -> None:
    """Create content types and permissions now; Django normally does it only after all migrations."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, role_permissions: dict[str, list[str]]) -> None:
    """Add permissions (``"app_label.codename"``, or ``"app_label.*"`` for all of an app) to groups.

    Groups are created when missing; existing permissions are kept. An unknown codename is an
    error, so a typo cannot silently leave a role without a right.
    """
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            if not found.exists():
                raise LookupError(f"No permission {name} for role {role}")
            group.permissions.add(*found)

"""Roles and staff accounts in the admin, with Django's built-in permissions named in Chinese."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

# Roles are groups (编辑, 审核, 管理员, made by this app's migrations), edited by 管理员 on the group and
# user pages, where Django lists its built-in permissions by their stored English names.
PERMISSION_VERBS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission) -> str:
    """「访谈 | 访谈 | 修改」 for Django's 「访谈 | 访谈 | Can change 访谈」; our own permissions have
    Chinese names already and keep them."""
    action = permission.codename.split("_", 1)[0]
    if action in PERMISSION_VERBS and permission.name.startswith(f"Can {action} "):
        return f"{permission.content_type} | {PERMISSION_VERBS[action]}"
    return str(permission)


class ChinesePermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class RoleAdmin(ChinesePermissionsMixin, GroupAdmin):
    pass


class StaffUserAdmin(ChinesePermissionsMixin, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)

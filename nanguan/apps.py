from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class LoginProtectionConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin's app list (its own label is just "Axes")."""

    verbose_name = "登录保护"

    def ready(self):
        super().ready()
        # After the admin (first in INSTALLED_APPS) has registered axes's own classes.
        from . import axes_admin  # noqa: F401  (replaces their Chinese-less parts)


class AdminConfig(DjangoAdminConfig):
    """Django's admin with the project's site (``nanguan/admin_site.py``) as ``admin.site``."""

    default_site = "nanguan.admin_site.AdminSite"

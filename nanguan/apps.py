from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class LoginProtectionConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin's app list (its own label is just "Axes")."""

    verbose_name = "登录保护"


class AdminConfig(DjangoAdminConfig):
    """Django's admin with the project's site (``nanguan/admin_site.py``) as ``admin.site``."""

    default_site = "nanguan.admin_site.AdminSite"

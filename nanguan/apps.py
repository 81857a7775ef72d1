from axes.apps import AppConfig as AxesAppConfig


class LoginProtectionConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin's app list (its own label is just "Axes")."""

    verbose_name = "登录保护"

"""The admin site (``admin.site``, installed by ``nanguan.apps.AdminConfig``): the site's Chinese
titles, and the apps and their lists in the order editors work through them."""

from django.conf import settings
from django.contrib import admin

# App label -> its models' class names, both in working order: interviews are imported and edited
# first, their figures reviewed next, media attached, and accounts looked after last. Apps and models
# not named here follow the named ones, in Django's alphabetical order.
WORKING_ORDER = {
    "interviews": ["Interview", "Person", "Series", "Region", "ProofreadingRule", "Transition"],
    "indicators": ["Observation", "Indicator"],
    "media_library": ["Image", "Video"],
    "auth": ["User", "Group"],
    "axes": ["AccessAttempt"],  # 登录失败记录, where a locked-out account is unlocked
}


def _rank(names: list[str], name: str) -> int:
    return names.index(name) if name in names else len(names)


class AdminSite(admin.AdminSite):
    index_title = "管理首页"

    @property
    def site_header(self):
        return f"{settings.SITE_NAME} 内容管理"

    @property
    def site_title(self):
        return self.site_header

    def get_app_list(self, request, app_label=None):
        """The index, the sidebar and each app's page list the apps and models in ``WORKING_ORDER``."""
        apps = super().get_app_list(request, app_label)
        apps.sort(key=lambda app: _rank(list(WORKING_ORDER), app["app_label"]))
        for app in apps:
            order = WORKING_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda model: _rank(order, model["object_name"]))
        return apps

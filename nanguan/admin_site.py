"""The admin site (``admin.site``, installed by ``nanguan.apps.AdminConfig``): the site's Chinese
titles, the apps and their lists in the order editors work through them, and page titles without the
spaces Django's Chinese translation puts around a name (「修改 访谈」, 「选择 访谈 来修改」)."""

from django.apps import apps as app_registry
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.template.response import TemplateResponse
from django.utils.translation import gettext

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


@admin.action(permissions=["delete"], description="删除所选%(verbose_name_plural)s")
def delete_selected_chinese(modeladmin, request, queryset):
    """Django's 「删除所选的 访谈」 as 「删除所选访谈」; the same action and confirmation page."""
    return delete_selected(modeladmin, request, queryset)


class ChineseTitles:
    """A ModelAdmin mixin: 「增加访谈」「修改访谈」「查看访谈」「选择要修改的访谈」「变更历史：…」 as page
    titles (the <h1> and the browser tab) instead of Django's 「修改 访谈」「选择 访谈 来修改」 and
    「变更历史： …」. Titles a view sets itself are kept."""

    def _chinese_title(self, response):
        if not isinstance(response, TemplateResponse) or response.is_rendered or not response.context_data:
            return response
        name = self.opts.verbose_name
        titles = {
            gettext("Add %s") % name: f"增加{name}",
            gettext("Change %s") % name: f"修改{name}",
            gettext("View %s") % name: f"查看{name}",
            gettext("Select %s to change") % name: f"选择要修改的{name}",
            gettext("Select %s to view") % name: f"选择要查看的{name}",
        }
        if (obj := response.context_data.get("object")) is not None:
            titles[gettext("Change history: %s") % obj] = f"变更历史：{obj}"
        title = response.context_data.get("title")
        response.context_data["title"] = titles.get(title, title)
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._chinese_title(super().changeform_view(request, object_id, form_url, extra_context))

    def changelist_view(self, request, extra_context=None):
        return self._chinese_title(super().changelist_view(request, extra_context))

    def history_view(self, request, object_id, extra_context=None):
        return self._chinese_title(super().history_view(request, object_id, extra_context))

    # django-simple-history's history pages render at once; they ask for their titles here.
    def history_view_title(self, request, obj):
        return f"{'查看' if self.revert_disabled(request, obj) else '变更'}历史：{obj}"

    def history_form_view_title(self, request, obj):
        return f"{'查看' if self.revert_disabled(request, obj) else '还原'}「{obj}」"


class AdminSite(admin.AdminSite):
    index_title = "管理首页"

    def __init__(self, name="admin"):
        super().__init__(name)
        self.add_action(delete_selected_chinese, "delete_selected")

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

    def app_index(self, request, app_label, extra_context=None):
        """An app's page: 「访谈管理」 for Django's 「访谈 管理」."""
        title = f"{app_registry.get_app_config(app_label).verbose_name}管理"
        return super().app_index(request, app_label, {"title": title, **(extra_context or {})})

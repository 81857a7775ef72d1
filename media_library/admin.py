from django.contrib import admin, messages
from django.db import models
from django.db.models import ProtectedError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .forms import ImageForm, VideoForm
from .models import Image, Video


def thumbnail(image: Image | None, preset: str = "thumb") -> str:
    """A small preview for admin lists and inlines (made and stored on first use like any rendition)."""
    if not image or not image.file:
        return "—"
    return render_to_string("media_library/admin_thumbnail.html", {"image": image, "preset": preset})


# A version's page with Chinese breadcrumbs (the project's template; simple-history's names the app "Media_library").
VERSION_PAGE = "simple_history/readable_object_history_form.html"


class MissingAltTextFilter(admin.SimpleListFilter):
    title = "替代文字"
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", "缺少替代文字"), ("ok", "已填写或装饰性")]

    def queryset(self, request, queryset):
        missing = Image.objects.missing_alt_text()
        if self.value() == "missing":
            return queryset.filter(pk__in=missing)
        if self.value() == "ok":
            return queryset.exclude(pk__in=missing)
        return queryset


class RefuseDeletingUsedMedia:
    """Refuse to delete media that something uses, listing where (on top of on_delete=PROTECT)."""

    def _refuse(self, request, obj) -> bool:
        used = obj.usages()
        if used:
            self.message_user(
                request,
                format_html(
                    "「{}」正在使用，不能删除。使用位置：{}",
                    obj,
                    format_html_join("；", "{}", ((place,) for place in used)),
                ),
                messages.ERROR,
            )
        return bool(used)

    def delete_model(self, request, obj):
        if not self._refuse(request, obj):
            try:
                super().delete_model(request, obj)
            except ProtectedError:
                self._refuse(request, obj)

    def delete_queryset(self, request, queryset):
        refused = [obj.pk for obj in queryset if self._refuse(request, obj)]
        try:
            super().delete_queryset(request, queryset.exclude(pk__in=refused))
        except ProtectedError:
            self.message_user(request, "所选媒体中有正在使用的项目，未删除任何项目。", messages.ERROR)


@admin.register(Image)
class ImageAdmin(RefuseDeletingUsedMedia, SimpleHistoryAdmin):
    object_history_form_template = VERSION_PAGE
    form = ImageForm
    list_display = ["thumbnail_display", "title", "has_alt_text", "decorative", "dimensions", "credit", "created_at"]
    list_display_links = ["thumbnail_display", "title"]
    list_filter = [MissingAltTextFilter, "decorative", "created_at"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    list_per_page = 50
    readonly_fields = ["preview", "dimensions", "size_display", "file_hash", "usage_list", "created_at"]

    class Media:
        js = ["media_library/focal_point.js"]
        css = {"all": ["media_library/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_fieldsets(self, request, obj=None):
        upload = ["file"] if obj is None else ["preview"]
        return [
            (None, {"fields": [*upload, "title", "alt_text", "decorative", "caption", "credit"]}),
            (
                "裁剪焦点",
                {
                    "fields": ["focal_x", "focal_y"],
                    "description": "裁剪成固定比例（如列表封面）时保留的位置。可直接点击上方预览图设置。",
                },
            ),
            ("文件信息", {"fields": ["dimensions", "size_display", "file_hash", "usage_list", "created_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["dimensions", "size_display", "file_hash", "usage_list", "created_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"focal_x", "focal_y"} & set(form.changed_data):
            obj.clear_renditions()

    @admin.display(description="缩略图")
    def thumbnail_display(self, obj):
        return thumbnail(obj)

    @admin.display(description="预览")
    def preview(self, obj):
        return thumbnail(obj, "preview")

    @admin.display(boolean=True, description="替代文字")
    def has_alt_text(self, obj):
        return not obj.needs_alt_text

    @admin.display(description="尺寸")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj and obj.width else "—"

    @admin.display(description="文件大小")
    def size_display(self, obj):
        return filesizeformat(obj.file_size) if obj and obj.file_size else "—"

    @admin.display(description="使用位置")
    def usage_list(self, obj):
        used = obj.usages() if obj and obj.pk else []
        if not used:
            return "未被使用"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((place,) for place in used)))


@admin.register(Video)
class VideoAdmin(RefuseDeletingUsedMedia, SimpleHistoryAdmin):
    object_history_form_template = VERSION_PAGE
    form = VideoForm
    list_display = ["poster_display", "title", "source_display", "duration", "has_captions", "created_at"]
    list_display_links = ["poster_display", "title"]
    list_select_related = ["poster"]
    search_fields = ["title", "description", "external_url"]
    autocomplete_fields = ["poster"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["poster_preview", "mime_type", "size_display", "file_hash", "usage_list", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "file", "external_url", "poster", "poster_preview", "captions", "duration"]}),
        (None, {"fields": ["description"]}),
        ("文件信息", {"fields": ["mime_type", "size_display", "file_hash", "usage_list", "created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("poster__renditions")

    @admin.display(description="封面")
    def poster_display(self, obj):
        return thumbnail(obj.poster)

    @admin.display(description="封面预览")
    def poster_preview(self, obj):
        return thumbnail(obj.poster, "preview") if obj else "—"

    @admin.display(description="来源")
    def source_display(self, obj):
        return f"外部链接（{obj.external_host}）" if obj.is_external else "上传文件"

    @admin.display(boolean=True, description="字幕")
    def has_captions(self, obj):
        return bool(obj.captions)

    size_display = ImageAdmin.size_display
    usage_list = ImageAdmin.usage_list

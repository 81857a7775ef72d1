from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.html import format_html

from .models import Image, Video
from .validators import inspect_image, inspect_video, validate_captions


def _duplicate_error(kind: str, existing) -> ValidationError:
    return ValidationError(
        format_html(
            '媒体库中已有相同的{}：<a href="{}">{}</a>。请直接使用已有的{}，不要重复上传。',
            kind,
            existing.get_admin_url(),
            existing,
            kind,
        ),
        code="duplicate",
    )


class KeepsAltTextOfUsedImages:
    """Pages already showing an image (possibly published) must not lose its description."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_needs_alt_text = self.instance.needs_alt_text

    def clean(self):
        cleaned = super().clean()
        removing_alt = not cleaned.get("alt_text", "").strip() and not cleaned.get("decorative")
        if self.instance.pk and removing_alt and not self.initial_needs_alt_text and self.instance.usages():
            self.add_error("alt_text", "此图片正在使用，不能清空替代文字（可以修改，或标记为装饰性图片）。")
        return cleaned


class AltTextForm(KeepsAltTextOfUsedImages, forms.ModelForm):
    """Only the alt text and the decorative flag, for describing many images on one page."""

    class Meta:
        model = Image
        fields = ["alt_text", "decorative"]


class ImageForm(KeepsAltTextOfUsedImages, forms.ModelForm):
    """Upload checks for the admin; the file cannot be replaced once uploaded (upload a new image instead)."""

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "decorative", "caption", "credit", "focal_x", "focal_y"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text += "留空时使用文件名。"
        if "file" in self.fields:
            self.fields["file"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload or upload == self.initial.get("file"):
            return upload
        self.accepted = inspect_image(upload)
        existing = Image.objects.filter(file_hash=self.accepted.sha256).exclude(pk=self.instance.pk).first()
        if existing:
            raise _duplicate_error("图片", existing)
        self.original_name = upload.name
        return self.accepted.content

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and getattr(self, "original_name", ""):
            cleaned["title"] = self.original_name.rsplit(".", 1)[0][:200]
        if not cleaned.get("title") and "file" not in self.errors:  # a refused file says what to do itself
            self.add_error("title", "请填写标题。")
        return cleaned

    def save(self, commit=True):
        if hasattr(self, "accepted"):
            self.instance.set_file(self.accepted)
        return super().save(commit=commit)


def https_by_default(field, **kwargs):
    # A video page address typed without a scheme is https (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class VideoForm(forms.ModelForm):
    class Meta:
        model = Video
        formfield_callback = https_by_default
        fields = ["title", "file", "external_url", "poster", "captions", "duration", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].widget.attrs["accept"] = "video/mp4,video/webm"
        if "captions" in self.fields:
            self.fields["captions"].widget.attrs["accept"] = ".vtt,text/vtt"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or upload == self.initial.get("file"):
            return upload
        self.accepted = inspect_video(upload)
        existing = Video.objects.filter(file_hash=self.accepted.sha256).exclude(pk=self.instance.pk).first()
        if existing:
            raise _duplicate_error("视频", existing)
        return self.accepted.content

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and upload != self.initial.get("captions"):
            validate_captions(upload)
        return upload

    def save(self, commit=True):
        video = self.instance
        if hasattr(self, "accepted"):
            video.mime_type, video.file_size, video.file_hash = (
                self.accepted.mime_type,
                self.accepted.size,
                self.accepted.sha256,
            )
            if "duration" not in self.changed_data:
                # A new file's duration, never the one of the file it replaces (still in the form).
                video.duration = self.accepted.duration
        elif not self.cleaned_data.get("file"):
            video.mime_type, video.file_size, video.file_hash = "", 0, ""
        for name in ("file", "captions"):
            replaced = self.initial.get(name)
            if name in self.changed_data and replaced:
                # The old file is no longer referenced by anything: remove it once the new one is saved.
                transaction.on_commit(partial(replaced.storage.delete, replaced.name))
        return super().save(commit=commit)

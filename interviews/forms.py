from django import forms
from django.conf import settings

from media_library.validators import megabytes

from .importing.sources import SUPPORTED_SUFFIXES

MAX_UPLOAD_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (the pattern in Django's file-upload docs)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class PlainTextField(forms.CharField):
    """A textarea's text with the line ends the importer stores (LF). Browsers post every line end
    as CRLF, so an answer of several paragraphs that nobody touched would differ from the stored one:
    saved again, recorded as a change in its history, and its saver counted as its author by the
    four-eyes rule."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="稿件文件",
        allow_empty_file=True,  # an empty file is reported in the preview by name, not refusing the others
        help_text=(
            f"可一次选择多个 .txt、.docx 文件或 .zip 压缩包（每次最多 {MAX_UPLOAD_FILES} 个）。"
            "上传后先预览，确认后才会导入。"
        ),
    )
    convert = forms.BooleanField(
        label="繁体转简体", required=False, initial=True, help_text="稿件是繁体字时转换为简体；原文原样保存。"
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(f"一次最多上传 {MAX_UPLOAD_FILES} 个文件，更多文件请打包成 .zip。")
        return files


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    convert = forms.BooleanField(required=False, widget=forms.HiddenInput)
    update = forms.BooleanField(
        label="更新已有访谈",
        required=False,
        help_text="勾选后，与已有访谈冲突的稿件将覆盖该访谈的问答和嘉宾；不勾选则跳过这些稿件。",
    )


class GalleryUploadForm(forms.Form):
    """「批量上传图片」: many photos for an interview's gallery, with one caption and credit for all."""

    files = MultipleFileField(
        label="图片文件",
        error_messages={"required": "请选择要上传的图片。"},
        # An empty file is refused by name with the others (interviews/gallery.py), not as "a file".
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    caption = forms.CharField(
        label="图片说明",
        max_length=300,
        required=False,
        help_text="可选。填写后用于本次新上传的每一张图片，显示在图片下方；媒体库中已有的图片保留原来的说明。",
    )
    credit = forms.CharField(
        label="摄影/来源",
        max_length=100,
        required=False,
        help_text="可选，如「摄影：张三」或「南关区融媒体中心」。同样只用于新上传的图片。",
    )
    # When the page was opened (the interview's updated_at), as on the change form.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            "可一次选择多张 JPEG、PNG、WebP 或 GIF 图片（在选择窗口中按住 Ctrl 或 Shift 多选，手机上可多选相册照片）。"
            f"每次最多 {settings.MEDIA_BATCH_MAX_FILES} 张、合计不超过 {megabytes(settings.MEDIA_BATCH_MAX_BYTES)}，"
            f"每张不超过 {megabytes(settings.MEDIA_IMAGE_MAX_BYTES)}。"
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        most, total, limit = settings.MEDIA_BATCH_MAX_FILES, sum(f.size for f in files), settings.MEDIA_BATCH_MAX_BYTES
        if len(files) > most:
            raise forms.ValidationError(f"一次最多上传 {most} 张图片，您选择了 {len(files)} 张，请分批上传。")
        if total > limit:
            raise forms.ValidationError(
                f"所选图片合计 {megabytes(total)}，一次合计不能超过 {megabytes(limit)}，请分批上传。"
            )
        return files


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

# action -> the fields its page asks for, with the label of the reason field and whether it is required
ACTION_FIELDS = {
    "submit": (["reason"], "提交说明（可选）", False),
    "approve": (["publish_at", "expires_at", "override_reason"], "", False),
    "reject": (["reason"], "退回理由（编辑会看到）", True),
    "withdraw": (["reason"], "撤稿理由（将显示在原网址上）", True),
    "expiry": (["expires_at", "reason"], "说明（可选）", False),
    "reopen": (["reason"], "说明（可选）", False),
}


class TransitionForm(forms.Form):
    """The fields of one workflow step's confirmation page."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), required=False)
    publish_at = forms.DateTimeField(
        label="发布时间",
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text="留空则立即发布；填写将来的时间则到时自动公开（定时发布）；补录往期访谈时可填写原发布时间。",
    )
    expires_at = forms.DateTimeField(
        label="下线时间",
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text="到达此时间后不再公开；留空表示长期有效。",
    )
    override_reason = forms.CharField(
        label="放行理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="存在严重问题时，只有审核人员可以填写理由放行；理由会记入发布日志。",
    )

    # When the page was opened (the interview's updated_at): a step confirmed on a page that showed an
    # older text or state (another tab, the back button, a colleague's edit) is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        names, reason_label, reason_required = ACTION_FIELDS[action]
        for name in list(self.fields):
            if name not in names and name != "version":
                del self.fields[name]
        if "reason" in self.fields:
            self.fields["reason"].label = reason_label
            self.fields["reason"].required = reason_required

from django import forms

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


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="稿件文件",
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

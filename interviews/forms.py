from django import forms

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
        help_text="留空则立即发布；填写将来的时间则到时自动公开（定时发布）。",
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

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        names, reason_label, reason_required = ACTION_FIELDS[action]
        for name in list(self.fields):
            if name not in names:
                del self.fields[name]
        if "reason" in self.fields:
            self.fields["reason"].label = reason_label
            self.fields["reason"].required = reason_required

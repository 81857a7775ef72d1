"""Pre-publish checks: what an editor sees before submitting and a reviewer before publishing.

``settings.PUBLISH_CHECKS`` lists dotted paths of check functions; each is imported lazily (so
interviews never imports indicators or media_library at module level) and called as

    check(interview) -> Iterable[Finding | dict]

A ``Finding`` (or a dict with the same keys, for apps that do not import interviews):

- ``code``: stable identifier, e.g. ``"empty_answer"``, ``"proofreading"``, ``"missing_alt_text"``
- ``message``: one sentence in Chinese for editors, e.g. 「问3 的回答为空。」
- ``severity``: ``"severe"`` (严重: blocks publishing until fixed or overridden by a 审核 with a
  written reason) or ``"minor"`` (一般: shown, never blocks)
- ``where``: the place in Chinese, e.g. 「标题」, 「问3 回答」, 「图片 12」 (may be empty)
- ``start``/``end``: character offsets of the problem inside that field, or None
- ``context``: the text around it (e.g. 「…前文【错误】后文…」), may be empty
- ``suggestion``: what to write instead, may be empty
- ``url``: an admin link where it can be fixed, may be empty
- ``overridable``: False for a 严重 finding no written reason lets through (an image without alt
  text: ``Interview.publish`` refuses it whatever the reviewer writes); True by default
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Interview, ProofreadingRule
from .proofreading import Rule, proofread
from .structure import PhotoSlot, answer_blocks

SEVERE = ProofreadingRule.Severity.SEVERE.value
MINOR = ProofreadingRule.Severity.MINOR.value
SEVERITY_LABELS = dict(ProofreadingRule.Severity.choices)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    severity: str = MINOR
    where: str = ""
    start: int | None = None
    end: int | None = None
    context: str = ""
    suggestion: str = ""
    url: str = ""
    overridable: bool = True

    @property
    def blocks(self) -> bool:
        return self.severity == SEVERE

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def position(self) -> str:
        return f"第 {self.start + 1} 字" if self.start is not None else ""

    def summary(self) -> str:
        """One line for the publish log."""
        place = "，".join(part for part in (self.where, self.position) if part)
        return f"[{self.severity_label}] {self.message}" + (f"（{place}）" if place else "")

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def coerce(cls, value) -> "Finding":
        if isinstance(value, cls):
            return value
        known = {field.name for field in fields(cls)}
        return cls(**{key: item for key, item in dict(value).items() if key in known})


def run_checks(interview: Interview) -> list[Finding]:
    """All findings of every configured check, 严重 first."""
    findings: list[Finding] = []
    for path in settings.PUBLISH_CHECKS:
        findings.extend(Finding.coerce(item) for item in import_string(path)(interview))
    return sorted(findings, key=lambda finding: (not finding.blocks,))


def interview_fields(interview: Interview) -> list[tuple[str, str]]:
    """The texts proofreading covers, with the name an editor recognises."""
    named = [("标题", interview.title), ("摘要", interview.summary)]
    for question in interview.questions.order_by("number"):
        named.append((f"问{question.number} 问题", question.text))
        named.append((f"问{question.number} 回答", question.answer))
    return named


def active_rules() -> list[Rule]:
    return [
        Rule(rule.wrong, rule.right, rule.severity, rule.note, tuple(rule.exception_list()))
        for rule in ProofreadingRule.objects.filter(active=True)
    ]


def proofreading(interview: Interview) -> Iterable[Finding]:
    """Known wrong forms (错敏词) in the title, summary, questions and answers."""
    for where, match in proofread(interview_fields(interview), active_rules()):
        rule = match.rule
        note = f"（{rule.note}）" if rule.note else ""
        yield Finding(
            code="proofreading",
            message=f"「{rule.wrong}」应为「{rule.right}」{note}",
            severity=rule.severity,
            where=where,
            start=match.start,
            end=match.end,
            context=match.context,
            suggestion=rule.right,
        )


def captions(interview: Interview) -> Iterable[Finding]:
    """A video file we serve without captions (a player on another site is that site's business)."""
    video = interview.video
    if video and video.file and not video.captions:
        yield Finding(
            "missing_captions",
            f"视频「{video.title}」没有字幕文件，听障读者无法了解内容；建议上传 WebVTT（.vtt）字幕。",
            MINOR,
            where="视频",
            url=video.get_admin_url(),
        )


def photo_slots(interview: Interview) -> Iterable[Finding]:
    """「图片」 lines in the answers beyond the gallery's images: visitors would see nothing there."""
    slots = sum(isinstance(block, PhotoSlot) for q in interview.questions.all() for block in answer_blocks(q.answer))
    images = interview.gallery_entries.count() if slots else 0
    if slots > images:
        message = f"正文中有 {slots} 个「图片」位置，图集只有 {images} 张图片："
        yield Finding(
            "empty_photo_slots", message + f"其余 {slots - images} 个位置在公开页面上不显示。", MINOR, where="图集"
        )


def structure(interview: Interview) -> Iterable[Finding]:
    """Missing title or region, no questions, questions without answers."""
    title = interview.title.strip()
    if not title or title == "未命名访谈":
        yield Finding("missing_title", "访谈没有标题。", SEVERE, where="标题")
    if interview.region_id is None:
        yield Finding("missing_region", "没有选择地区，访谈不会出现在地区页面。", MINOR, where="地区")
    if not interview.summary.strip():
        yield Finding("missing_summary", "没有摘要，列表和分享时只显示标题。", MINOR, where="摘要")
    questions = list(interview.questions.order_by("number"))
    if not questions:
        yield Finding("no_questions", "访谈没有任何问答内容。", SEVERE, where="问答")
    for question in questions:
        if not question.answer.strip():
            yield Finding(
                "empty_answer", f"问{question.number} 的回答为空。", SEVERE, where=f"问{question.number} 回答"
            )


def alt_text(interview: Interview) -> Iterable[Finding]:
    """Images the page shows (cover, gallery, video poster) without alt text and not marked decorative."""
    for image in interview.images_missing_alt_text():
        yield Finding(
            "missing_alt_text",
            f"图片「{image.title}」缺少替代文字（读屏软件读不出它），请填写或标记为装饰性图片。",
            SEVERE,
            where="图片",
            url=image.get_admin_url(),
            overridable=False,
        )

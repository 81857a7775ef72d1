"""One uploaded transcript through parse and save: the step the command and the admin page repeat.

``preview_one`` parses and predicts what saving would do, writing nothing; ``import_one`` parses
again and saves through ``loader.save_interview`` (its own transaction). Both take a
``SourceFile`` from ``sources.read_source``, so a file that could not be read is reported the same
way everywhere.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError

from interviews.models import Interview

from .loader import CONFLICT, CREATED, STATUS_LABELS, UNCHANGED, UPDATED, content_hash, find_existing, save_interview
from .parser import ParsedInterview, parse_transcript
from .sources import SourceFile

FAILED = "failed"
LABELS = {**STATUS_LABELS, FAILED: "失败"}


@dataclass
class Outcome:
    name: str
    status: str  # CREATED, UNCHANGED, UPDATED, CONFLICT or FAILED
    parsed: ParsedInterview | None = None
    interview: Interview | None = None  # the saved one, or for CONFLICT/UNCHANGED the existing one
    messages: list[str] = field(default_factory=list)  # in Chinese, for the editor

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass(frozen=True)
class Options:
    convert: bool = True
    update: bool = False
    series_name: str = ""
    region_name: str = ""
    publish: bool = False


def preview_one(source: SourceFile, options: Options) -> Outcome:
    """Parse and say what confirming would do; nothing is written."""
    if source.error:
        return Outcome(source.name, FAILED, messages=[source.error])
    parsed = parse_transcript(source.text, convert=options.convert)
    existing = Interview.objects.filter(content_hash=content_hash(source.text)).first()
    if existing:
        return Outcome(source.name, UNCHANGED, parsed, existing, ["内容与已导入的稿件相同，确认后不会修改。"])
    previous = find_existing(parsed, series_name=options.series_name, region_name=options.region_name)
    if previous:
        status = UPDATED if options.update else CONFLICT
        note = "将用新稿替换它的问答和嘉宾。" if options.update else "内容不同；如需覆盖，请勾选“更新已有访谈”。"
        return Outcome(source.name, status, parsed, previous, [f"已有访谈「{previous.title}」，{note}"])
    return Outcome(source.name, CREATED, parsed)


def import_one(source: SourceFile, options: Options, *, user=None) -> Outcome:
    """Parse and save one transcript in its own transaction; a failure writes nothing."""
    if source.error:
        return Outcome(source.name, FAILED, messages=[source.error])
    parsed = parse_transcript(source.text, convert=options.convert)
    try:
        result = save_interview(
            parsed,
            source_text=source.text,
            source_name=source.name.rsplit("/", 1)[-1],
            series_name=options.series_name,
            region_name=options.region_name,
            publish=options.publish,
            update=options.update,
            user=user,
        )
    except DatabaseError as error:
        return Outcome(source.name, FAILED, parsed, messages=[f"保存失败（{error}），未写入任何内容。"])
    return Outcome(source.name, result.status, parsed, result.interview, result.notes)


__all__ = ["CONFLICT", "CREATED", "FAILED", "UNCHANGED", "UPDATED", "Options", "Outcome", "import_one", "preview_one"]

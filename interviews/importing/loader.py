"""Save a parsed transcript: the one write path shared by the admin, the command and tests."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from interviews.models import Appearance, Interview, Person, Question, Region, Series
from interviews.search import index_interview

from .parser import ParsedInterview

CREATED = "created"
UNCHANGED = "unchanged"
UPDATED = "updated"
CONFLICT = "conflict"
STATUS_LABELS = {CREATED: "新建", UNCHANGED: "未变", UPDATED: "更新", CONFLICT: "冲突"}


@dataclass
class ImportResult:
    status: str  # CREATED, UNCHANGED, UPDATED or CONFLICT (nothing written)
    interview: Interview  # for CONFLICT: the existing interview
    notes: list[str] = field(default_factory=list)  # what the editor should know, in Chinese

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def content_hash(source_text: str) -> str:
    """SHA-256 of the text with line ends and surrounding space normalised."""
    normalised = "\n".join(line.rstrip() for line in source_text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def region_kind(name: str) -> str:
    if name.endswith("开发区") or name.endswith("示范区") or name.endswith("新区"):
        return Region.Kind.DEVELOPMENT_ZONE
    if name.endswith("县"):
        return Region.Kind.COUNTY
    if name.endswith("市"):
        return Region.Kind.CITY
    return Region.Kind.DISTRICT


def find_existing(parsed: ParsedInterview, *, source_url: str = "", series_name: str = "", region_name: str = ""):
    """The interview this text is a version of: same source URL, or same series, region and title."""
    series_name, region_name = series_name or parsed.series, region_name or parsed.region
    series, region = (_named(Series, series_name), series_name), (_named(Region, region_name), region_name)
    return _lookup("", parsed.title, source_url or parsed.source_url, series, region)[1]


def _named(model, name: str):
    # Names are unique; get() skips the ordering (and join) that first() would add.
    try:
        return model.objects.get(name=name) if name else None
    except model.DoesNotExist:
        return None


def _lookup(digest: str, title: str, source_url: str, series: tuple, region: tuple):
    """(interview with this exact text, interview this text is a version of), in one query.

    A version is one with the same source URL, else the same series, region and title (by ids, so
    the (series, region, title) index serves it). A series or region that does not exist yet
    holds no interview.
    """
    (series_row, series_name), (region_row, region_name) = series, region
    condition = Q(content_hash=digest) if digest else Q(pk__in=[])
    if source_url:
        condition |= Q(source_url=source_url)
    by_title = bool(title) and not (series_name and not series_row) and not (region_name and not region_row)
    if by_title:
        condition |= Q(series=series_row, region=region_row, title=title)
    rows = list(Interview.objects.filter(condition).order_by("pk"))
    same_text = next((row for row in rows if digest and row.content_hash == digest), None)
    previous = next((row for row in rows if source_url and row.source_url == source_url), None)
    if not previous and by_title:
        previous = next(
            (r for r in rows if (r.series_id, r.region_id, r.title) == (_pk(series_row), _pk(region_row), title)),
            None,
        )
    return same_text, previous


def _pk(row) -> int | None:
    return row.pk if row else None


@transaction.atomic
def save_interview(
    parsed: ParsedInterview,
    *,
    source_text: str,
    source_name: str = "",
    source_url: str = "",
    series_name: str = "",
    region_name: str = "",
    publish: bool = False,
    update: bool = False,
    user=None,
) -> ImportResult:
    """Create the interview with its questions, guests and hosts, or do nothing if this text was imported before.

    A different text for an interview that exists (``find_existing``) is a CONFLICT and writes
    nothing, unless ``update``: then its fields, questions and people are replaced. ``source_text``
    is the verbatim original (before Traditional → Simplified conversion). ``series_name``/
    ``region_name`` override what the title says. Everything happens in one transaction: an
    error anywhere leaves the database as it was.
    """
    digest = content_hash(source_text)
    source_url = source_url or (parsed.source_url if len(parsed.source_url) <= 500 else "")
    series_name, region_name = series_name or parsed.series, region_name or parsed.region
    series, region = _named(Series, series_name), _named(Region, region_name)
    existing, previous = _lookup(digest, parsed.title, source_url, (series, series_name), (region, region_name))
    if existing:
        return ImportResult(UNCHANGED, existing, ["内容与已导入的稿件相同，未做修改。"])
    if previous and not update:
        return ImportResult(
            CONFLICT,
            previous,
            [
                f"已有同一来源或同名的访谈「{previous.title}」，但内容不同，未导入。"
                "如需用新稿覆盖，请选择“更新已有访谈”（命令行加 --update）。"
            ],
        )

    notes: list[str] = []
    if series_name and not series:
        series = Series.objects.create(name=series_name, subtitle=parsed.subtitle)
    if region_name and not region:
        region = Region.objects.create(name=region_name, kind=region_kind(region_name))
        notes.append(f"新建了地区「{region_name}」，请在后台补充它的上级地区。")
    fields = {
        "title": parsed.title or source_name or "未命名访谈",
        "kind": parsed.kind,
        "series": series,
        "region": region,
        "summary": "\n".join(parsed.intro),
        "source_text": source_text,
        "source_name": source_name,
        "source_url": source_url,
        "content_hash": digest,
    }
    if previous:
        for name, value in fields.items():
            setattr(previous, name, value)
        previous.save()
        previous.questions.all().delete()
        previous.appearances.all().delete()
        interview, status = previous, UPDATED
        notes.append("已用新稿替换原有的问答和嘉宾。")
    else:
        interview, status = Interview.objects.create(**fields), CREATED
    # With history rows, so the imported text is the first version an editor can restore.
    questions = bulk_create_with_history(
        [Question(interview=interview, number=q.number, text=q.text, answer=q.answer) for q in parsed.questions],
        Question,
        default_user=user,
    )
    people = [(g, Appearance.Role.GUEST) for g in parsed.guests] + [(h, Appearance.Role.HOST) for h in parsed.hosts]
    appearances = Appearance.objects.bulk_create(
        Appearance(interview=interview, person=_person(p.name), role=role, position=p.position, order=order)
        for order, (p, role) in enumerate(people)
    )
    index_interview(interview, questions=questions, appearances=appearances)

    from indicators.observing import record_interview_figures  # interviews must not import indicators at load

    record_interview_figures(interview, questions)
    if publish and interview.status != Interview.Status.PUBLISHED:
        interview.publish(by=user)
    return ImportResult(status, interview, notes)


def _person(name: str) -> Person:
    # Namesakes are told apart by editors (Person.note); an import links the first one.
    return Person.objects.filter(name=name).order_by("pk").first() or Person.objects.create(name=name)

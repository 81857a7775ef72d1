"""Save a parsed transcript: the one write path shared by the admin, the command and tests."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from interviews.models import Appearance, Interview, Person, Question, Region, Series

from .parser import ParsedInterview

CREATED = "created"
UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    status: str  # CREATED or UNCHANGED
    interview: Interview
    notes: list[str] = field(default_factory=list)  # what the editor should know, in Chinese


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
    user=None,
) -> ImportResult:
    """Create the interview with its questions and guests, or do nothing if this text was imported before.

    ``series_name``/``region_name`` override what the title says. Everything happens in one
    transaction: an error anywhere leaves the database as it was.
    """
    digest = content_hash(source_text)
    existing = Interview.objects.filter(content_hash=digest).first()
    if existing:
        return ImportResult(UNCHANGED, existing, ["内容与已导入的稿件相同，未做修改。"])

    notes: list[str] = []
    series = _series(series_name or parsed.series, parsed.subtitle)
    region = _region(region_name or parsed.region, notes)
    interview = Interview.objects.create(
        title=parsed.title or source_name or "未命名访谈",
        kind=parsed.kind,
        series=series,
        region=region,
        summary="\n".join(parsed.intro),
        source_text=source_text,
        source_name=source_name,
        source_url=source_url,
        content_hash=digest,
    )
    # With history rows, so the imported text is the first version an editor can restore.
    bulk_create_with_history(
        [Question(interview=interview, number=q.number, text=q.text, answer=q.answer) for q in parsed.questions],
        Question,
        default_user=user,
    )
    for order, guest in enumerate(parsed.guests):
        person, _ = Person.objects.get_or_create(name=guest.name)
        Appearance.objects.get_or_create(
            interview=interview,
            person=person,
            role=Appearance.Role.GUEST,
            defaults={"position": guest.position, "order": order},
        )
    if publish:
        interview.publish(by=user)
    return ImportResult(CREATED, interview, notes)


def _series(name: str, subtitle: str) -> Series | None:
    if not name:
        return None
    series, _ = Series.objects.get_or_create(name=name, defaults={"subtitle": subtitle})
    return series


def _region(name: str, notes: list[str]) -> Region | None:
    if not name:
        return None
    region, created = Region.objects.get_or_create(name=name, defaults={"kind": region_kind(name)})
    if created:
        notes.append(f"新建了地区「{name}」，请在后台补充它的上级地区。")
    return region

"""Save parsed transcripts: the one write path shared by the admin, the command and tests.

``save_interviews`` saves many transcripts in one transaction with the same queries for one as for
fifty (the command saves files in batches); ``save_interview`` is one transcript in its own
transaction (the admin saves each file so, and tests).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from interviews.models import Appearance, Interview, Person, Question, Region, Series, unique_slugs
from interviews.search import index_interviews
from interviews.workflow import can_edit_content
from nanguan.page_cache import content_changed

from .parser import ParsedInterview
from .transcripts import Transcript

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
    transcript = Transcript(parsed, "", source_url=source_url, series_name=series_name, region_name=region_name)
    series, regions = _by_name(Series, {transcript.series_name}), _by_name(Region, {transcript.region_name})
    return _lookup([transcript], series, regions)[0][1]


def _by_name(model, names: set[str]) -> dict:
    """The rows of ``model`` (series or regions: names are unique) with these names."""
    names = {name for name in names if name}
    return {row.name: row for row in model.objects.filter(name__in=names).order_by()} if names else {}


def _lookup(transcripts: list[Transcript], series: dict, regions: dict) -> list[tuple]:
    """For each transcript: (interview with this exact text, interview this text is a version of), in one query.

    A version is one with the same source URL, else the same series, region and title (by ids, so
    the (series, region, title) index serves it). A series or region that does not exist yet
    holds no interview.
    """
    condition = Q(content_hash__in=[t.digest for t in transcripts if t.source_text])
    if urls := [t.source_url for t in transcripts if t.source_url]:
        condition |= Q(source_url__in=urls)
    by_title = {}
    for t in transcripts:
        series_row, region_row = series.get(t.series_name), regions.get(t.region_name)
        if t.parsed.title and not (t.series_name and not series_row) and not (t.region_name and not region_row):
            key = (_pk(series_row), _pk(region_row), t.parsed.title)
            by_title[id(t)] = key
            condition |= Q(series=series_row, region=region_row, title=t.parsed.title)
    rows = list(Interview.objects.filter(condition).order_by("pk"))
    found = []
    for t in transcripts:
        same_text = next((row for row in rows if t.source_text and row.content_hash == t.digest), None)
        previous = next((row for row in rows if t.source_url and row.source_url == t.source_url), None)
        if not previous and id(t) in by_title:
            previous = next((r for r in rows if (r.series_id, r.region_id, r.title) == by_title[id(t)]), None)
        found.append((same_text, previous))
    return found


def _pk(row) -> int | None:
    return row.pk if row else None


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

    One transcript in its own transaction; see ``save_interviews``.
    """
    transcript = Transcript(parsed, source_text, source_name, source_url, series_name, region_name)
    return save_interviews([transcript], publish=publish, update=update, user=user)[0]


@transaction.atomic
def save_interviews(
    transcripts: list[Transcript], *, publish: bool = False, update: bool = False, user=None
) -> list[ImportResult]:
    """Save each transcript as ``save_interview`` would, all in one transaction; results in the same order.

    An interview is created with its questions, guests, hosts, search passages and figures, or
    nothing happens if the same text was imported before (UNCHANGED). A different text for an
    interview that exists (``find_existing``) is a CONFLICT and writes nothing, unless ``update``:
    then its fields, questions and people are replaced. Rows of the same kind are written in one
    statement for all the transcripts, so fifty cost about the queries of one. A transcript that
    repeats or revises an earlier one of the list is saved after it, as if imported afterwards.
    An error anywhere leaves the database as it was.
    """
    results = []
    for run in _runs(transcripts):
        results += _save_run(run, publish=publish, update=update, user=user)
    return results


def _runs(transcripts: list[Transcript]) -> Iterator[list[Transcript]]:
    """Consecutive transcripts none of which repeats or revises another: each run sees the runs before it."""
    run, keys = [], set()
    for transcript in transcripts:
        if keys & transcript.keys():
            yield run
            run, keys = [], set()
        run.append(transcript)
        keys |= transcript.keys()
    if run:
        yield run


def _save_run(transcripts: list[Transcript], *, publish: bool, update: bool, user) -> list[ImportResult]:
    series = _by_name(Series, {t.series_name for t in transcripts})
    regions = _by_name(Region, {t.region_name for t in transcripts})
    results = [
        _outcome(existing, previous, update, user) for existing, previous in _lookup(transcripts, series, regions)
    ]
    saving = [
        (t, result) for t, result in zip(transcripts, results, strict=True) if result.status in (CREATED, UPDATED)
    ]
    if not saving:
        return results
    _write_interviews(saving, series, regions, user)

    questions = _write_questions(saving, user)
    casts = [
        (
            result.interview,
            [(g, Appearance.Role.GUEST) for g in t.parsed.guests] + [(h, Appearance.Role.HOST) for h in t.parsed.hosts],
        )
        for t, result in saving
    ]
    person = _people({p.name for _, cast in casts for p, _ in cast}, user)
    appearances = Appearance.objects.bulk_create(
        Appearance(interview=interview, person=person[p.name], role=role, position=p.position, order=order)
        for interview, cast in casts
        for order, (p, role) in enumerate(cast)
    )
    interviews = [result.interview for _, result in saving]
    known_terms = {text: terms for t, _ in saving for text, terms in t.terms.items()}
    index_interviews(interviews, questions=questions, appearances=appearances, known_terms=known_terms)

    from indicators.observing import sync_questions  # interviews must not import indicators at load

    sync_questions(questions, known_figures={answer: f for t, _ in saving for answer, f in t.figures.items()})
    if publish:
        for interview in interviews:
            if interview.status != Interview.Status.PUBLISHED:
                interview.publish(by=user)
    return results


def update_refused(previous: Interview, user) -> str:
    """Why ``user`` may not replace ``previous`` with a new text, or "" if they may.

    The change form's rule (``workflow.can_edit_content``): an editor replaces drafts only, so a text
    under review or published changes only with a reviewer's eyes on it. The command (no user) may.
    """
    if user is None or can_edit_content(user, previous):
        return ""
    return (
        f"访谈「{previous.title}」的状态是“{previous.get_status_display()}”，只有审核人员可以用新稿覆盖它，"
        "未导入。请交由审核人员导入。"
    )


def _outcome(existing: Interview | None, previous: Interview | None, update: bool, user) -> ImportResult:
    """What saving a transcript will do, given the interview with its text and the one it is a version of."""
    if existing:
        return ImportResult(UNCHANGED, existing, ["内容与已导入的稿件相同，未做修改。"])
    if previous and not update:
        message = (
            f"已有同一来源或同名的访谈「{previous.title}」，但内容不同，未导入。"
            "如需用新稿覆盖，请选择“更新已有访谈”（命令行加 --update）。"
        )
        return ImportResult(CONFLICT, previous, [message])
    if previous and (refused := update_refused(previous, user)):
        return ImportResult(CONFLICT, previous, [refused])
    return ImportResult(UPDATED if previous else CREATED, previous)


def _write_interviews(saving: list[tuple[Transcript, ImportResult]], series: dict, regions: dict, user) -> None:
    """Create the missing series and regions, then the new interviews (one insert), or update the previous ones."""
    for transcript, result in saving:
        if transcript.series_name and transcript.series_name not in series:
            name = transcript.series_name
            series[name] = Series.objects.create(name=name, subtitle=transcript.parsed.subtitle)
        if transcript.region_name and transcript.region_name not in regions:
            name = transcript.region_name
            regions[name] = Region.objects.create(name=name, kind=region_kind(name))
            result.notes.append(f"新建了地区「{name}」，请在后台补充它的上级地区。")
    new = []
    for transcript, result in saving:
        parsed = transcript.parsed
        fields = {
            "title": transcript.title,
            "kind": parsed.kind,
            "series": series.get(transcript.series_name),
            "region": regions.get(transcript.region_name),
            "summary": "\n".join(parsed.intro),
            "source_text": transcript.source_text,
            "source_name": transcript.source_name,
            "source_url": transcript.source_url,
            "content_hash": transcript.digest,
        }
        if result.interview:  # UPDATED: saved (with its history row) one by one, a rare case
            for name, value in fields.items():
                setattr(result.interview, name, value)
            result.interview.save()
            result.interview.appearances.all().delete()
            result.notes.append("已用新稿替换原有的问答和嘉宾。")
        else:
            result.interview = Interview(**fields)
            new.append((result.interview, transcript.slug_base))
    for (interview, _), slug in zip(new, unique_slugs(Interview, [base for _, base in new]), strict=True):
        interview.slug = interview._saved_slug = slug
    # With history rows, so the imported text is the first version an editor can restore.
    interviews = Interview.objects.bulk_create([interview for interview, _ in new])
    Interview.history.bulk_history_create(interviews, default_user=user)
    content_changed()  # bulk inserts send no post_save


def _write_questions(saving: list[tuple[Transcript, ImportResult]], user) -> list[Question]:
    """Insert the questions; an updated interview keeps its question rows by number (text replaced), so
    the figures an editor already reviewed stay attached and ``sync_questions`` re-locates them."""
    updated = [result.interview for _, result in saving if result.status == UPDATED]
    previous = {(q.interview_id, q.number): q for q in Question.objects.filter(interview__in=updated)}
    kept, new = [], []
    for transcript, result in saving:
        for q in transcript.parsed.questions:
            question = previous.pop((result.interview.pk, q.number), None)
            if question is None:
                new.append(Question(interview=result.interview, number=q.number, text=q.text, answer=q.answer))
            else:
                question.text, question.answer = q.text, q.answer
                kept.append(question)
    Question.objects.filter(pk__in=[question.pk for question in previous.values()]).delete()
    if kept:
        bulk_update_with_history(kept, Question, ["text", "answer"], default_user=user)
    return kept + bulk_create_with_history(new, Question, default_user=user)


def _people(names: set[str], user) -> dict[str, Person]:
    """The person for each name: namesakes are told apart by editors (Person.note); an import links the first one."""
    found: dict[str, Person] = {}
    for person in Person.objects.filter(name__in=names).order_by("-pk"):
        found[person.name] = person  # the lowest pk comes last
    missing = [Person(name=name) for name in sorted(names - found.keys())]
    for person in bulk_create_with_history(missing, Person, default_user=user):
        found[person.name] = person
    return found

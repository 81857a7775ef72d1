"""Uploaded transcripts through parse and save: the steps the command and the admin page repeat.

``preview_one``/``preview_many`` parse and predict what saving would do, writing nothing;
``import_one`` parses again and saves through ``loader.save_interviews`` in its own transaction (the admin page: each
file on its own); ``import_many`` does the same for many files, saved in batches of
``BATCH_SIZE`` per transaction (the command). All take ``SourceFile``s from
``sources.read_source``, so a file that could not be read (失败) or a zip member that is not a
transcript (跳过, not a failure) is reported the same way everywhere.
"""

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.db import DatabaseError

from interviews.models import Interview, Region
from interviews.search import whole_runs
from nanguan.processes import collection_paused, exit_with_parent

from .loader import (
    CONFLICT,
    CREATED,
    STATUS_LABELS,
    UNCHANGED,
    UPDATED,
    find_existing,
    save_interviews,
    update_refused,
)
from .parser import ParsedInterview, parse_transcript
from .sources import SourceFile
from .transcripts import Transcript, prepare


class WorkersLost(Exception):
    """A worker process of ``import_many`` ended before its work was done (killed, out of memory).
    ``str(error)`` is a message for editors; the batches saved before it are whole."""


FAILED = "failed"
SKIPPED = "skipped"  # a zip member that is not a transcript: noted, nothing written, not a failure
LABELS = {**STATUS_LABELS, FAILED: "失败", SKIPPED: "跳过"}
# Files saved per transaction by import_many: enough that a statement per kind of row serves many
# interviews (the per-statement cost of the ORM is most of an import's time), few enough that a
# batch that fails costs little to save again file by file.
BATCH_SIZE = 50
# Processes import_many uses by default: one worker prepares a transcript in about a third of the
# time this process takes to save it, so more workers would only take memory (≈140 MB each).
PROCESSES = 2


@dataclass
class Outcome:
    name: str
    status: str  # CREATED, UNCHANGED, UPDATED, CONFLICT, FAILED or SKIPPED
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


def preview_one(source: SourceFile, options: Options, *, user=None) -> Outcome:
    """Parse and say what confirming would do (as ``user``); nothing is written."""
    return preview_many([source], options, user=user)[0]


def preview_many(sources: Iterable[SourceFile], options: Options, *, user=None) -> list[Outcome]:
    """``preview_one`` for each source, in order, as confirming saves them one after another.

    A transcript that repeats or revises an earlier one of the same upload is judged as if that
    one were saved already (the same text: 未变; another version: 冲突), as confirming will find;
    so is a region its title names that confirming would create (a later guest's position may name it).
    """
    saved: dict[tuple, str] = {}  # each key (Transcript.keys) of a transcript confirming would save → its name
    regions = set(region_names())
    outcomes = []
    for source in sources:
        outcome, transcript = _preview(source, options, user, saved, regions)
        if outcome.status in (CREATED, UPDATED):
            saved.update(dict.fromkeys(transcript.keys(), source.name))
            regions.add(transcript.region_name)
        outcomes.append(outcome)
    return outcomes


def region_names() -> tuple[str, ...]:
    """The names of the regions there are: the parser recognises them in titles and guests' positions."""
    return tuple(Region.objects.values_list("name", flat=True))


def _preview(source: SourceFile, options: Options, user, saved: dict[tuple, str], regions: set[str]):
    if source.skipped:
        return Outcome(source.name, SKIPPED, messages=[source.skipped]), None
    if source.error:
        return Outcome(source.name, FAILED, messages=[source.error]), None
    parsed = parse_transcript(source.text, convert=options.convert, regions=regions)
    transcript = Transcript(parsed, source.text, series_name=options.series_name, region_name=options.region_name)
    if problems := transcript.overlong():
        return Outcome(source.name, FAILED, parsed, messages=problems), transcript
    existing = Interview.objects.filter(content_hash=transcript.digest).first()
    if existing:
        # True with or without a confirm button: the page offers none when no file would be saved.
        note = f"内容与已导入的访谈「{existing.title}」相同，不会重复导入，已有访谈保持不变。"
        return Outcome(source.name, UNCHANGED, parsed, existing, [note]), transcript
    if earlier := saved.get(("text", transcript.digest)):
        note = f"与本次上传的「{earlier}」内容相同，确认后只导入一次。"
        return Outcome(source.name, UNCHANGED, parsed, messages=[note]), transcript
    if earlier := next((saved[key] for key in sorted(transcript.keys()) if key in saved), None):
        note = (
            f"与本次上传的「{earlier}」是同一访谈的不同版本：确认后先导入「{earlier}」，本稿为冲突、不导入；"
            "勾选“更新已有访谈”则用本稿替换它。"
        )
        return Outcome(source.name, CONFLICT, parsed, messages=[note]), transcript
    previous = find_existing(parsed, series_name=options.series_name, region_name=options.region_name)
    if previous and (refused := update_refused(previous, user)):
        return Outcome(source.name, CONFLICT, parsed, previous, [refused]), transcript
    if previous:
        status = UPDATED if options.update else CONFLICT
        note = "将用新稿替换它的问答和嘉宾。" if options.update else "内容不同；如需覆盖，请勾选“更新已有访谈”。"
        return Outcome(source.name, status, parsed, previous, [f"已有访谈「{previous.title}」，{note}"]), transcript
    return Outcome(source.name, CREATED, parsed), transcript


def import_one(source: SourceFile, options: Options, *, user=None) -> Outcome:
    """Parse and save one transcript in its own transaction; a failure writes nothing."""
    return next(_save_batch([source], [_prepare(options, region_names())(source)], options, user))


def import_many(sources: Iterable[SourceFile], options: Options, *, user=None, processes: int = 1) -> Iterator[Outcome]:
    """``import_one`` for each source, in order, saving ``BATCH_SIZE`` files per transaction.

    With ``processes`` > 1, that many minus one worker processes prepare the next batch (parse,
    figures, search terms: ``transcripts.prepare``) while this one saves the current batch. If a
    batch fails in the database it is saved again file by file, so only the file at fault is
    reported failed and writes nothing. Interrupted, the database holds whole batches only;
    importing again skips what arrived (unchanged) and saves the rest. The regions the parser
    recognises are those there were when the import began (``parse_transcript``'s ``regions``).
    """
    sources = iter(sources)
    batches = iter(lambda: list(islice(sources, BATCH_SIZE)), [])  # read one batch at a time
    prepare_one = _prepare(options, region_names())
    if processes <= 1:
        for batch in batches:
            yield from _save_batch(batch, [prepare_one(source) for source in batch], options, user)
        return
    # spawn, not fork: the workers start clean instead of sharing this process's database connection.
    # An executor, not a multiprocessing.Pool: a worker that dies fails the work it held
    # (BrokenProcessPool) instead of leaving this process waiting for it forever.
    try:
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            processes - 1, mp_context=spawn, initializer=exit_with_parent, initargs=(os.getpid(),)
        ) as workers:
            first = next(batches, None)
            pending = []  # (batch, its preparation by the workers), one batch ahead of the saving
            for batch in batches:
                pending.append((batch, [workers.submit(prepare_one, source) for source in batch]))
                if first is not None:
                    # Prepared here, while the workers start and take the second batch.
                    yield from _save_batch(first, [prepare_one(source) for source in first], options, user)
                    first = None
                if len(pending) > 1:
                    done, preparation = pending.pop(0)
                    yield from _save_batch(done, [future.result() for future in preparation], options, user)
            if first is not None:  # the only batch
                yield from _save_batch(first, [prepare_one(source) for source in first], options, user)
            for done, preparation in pending:
                yield from _save_batch(done, [future.result() for future in preparation], options, user)
    except BrokenProcessPool as error:
        raise WorkersLost(
            "解析稿件的工作进程意外退出（可能是内存不足或被终止），导入已停止。已保存的访谈都是完整的；"
            "重新运行同一命令会跳过已导入的稿件，继续导入其余稿件（内存紧张时可加 --jobs 1）。"
        ) from error


def _prepare(options: Options, regions: tuple[str, ...]):
    """``transcripts.prepare`` with the options and region names filled in (picklable, for the workers)."""
    return partial(
        prepare,
        convert=options.convert,
        regions=regions,
        series_name=options.series_name,
        region_name=options.region_name,
        whole_runs=whole_runs(),
    )


def _save_batch(
    sources: list[SourceFile], transcripts: list[Transcript | None], options: Options, user
) -> Iterator[Outcome]:
    # A file that could not be read, or whose texts do not fit their columns, fails alone; one that
    # is not a transcript is skipped. Neither reaches the save.
    problems = [
        transcript.overlong() if transcript else [source.skipped or source.error]
        for source, transcript in zip(sources, transcripts, strict=True)
    ]
    try:
        with collection_paused():
            saved = save_interviews(
                [t for t, failed in zip(transcripts, problems, strict=True) if not failed],
                publish=options.publish,
                update=options.update,
                user=user,
            )
    except DatabaseError as error:
        if len(sources) > 1:
            for source, transcript in zip(sources, transcripts, strict=True):
                yield from _save_batch([source], [transcript], options, user)
            return
        parsed = transcripts[0].parsed if transcripts[0] else None
        yield Outcome(sources[0].name, FAILED, parsed, messages=[f"保存失败（{error}），未写入任何内容。"])
        return
    saved = iter(saved)
    for source, transcript, failed in zip(sources, transcripts, problems, strict=True):
        if source.skipped:
            yield Outcome(source.name, SKIPPED, messages=failed)
        elif failed:
            yield Outcome(source.name, FAILED, transcript and transcript.parsed, messages=failed)
        else:
            done = next(saved)
            yield Outcome(source.name, done.status, transcript.parsed, done.interview, done.notes)


__all__ = [
    "CONFLICT",
    "CREATED",
    "FAILED",
    "SKIPPED",
    "UNCHANGED",
    "UPDATED",
    "Options",
    "Outcome",
    "import_many",
    "import_one",
    "preview_many",
    "preview_one",
    "region_names",
]

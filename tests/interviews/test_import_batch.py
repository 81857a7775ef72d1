"""Importing many files at once: batches of files per transaction, and preparing files in worker processes."""

import gc
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

import indicators.observing
import interviews.search
from indicators.models import Observation
from interviews.importing import batch
from interviews.importing.batch import CONFLICT, CREATED, FAILED, UNCHANGED, Options, import_many
from interviews.importing.loader import save_interviews
from interviews.importing.sources import SourceFile
from interviews.importing.transcripts import prepare
from interviews.models import Interview, Question, Region, SearchEntry

pytestmark = pytest.mark.django_db


def transcript(region: str, answer: str, title: str = "") -> str:
    title = title or f"【文字】e起点赞长春这十年|区县领导访谈·{region}"
    return f"{title}\n1.今年经济怎么样？\n{answer}\n2.明年有什么打算？\n继续努力，地区生产总值增长6%。\n"


def sources(*texts: str) -> list[SourceFile]:
    return [SourceFile(f"{n}.txt", text) for n, text in enumerate(texts)]


def statuses(outcomes) -> list[str]:
    return [outcome.status for outcome in outcomes]


def test_a_batch_saves_every_file_with_its_questions_passages_and_figures():
    texts = [
        transcript(region, f"{region}地区生产总值达到{n}0亿元。") for n, region in enumerate(["南关区", "朝阳区"], 1)
    ]

    outcomes = list(import_many(sources(*texts), Options()))

    assert statuses(outcomes) == [CREATED, CREATED]
    for outcome, region in zip(outcomes, ["南关区", "朝阳区"], strict=True):
        interview = outcome.interview
        assert interview.region.name == region
        assert list(interview.questions.values_list("number", flat=True)) == [1, 2]
        assert SearchEntry.objects.filter(interview=interview).count() == 3  # heading + two questions
        assert Observation.objects.filter(interview=interview).count() == 2


def test_files_repeating_or_revising_an_earlier_file_of_the_same_batch_are_unchanged_or_conflicts():
    first = transcript("宽城区", "旧的回答。")
    revised = transcript("宽城区", "新的回答。")  # same series, region and title: a version of the first

    outcomes = list(import_many(sources(first, first, revised), Options()))

    assert statuses(outcomes) == [CREATED, UNCHANGED, CONFLICT]
    assert outcomes[1].interview == outcomes[2].interview == outcomes[0].interview
    assert list(Question.objects.values_list("answer", flat=True).order_by("number")) == [
        "旧的回答。",
        "继续努力，地区生产总值增长6%。",
    ]


def test_a_new_region_named_by_several_files_is_created_once_and_mentioned_once():
    texts = [transcript("新设区", f"回答{n}。", title=f"新设区访谈第{n}期") for n in range(3)]

    outcomes = list(import_many(sources(*texts), Options(region_name="新设区")))

    assert statuses(outcomes) == [CREATED] * 3
    assert Region.objects.filter(name="新设区").count() == 1
    assert [any("新建了地区" in note for note in outcome.messages) for outcome in outcomes] == [True, False, False]


def test_files_with_titles_that_make_the_same_slug_get_different_addresses():
    texts = [transcript("南关区", "回答。", title=title) for title in ("同一个标题", "同一个标题！", "同一个标题？")]

    outcomes = list(import_many(sources(*texts), Options(region_name="南关区")))

    assert statuses(outcomes) == [CREATED] * 3
    assert len({outcome.interview.slug for outcome in outcomes}) == 3


def test_a_file_that_fails_in_the_database_is_left_out_and_the_rest_of_its_batch_is_saved(monkeypatch):
    real = indicators.observing._keep_observed

    def fail_on_marker(answer, figures, existing):
        if "坏数据" in answer:
            raise DatabaseError("disk I/O error")
        return real(answer, figures, existing)

    monkeypatch.setattr(indicators.observing, "_keep_observed", fail_on_marker)
    texts = [transcript("南关区", "好的回答。"), transcript("朝阳区", "坏数据。"), transcript("宽城区", "好的回答。")]

    outcomes = list(import_many(sources(*texts), Options()))

    assert statuses(outcomes) == [CREATED, FAILED, CREATED]
    assert "未写入任何内容" in outcomes[1].messages[0]
    assert sorted(Interview.objects.values_list("region__name", flat=True)) == ["南关区", "宽城区"]
    assert not Question.objects.filter(answer__contains="坏数据").exists()


def test_unreadable_files_are_reported_in_their_place():
    good = transcript("南关区", "回答。")

    outcomes = list(import_many([SourceFile("bad.txt", error="文件是空的。"), *sources(good)], Options()))

    assert statuses(outcomes) == [FAILED, CREATED]
    assert outcomes[0].messages == ["文件是空的。"]


def test_saving_fifty_files_takes_about_the_queries_of_one():
    def queries(texts: list[str]) -> list[str]:
        prepared = [prepare(source, whole_runs=interviews.search.whole_runs()) for source in sources(*texts)]
        with CaptureQueriesContext(connection) as captured:
            save_interviews(prepared)
        return [query["sql"] for query in captured]

    queries(
        [transcript("朝阳区", "地区生产总值增长5%。", title="第一期")]
    )  # the series, region and indicator exist now

    one = queries([transcript("朝阳区", "地区生产总值增长6%。", title="单独一期")])
    fifty = queries([transcript("朝阳区", f"地区生产总值增长{n}%。", title=f"第{n}期") for n in range(10, 60)])

    def reads(sqls):
        return [sql.split(" FROM ")[1].split()[0] for sql in sqls if sql.startswith("SELECT")]

    assert reads(fifty) == reads(one)  # the same lookups, whatever the number of files
    # A statement per kind of row (SQLite splits one at 999 parameters), not one per file.
    assert len(fifty) < 2 * len(one), "\n".join(sql[:100] for sql in fifty)


def test_prepared_files_are_saved_without_parsing_extracting_or_cutting_terms_again(monkeypatch):
    prepared = prepare(sources(transcript("南关区", "地区生产总值达到495.7亿元。"))[0], whole_runs=False)

    def again(*args, **kwargs):
        raise AssertionError("worked out again while saving")

    monkeypatch.setattr(indicators.observing, "extract_figures", again)
    monkeypatch.setattr(interviews.search, "terms", again)
    monkeypatch.setattr(interviews.search, "whole_runs", lambda: False)
    [result] = save_interviews([prepared])

    assert result.status == CREATED
    assert Observation.objects.filter(interview=result.interview).count() == 2


def test_worker_processes_give_the_same_result_as_one_process(monkeypatch):
    monkeypatch.setattr(batch, "BATCH_SIZE", 2)  # several batches, so one is prepared while another is saved
    texts = [
        transcript(region, f"{region}地区生产总值达到{n}0亿元。")
        for n, region in enumerate(["南关区", "朝阳区", "宽城区"], 1)
    ]

    outcomes = list(import_many(sources(*texts, texts[0]), Options(), processes=2))

    assert statuses(outcomes) == [CREATED, CREATED, CREATED, UNCHANGED]
    assert Observation.objects.count() == 6
    assert SearchEntry.objects.count() == 9


class KillsItsWorker(SourceFile):
    """A source whose unpickling ends the worker process it is sent to, as an out-of-memory kill would."""

    def __reduce__(self):
        return os._exit, (1,)


def test_a_worker_that_dies_stops_the_import_with_a_message_and_keeps_whole_batches(monkeypatch):
    """Before, the import waited for the dead worker's result forever."""
    monkeypatch.setattr(batch, "BATCH_SIZE", 2)
    texts = [transcript(region, "回答。") for region in ["南关区", "朝阳区", "宽城区", "二道区"]]
    files = sources(*texts)
    files[2] = KillsItsWorker(files[2].name, files[2].text)  # the second batch, prepared by a worker

    outcomes = []
    with pytest.raises(batch.WorkersLost, match="工作进程意外退出.*重新运行同一命令"):
        for outcome in import_many(files, Options(), processes=2):
            outcomes.append(outcome)

    assert statuses(outcomes) == [CREATED, CREATED]  # the first batch, prepared here, is saved whole
    assert set(Interview.objects.values_list("region__name", flat=True)) == {"南关区", "朝阳区"}
    assert Question.objects.count() == 4


KILLED_IMPORT = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from nanguan.processes import exit_with_parent

if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=exit_with_parent, initargs=(os.getpid(),)) as workers:
        print(workers.submit(os.getpid).result(), flush=True)
        time.sleep(60)
"""


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (a zombie awaiting its reaper has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_workers_of_an_import_killed_with_sigkill_end_too():
    """Before, they waited for work for ever, each holding its memory (seen after the load test's kill)."""
    importer = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT], cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True
    )
    worker = int(importer.stdout.readline())
    assert running(worker)

    importer.kill()
    importer.wait()
    deadline = time.monotonic() + 15
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert not running(worker)


def test_command_with_more_files_than_a_batch_uses_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "BATCH_SIZE", 2)
    monkeypatch.setattr("interviews.management.commands.import_interviews.BATCH_SIZE", 2)
    started = []
    real_pool = batch.multiprocessing.get_context

    def watched(method):
        started.append(method)
        return real_pool(method)

    monkeypatch.setattr(batch.multiprocessing, "get_context", watched)
    for n, region in enumerate(["南关区", "朝阳区", "宽城区"]):
        Path(tmp_path / f"{n}.txt").write_text(transcript(region, "回答。"), encoding="utf-8")
    out = io.StringIO()

    call_command("import_interviews", str(tmp_path), "--jobs", "2", stdout=out, stderr=io.StringIO())

    assert started == ["spawn"]
    assert "新建 3" in out.getvalue()
    assert Interview.objects.count() == 3


def test_garbage_collection_is_on_again_after_a_batch_even_one_that_failed(monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk I/O error")

    list(import_many(sources(transcript("南关区", "回答。")), Options()))
    assert gc.isenabled()
    monkeypatch.setattr(batch, "save_interviews", fail)

    [outcome] = import_many(sources(transcript("朝阳区", "回答。")), Options())

    assert outcome.status == FAILED
    assert gc.isenabled()


def test_a_file_whose_title_does_not_fit_fails_alone_and_writes_nothing():
    run_on = "南关区" + "这十年的发展成就" * 30  # a title run into its first paragraph: 243 characters
    texts = [transcript("南关区", "稳步增长。", title=run_on), transcript("朝阳区", "稳步增长。")]

    outcomes = list(import_many(sources(*texts), Options()))

    assert statuses(outcomes) == [FAILED, CREATED]
    assert "标题过长（243 字，最多 200 字）" in outcomes[0].messages[0]
    assert Interview.objects.get().region.name == "朝阳区"
    assert not Question.objects.filter(interview__title__startswith="南关区").exists()


def test_the_import_limits_are_the_columns_lengths():
    from interviews.importing.transcripts import LIMITS
    from interviews.models import Appearance, Person, Series

    columns = {
        "title": Interview._meta.get_field("title"),
        "series": Series._meta.get_field("name"),
        "subtitle": Series._meta.get_field("subtitle"),
        "region": Region._meta.get_field("name"),
        "name": Person._meta.get_field("name"),
        "position": Appearance._meta.get_field("position"),
    }
    assert {key: column.max_length for key, column in columns.items()} == LIMITS

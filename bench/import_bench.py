"""Import benchmark: N synthetic interviews made from the sample, through the real import path.

    .venv/bin/python bench/import_bench.py 1000
    .venv/bin/python bench/import_bench.py 10000

Each interview is the sample transcript with another region, a distinct issue number in the
title, its figures scaled at random and 1–8 questions (the sample's four, repeated with changed
figures). Every one goes bytes → ``read_source`` → ``batch.import_many`` (parse +
``save_interviews``, ``BATCH_SIZE`` files per transaction, as the ``import_interviews`` command does)
into a fresh SQLite database in a temporary folder, with DEBUG off (DEBUG
keeps every SQL query in memory). Texts are generated one at a time, so memory measures the
importer, not the input.

Prints interviews/second (wall clock, and per CPU second of this process, which does not depend
on what else the machine runs) overall and per tenth of the run (flat = time linear in N), and the
process's peak resident memory before and after the import (flat = no growth with N). A JSON
line goes to bench/results/import-N.json (git-ignored).
"""

import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGIONS = [
    "南关区",
    "朝阳区",
    "宽城区",
    "二道区",
    "绿园区",
    "双阳区",
    "九台区",
    "农安县",
    "德惠市",
    "榆树市",
    "公主岭市",
]
REGIONS += ["长春新区", "长春经济技术开发区", "长春净月高新技术产业开发区", "长春汽车经济技术开发区"]


def synthetic(sample: str, index: int, rng: random.Random) -> str:
    """The sample with another region, issue number, figures and question count."""
    title, *body = sample.strip().splitlines()
    region = REGIONS[index % len(REGIONS)]
    title = f"【视频】e起点赞长春这十年|区县领导访谈第{index + 1}期·{region}"
    blocks, current = [], []
    for line in body:
        if re.match(r"^\d+\.", line) and current:
            blocks.append(current)
            current = []
        if line.strip():
            current.append(line)
    blocks.append(current)
    chosen = [blocks[rng.randrange(len(blocks))] for _ in range(rng.randint(1, 8))]
    lines = [title]
    for number, (question, *answer) in enumerate(chosen, start=1):
        lines.append(re.sub(r"^\d+\.", f"{number}.", question).replace("南关区", region))
        for paragraph in answer:
            # Scale every figure so no two interviews share a text (and the content hash differs);
            # years stay as they are, as in a real transcript.
            lines.append(_FIGURE.sub(_scaled(rng.uniform(0.5, 1.5)), paragraph))
    return "\n".join(lines) + "\n"


# A number that is not a year (19xx/20xx followed by 年 or 的, as in 「从2012年的…增长到2021的…」).
_FIGURE = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d(?:年|的))\d+(?:\.\d+)?")


def _scaled(scale: float):
    return lambda match: f"{float(match.group()) * scale:.1f}"


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


def cpu_seconds(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main(n: int) -> dict:
    workdir = tempfile.mkdtemp(prefix="import-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="nanguan.settings",
        DEBUG="false",
        SECRET_KEY="benchmark-only",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from interviews.importing.batch import FAILED, PROCESSES, Options, import_many, import_one
    from interviews.importing.sources import read_source
    from interviews.models import Interview, Question
    from nanguan.processes import freeze_loaded_objects

    call_command("migrate", verbosity=0)
    freeze_loaded_objects()  # as the import_interviews command does
    sample = (ROOT / "samples" / "nanguan-2022-interview.txt").read_text(encoding="utf-8")
    rng = random.Random(20221012)
    options = Options()
    # Warm up the lazy imports (OpenCC dictionaries, pypinyin) outside the timed loop.
    import_one(read_source("warm.txt", synthetic(sample, n, rng).encode())[0], options)
    rss_before = peak_rss_mb()

    tenths, failed = [], 0
    step = max(n // 10, 1)

    def sources():
        for index in range(n):
            yield from read_source(f"{index}.txt", synthetic(sample, index, rng).encode("utf-8"))

    start = chunk_start = time.perf_counter()
    cpu_start = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    processes = min(PROCESSES, os.cpu_count() or 1)  # as the command does by default (--jobs)
    for done, outcome in enumerate(import_many(sources(), options, processes=processes), start=1):
        failed += outcome.status == FAILED
        if done % step == 0:
            now = time.perf_counter()
            tenths.append(round(step / (now - chunk_start), 1))
            chunk_start = now
    elapsed = time.perf_counter() - start
    # The workers are reaped when import_many ends, so their CPU time is counted as the children's.
    cpu_self = cpu_seconds(resource.RUSAGE_SELF) - cpu_start[0]
    cpu_workers = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_start[1]
    cpu = cpu_self + cpu_workers

    result = {
        "n": n,
        "processes": processes,
        "seconds": round(elapsed, 2),
        "interviews_per_second": round(n / elapsed, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_seconds_saving": round(cpu_self, 2),
        "cpu_seconds_workers": round(cpu_workers, 2),
        "interviews_per_cpu_second": round(n / cpu, 1),
        "load_average": os.getloadavg()[0],
        "per_tenth": tenths,
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb_after": round(peak_rss_mb(), 1),
        "peak_rss_mb_worker": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "interviews": Interview.objects.count(),
        "questions": Question.objects.count(),
        "failed": failed,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"import-{n}.json").write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(f"{result['n']} interviews in {result['seconds']} s: {result['interviews_per_second']} interviews/s")
    print(
        f"CPU time {result['cpu_seconds']} s ({result['cpu_seconds_saving']} s saving, "
        f"{result['cpu_seconds_workers']} s in {result['processes'] - 1} worker processes): "
        f"{result['interviews_per_cpu_second']} interviews per CPU second"
    )
    print(f"per tenth of the run (interviews/s): {result['per_tenth']}")
    print(
        f"peak RSS: {result['peak_rss_mb_before']} MB before import, {result['peak_rss_mb_after']} MB after; "
        f"worker processes {result['peak_rss_mb_worker']} MB"
    )
    print(json.dumps(result))

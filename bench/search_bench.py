"""Search latency over many interviews, on SQLite (FTS5) or PostgreSQL (GIN).

Usage:
    .venv/bin/python bench/search_bench.py [--interviews 10000] [--database-url URL] [--runs 30]

Builds a throwaway database (a temporary SQLite file by default; for PostgreSQL pass e.g.
postgres://postgres@127.0.0.1:5432/nanguan_bench — the database is dropped and recreated),
fills it with N published interviews made from the sample (regions, numbers and words varied),
indexes them, then times ``interviews.search.search`` for a fixed list of queries and prints
p50/p95/max in milliseconds, the CPU each query used (this process, and the PostgreSQL backend
when the server runs on this machine) and the load average. Not a test: run it by hand and copy
the numbers into the README.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "华为",
    "就业",
    "金融",
    "華為",
    "营商环境",
    "市场主体",
    "科技 企业",
    "南关区",
    "区",
    "不存在的词语",
    "2021",
    "项目建设",
]
REGIONS = ["南关区", "朝阳区", "宽城区", "二道区", "绿园区", "双阳区", "九台区", "农安县"]
FILLER = ["数字经济", "乡村振兴", "冰雪旅游", "汽车产业", "民生保障", "城市更新", "生态环境", "人才引进"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reuse", action="store_true", help="time an existing --database-url without rebuilding")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/search-bench.sqlite3"
    os.environ.update({"DATABASE_URL": url, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "nanguan.settings"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.reuse:
        if connection.vendor == "postgresql":
            _recreate_postgres_database(connection)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        _fill(args.interviews)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after an import: statistics, and the GIN index's pending
            # list merged (every search scans that list until then).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"{args.interviews} interviews built in {time.perf_counter() - started:.1f} s")
    from interviews.models import Interview

    print(f"database: {connection.vendor}; {Interview.objects.count()} interviews")

    from interviews.search import search

    server_cpu = _server_cpu_clock(connection)
    timings, client_cpu, server_cpu_used = [], [], []
    for query in QUERIES:
        search(query)[:20]  # warm the cache of each query plan
        for _ in range(args.runs):
            start, client_start, server_start = time.perf_counter(), time.process_time(), server_cpu()
            hits = search(query)
            first_page = hits[:20]  # what a visitor waits for: ranking, then the first page with snippets
            timings.append((time.perf_counter() - start) * 1000)
            client_cpu.append((time.process_time() - client_start) * 1000)
            server_cpu_used.append(server_cpu() - server_start)
        print(f"  {query!r}: {len(hits)} hits, {len(first_page)} on the first page")
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"search latency over {len(timings)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
    server = f", database server {statistics.mean(server_cpu_used):.1f} ms" if connection.vendor == "postgresql" else ""
    print(f"CPU per query (mean): this process {statistics.mean(client_cpu):.1f} ms{server}; {_load()}")


def _server_cpu_clock(connection):
    """Milliseconds of CPU used so far by this connection's PostgreSQL backend (0 if not on this machine)."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        schedstat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not schedstat.exists():
        return lambda: 0.0
    return lambda: int(schedstat.read_text().split()[0]) / 1e6


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _recreate_postgres_database(connection) -> None:
    import psycopg

    settings = connection.settings_dict
    name = settings["NAME"]
    admin = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname="postgres", autocommit=True
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _fill(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from interviews.importing.parser import parse_transcript
    from interviews.models import Interview, Question, Region, SearchEntry, Series
    from interviews.search import whole_runs
    from interviews.search_terms import terms

    rng = random.Random(20221012)
    sample = parse_transcript((ROOT / "samples" / "nanguan-2022-interview.txt").read_text(encoding="utf-8"))
    series = Series.objects.create(name="e起点赞长春这十年", subtitle="区县领导访谈")
    regions = [Region.objects.get_or_create(name=name)[0] for name in REGIONS]
    now = timezone.now()
    batch = 500
    for offset in range(0, count, batch):
        with transaction.atomic():
            interviews = Interview.objects.bulk_create(
                Interview(
                    title=f"{sample.title}（{n}）",
                    slug=f"bench-{n}",
                    series=series,
                    region=rng.choice(regions),
                    kind=Interview.Kind.VIDEO,
                    status=Interview.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(days=rng.randrange(3650)),
                )
                for n in range(offset, min(count, offset + batch))
            )
            questions, entries = [], []
            for interview in interviews:
                for parsed in sample.questions:
                    word = rng.choice(FILLER)
                    answer = parsed.answer.replace("南关", interview.region.name[:2]).replace(
                        "华为", word, rng.randrange(2)
                    )
                    questions.append(
                        Question(interview=interview, number=parsed.number, text=parsed.text, answer=answer)
                    )
            Question.objects.bulk_create(questions)
            for question in questions:
                body = f"{question.text}\n{question.answer}"
                entries.append(
                    SearchEntry(
                        interview_id=question.interview_id,
                        question=question,
                        heading=question.text,
                        body=body,
                        terms=" ".join(terms(body, whole_runs=whole_runs())),
                    )
                )
            SearchEntry.objects.bulk_create(entries)


if __name__ == "__main__":
    main()

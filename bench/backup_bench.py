"""Backup benchmark: time and peak memory of ``export_site`` and ``import_site`` as the site grows.

    .venv/bin/python bench/backup_bench.py [--sizes 100,1000] [--baseline DIR]

For each size N, a fresh SQLite database in a temporary folder (DEBUG off) gets N synthetic
interviews made from the sample (bench/import_bench.py ``synthetic``) through the command's import
path (``batch.import_many`` with ``--publish``): questions, guests, figures, search passages, the
workflow log and their edit history; then every interview's summary is edited once (one more
history row each). No media files: those were copied a megabyte at a time before too. Each step
then runs in a child process of its own, so its peak resident memory (``ru_maxrss``) is the step's:

- export: ``export_site`` of that database to a zip;
- import: ``import_site`` of that zip into a fresh migrated database.

A child reports its resident memory once Django is loaded (before the step), its peak, and the
step's wall-clock seconds. Memory that does not grow with N is the point: the archive does.

``--baseline DIR`` runs the steps with another checkout of this project too (e.g. ``git worktree add
/tmp/backup-old <commit>``; the databases are built by this one), each export imported by the code
that wrote it. About 2½ minutes on this project's 2-core machine, 6 with the code before streaming as
the baseline. Results go to bench/results/backup.json (git-ignored); numbers in README.md (Backup).
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(database: Path, media: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nanguan.settings",
        "DEBUG": "false",  # DEBUG keeps the last queries in memory
        "SECRET_KEY": "benchmark-only",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
    }


def setup_django(code: Path) -> None:
    sys.path.insert(0, str(code))
    os.chdir(code)
    import django

    django.setup()


def build_site(n: int) -> None:
    """N interviews through the import path, published, each edited once (this process's database)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from import_bench import synthetic
    from simple_history.utils import bulk_update_with_history

    from interviews.importing.batch import FAILED, Options, import_many
    from interviews.importing.sources import read_source
    from interviews.models import Interview

    sample = (ROOT / "samples" / "nanguan-2022-interview.txt").read_text(encoding="utf-8")
    rng = random.Random(20261128)
    sources = (
        source for index in range(n) for source in read_source(f"{index}.txt", synthetic(sample, index, rng).encode())
    )
    failed = sum(outcome.status == FAILED for outcome in import_many(sources, Options(publish=True), processes=2))
    assert not failed, f"{failed} interviews failed to import"
    interviews = list(Interview.objects.only("pk", "title"))
    for interview in interviews:
        interview.summary = f"{interview.title}的摘要，编辑过一次。"
    bulk_update_with_history(interviews, Interview, ["summary"], batch_size=500)  # one more history row each


def child(step: str, archive: Path) -> None:
    """One step in this process; prints a JSON line with its time and memory."""
    setup_django(Path(os.environ["BENCH_CODE"]))
    from django.core.management import call_command

    from interviews import backup

    if step == "migrate":
        call_command("migrate", verbosity=0)
        return
    if step == "build":
        build_site(int(os.environ["BENCH_N"]))
        return
    rss_start = resident_mb()
    start = time.perf_counter()
    summary = backup.export_site(archive) if step == "export" else backup.import_site(archive)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    result = {"seconds": round(seconds, 1), "rss_start_mb": round(rss_start, 1), "peak_rss_mb": round(peak, 1)}
    print(json.dumps({**result, "rows": sum(summary.rows.values())}))


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(step: str, code: Path, database: Path, media: Path, archive: Path, **extra: str) -> dict:
    env = {**environment(database, media), "BENCH_CODE": str(code), **extra}
    command = [sys.executable, __file__, "--child", step, str(archive)]
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.splitlines()[-1]) if step in ("export", "import") else {}


def main() -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="interview counts, comma-separated")
    parser.add_argument("--baseline", type=Path, help="another checkout whose backup code to measure too")
    args = parser.parse_args()
    codes = {"this checkout": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})

    work = Path(tempfile.mkdtemp(prefix="backup-bench-"))
    empty = work / "empty.sqlite3"
    run("migrate", ROOT, empty, work / "media-empty", work / "unused.zip")
    results = []
    for n in (int(size) for size in args.sizes.split(",")):
        site = work / f"site-{n}.sqlite3"
        start = time.perf_counter()
        shutil.copy(empty, site)
        run("build", ROOT, site, work / f"media-{n}", work / "unused.zip", BENCH_N=str(n))
        built = time.perf_counter() - start
        for name, code in codes.items():
            archive = work / f"{name.replace(' ', '-')}-{n}.zip"
            exported = run("export", code, site, work / f"media-{n}", archive)
            target = work / "target.sqlite3"
            shutil.copy(empty, target)
            imported = run("import", code, target, work / f"media-target-{n}", archive)
            with zipfile.ZipFile(archive) as bundle:
                size = sum(info.file_size for info in bundle.infolist() if info.filename.startswith("data."))
            result = {
                "code": name,
                "n": n,
                "rows": exported["rows"],
                "data_mb": round(size / 2**20, 1),
                "archive_mb": round(archive.stat().st_size / 2**20, 1),
                "build_seconds": round(built, 1),
                "export": exported,
                "import": imported,
            }
            results.append(result)
            print(
                f"{name}, N={n}: {result['rows']} rows, {result['data_mb']} MB ({result['archive_mb']} MB zipped); "
                f"export {exported['seconds']} s, RSS {exported['rss_start_mb']} → {exported['peak_rss_mb']} MB; "
                f"import {imported['seconds']} s, RSS {imported['rss_start_mb']} → {imported['peak_rss_mb']} MB",
                flush=True,
            )
            archive.unlink()
    shutil.rmtree(work)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "backup.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        main()

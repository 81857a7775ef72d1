"""Load and fault test against gunicorn on loopback, production settings, SQLite in WAL mode.

    .venv/bin/python bench/load_test.py [--clients 32] [--seconds 60] [--interviews 500] [--port 8018]

1. A fresh SQLite database in a temporary folder: migrate, collectstatic, the sample interview
   published with its figures confirmed. gunicorn (gunicorn.conf.py, DEBUG off) on 127.0.0.1:PORT.
2. CLIENTS concurrent clients request the home page, the interview list, the sample interview, an
   indicator page and a search for SECONDS seconds, while ``import_interviews`` imports INTERVIEWS
   synthetic interviews (bench/import_bench.py) with ``--publish`` in another process. Every import
   starts a new content version, so the page cache is emptied again and again: the worst case.
   Reported: requests, status counts (must have no 5xx), p50/p99 latency, and whether every interview
   arrived whole (no lost import).
3. Fault: into another fresh database the same import starts again and is killed (SIGKILL) once
   about half has arrived. Checked: every interview in the database has all its questions and its
   search passages (nothing half-written); a rerun imports the rest, and only the rest.

A JSON line goes to bench/results/load.json (git-ignored).
"""

import argparse
import json
import multiprocessing
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from statistics import quantiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from import_bench import synthetic  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SAMPLE_SLUG = "eqidianzanchangchunzheshinian-quxianlingdaofangtan-nanguanqu"
PAGES = [
    "/",
    "/interviews/",
    f"/interviews/{SAMPLE_SLUG}/",
    "/indicators/gdp/",
    "/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83",
]


def get(port: int, path: str) -> tuple[int, float, int]:
    """One GET on a fresh connection: (status, seconds, body bytes); status 0 when the connection failed."""
    start = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError:
        return 0, time.perf_counter() - start, 0
    data = b"".join(chunks)
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    return status, time.perf_counter() - start, len(data) - data.find(b"\r\n\r\n") - 4


def _client_process(args) -> tuple[Counter, list[float]]:
    port, paths, threads, seconds = args
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int):
        mine, times, index = Counter(), [], offset
        while time.monotonic() < deadline:
            status, elapsed, _ = get(port, paths[index % len(paths)])
            mine[status] += 1
            times.append(elapsed)
            index += 1
        with lock:
            statuses.update(mine)
            latencies.extend(times)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses, latencies


def hammer(port: int, paths: list[str], clients: int, seconds: float, processes: int = 4) -> dict:
    """``clients`` concurrent clients (threads spread over processes) for ``seconds``."""
    per_process = [clients // processes + (n < clients % processes) for n in range(processes)]
    with multiprocessing.Pool(processes) as pool:
        start = time.perf_counter()
        results = pool.map(_client_process, [(port, paths, n, seconds) for n in per_process if n])
        elapsed = time.perf_counter() - start
    statuses, latencies = Counter(), []
    for counts, times in results:
        statuses.update(counts)
        latencies.extend(times)
    return summary(statuses, latencies, elapsed)


def save_result(name: str, result: dict) -> dict:
    """``result`` as bench/results/NAME.json (git-ignored); returns it."""
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


def summary(statuses: Counter, latencies: list[float], elapsed: float) -> dict:
    cuts = quantiles(latencies, n=100)
    return {
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "latencies": latencies,
    }


def combine(rounds: list[dict]) -> dict:
    statuses = Counter()
    for part in rounds:
        statuses.update(part["statuses"])
    latencies = [t for part in rounds for t in part["latencies"]]
    result = summary(statuses, latencies, sum(part["seconds"] for part in rounds))
    del result["latencies"]
    return result


def environment(workdir: Path, port: int, **extra) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "CONTENT_VERSION_FILE": str(workdir / "content-version"),
        "IMPORT_STAGING_DIR": str(workdir / "staging"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
        **extra,
    }


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, **kwargs)


def prepare_site(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "import_interviews", "samples", "--publish")
    confirm = "from indicators.models import Observation as O; O.objects.update(status=O.Status.CONFIRMED)"
    manage(env, "shell", "-c", confirm)


def start_server(env: dict, port: int, app: str | None = None) -> subprocess.Popen:
    command = [GUNICORN, "--config", "gunicorn.conf.py"] + ([app] if app else [])
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if get(port, "/robots.txt")[0] == 200:
            return server
        time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not answer on port {port}")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


def write_transcripts(folder: Path, count: int) -> dict[int, int]:
    """``count`` synthetic transcripts; returns issue number (「第N期」 in the title) → number of questions."""
    import random

    sample = (ROOT / "samples" / "nanguan-2022-interview.txt").read_text(encoding="utf-8")
    rng = random.Random(20261127)
    folder.mkdir()
    expected = {}
    for index in range(count):
        text = synthetic(sample, index, rng)
        (folder / f"{index:04d}.txt").write_text(text, encoding="utf-8")
        expected[index + 1] = sum(1 for line in text.splitlines() if re.match(r"^\d+\.", line))
    return expected


def check_whole(database: Path, expected: dict[int, int]) -> dict:
    """Which synthetic interviews are in the database, and whether each has all its questions and passages."""
    with sqlite3.connect(database, timeout=30) as db:
        rows = db.execute(
            "SELECT i.title, (SELECT COUNT(*) FROM interviews_question q WHERE q.interview_id = i.id),"
            " (SELECT COUNT(*) FROM interviews_searchentry s WHERE s.interview_id = i.id)"
            " FROM interviews_interview i"
        ).fetchall()
    stored = {}
    for title, questions, passages in rows:
        if match := re.search(r"第(\d+)期", title):
            stored[int(match.group(1))] = (questions, passages)
    # Whole: all its questions, and a search passage for each plus one for the heading.
    broken = [
        n for n, (questions, passages) in stored.items() if (questions, passages) != (expected[n], expected[n] + 1)
    ]
    return {"present": len(stored), "broken": len(broken), "missing": len(set(expected) - set(stored))}


def count_interviews(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT COUNT(*) FROM interviews_interview").fetchone()[0]


def load_phase(args, workdir: Path, transcripts: Path, expected: dict[str, int]) -> dict:
    env = environment(workdir, args.port)
    prepare_site(env)
    server = start_server(env, args.port)
    try:
        started = time.perf_counter()
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_interviews", str(transcripts), "--publish"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        finished = {}

        def wait_import():
            finished["output"] = importer.communicate()
            finished["seconds"] = round(time.perf_counter() - started, 1)

        waiter = threading.Thread(target=wait_import)
        waiter.start()
        # At least SECONDS, and on until the import is over: every request is made while it runs.
        rounds = [hammer(args.port, PAGES, args.clients, args.seconds)]
        while waiter.is_alive():
            rounds.append(hammer(args.port, PAGES, args.clients, 10))
        waiter.join()
        load = combine(rounds)
    finally:
        stop_server(server)
    load.update(
        import_seconds=finished["seconds"],
        import_exit_code=importer.returncode,
        import_stderr=finished["output"][1][-500:],
        **check_whole(workdir / "db.sqlite3", expected),
    )
    return load


def fault_phase(args, workdir: Path, transcripts: Path, expected: dict[str, int]) -> dict:
    env = environment(workdir, args.port)
    manage(env, "migrate", "--noinput")
    database = workdir / "db.sqlite3"
    command = [PYTHON, "manage.py", "import_interviews", str(transcripts), "--publish"]
    importer = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while count_interviews(database) < len(expected) // 2 and importer.poll() is None:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    after_kill = check_whole(database, expected)
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    after_rerun = check_whole(database, expected)
    return {
        "killed_at": after_kill,
        "rerun_exit_code": rerun.returncode,
        "rerun_summary": rerun.stdout.strip().splitlines()[-3:],
        "after_rerun": after_rerun,
        "interviews_after_rerun": count_interviews(database),
    }


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interviews", type=int, default=500)
    parser.add_argument("--port", type=int, default=8018)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="load-test-"))
    transcripts = base / "transcripts"
    expected = write_transcripts(transcripts, args.interviews)
    (base / "load").mkdir()
    (base / "fault").mkdir()
    result = {
        "clients": args.clients,
        "seconds": args.seconds,
        "interviews": args.interviews,
        "cpus": os.cpu_count(),
        "load": load_phase(args, base / "load", transcripts, expected),
        "fault": fault_phase(args, base / "fault", transcripts, expected),
        "load_average": os.getloadavg()[0],
    }
    return save_result("load", result)


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=2))

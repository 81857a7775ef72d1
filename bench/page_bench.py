"""Requests/second of the interview page, cached and uncached, against a bare view with the same bytes.

    .venv/bin/python bench/page_bench.py [--clients 16] [--seconds 15] [--port 8018]

One run, one machine, one gunicorn configuration (gunicorn.conf.py, DEBUG off, SQLite, local-memory
cache): a fresh site with the sample interview (bench/load_test.py ``prepare_site``), then

- server A, page cache on: the floor (bench/bench_urls.py: a view returning the interview page's
  bytes through the same middleware), then the interview page, served from the cache;
- server B, page cache off (PUBLIC_CACHE_SECONDS=0): the floor again, then the interview page
  rendered on every request.

Each figure is CLIENTS concurrent clients for SECONDS seconds, new connection per request; the
client runs on the same machine and takes its share of the CPU in every measurement alike.
Targets: uncached >= 50 % of the floor, cached >= 90 %. A JSON line goes to bench/results/page.json.

Requests/second move with whatever else the shared machine runs, so each measurement also gives the
server's CPU milliseconds per request (gunicorn master and workers, from /proc), which do not.
"""

import argparse
import json
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import PAGES, environment, get, hammer, prepare_site, save_result, start_server, stop_server  # noqa: E402

DETAIL = PAGES[2]
FLOOR = "/media/bench-floor/"


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a gunicorn master, its live workers and the workers it has reaped."""

    def stat(path: Path) -> list[str]:
        return path.read_text().rsplit(")", 1)[1].split()  # fields after the command name

    master = stat(Path(f"/proc/{pid}/stat"))
    ticks = sum(int(value) for value in master[11:15])  # utime, stime, cutime, cstime
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat(entry)
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(env: dict, port: int, paths: dict[str, str], clients: int, seconds: float) -> dict:
    server = start_server(env, port)
    try:
        for path in paths.values():
            for _ in range(20):  # warm up: worker start, first render, cache fill
                assert get(port, path)[0] == 200, path
        results = {}
        for name, path in paths.items():
            cpu = server_cpu_seconds(server.pid)
            result = hammer(port, [path], clients, seconds)
            result["server_cpu_ms_per_request"] = round(
                (server_cpu_seconds(server.pid) - cpu) * 1000 / result["requests"], 2
            )
            del result["latencies"]
            results[name] = result
        return results
    finally:
        stop_server(server)


def site_with_floor(port: int, **extra: str) -> dict:
    """A fresh site with the sample interview (``prepare_site``) and the file the floor view returns,
    holding exactly the bytes of the interview page. Returns the environment to serve it with."""
    workdir = Path(tempfile.mkdtemp(prefix="page-bench-"))
    floor_file = workdir / "floor.html"
    env = environment(
        workdir,
        port,
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        BENCH_BARE_FILE=str(floor_file),
        GUNICORN_ACCESS_LOG="/dev/null",
        **extra,
    )
    prepare_site(env)
    server = start_server(env, port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{DETAIL}") as response:
            floor_file.write_bytes(response.read())
    finally:
        stop_server(server)
    return env


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--port", type=int, default=8018)
    args = parser.parse_args()
    env = site_with_floor(args.port)

    cached = measure(env, args.port, {"floor": FLOOR, "detail": DETAIL}, args.clients, args.seconds)
    uncached_env = {**env, "PUBLIC_CACHE_SECONDS": "0"}
    uncached = measure(uncached_env, args.port, {"floor": FLOOR, "detail": DETAIL}, args.clients, args.seconds)
    result = {
        "clients": args.clients,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "page_bytes": Path(env["BENCH_BARE_FILE"]).stat().st_size,
        "floor_rps_server_a": cached["floor"]["requests_per_second"],
        "cached_rps": cached["detail"]["requests_per_second"],
        "cached_share_of_floor": round(
            cached["detail"]["requests_per_second"] / cached["floor"]["requests_per_second"], 2
        ),
        "floor_rps_server_b": uncached["floor"]["requests_per_second"],
        "uncached_rps": uncached["detail"]["requests_per_second"],
        "uncached_share_of_floor": round(
            uncached["detail"]["requests_per_second"] / uncached["floor"]["requests_per_second"], 2
        ),
        # The same comparison by the server's CPU per request, which the machine's other load does not move.
        "uncached_cpu_share_of_floor": round(
            uncached["floor"]["server_cpu_ms_per_request"] / uncached["detail"]["server_cpu_ms_per_request"], 2
        ),
        "detail": {"cached": cached, "uncached": uncached},
        "load_average": os.getloadavg()[0],
    }
    return save_result("page", result)


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=2))

"""Where an uncached interview page's time goes: the floor of bench/page_bench.py without contention.

    .venv/bin/python bench/render_breakdown.py [--requests 1000] [--port 8019]

bench/page_bench.py runs 16 clients against five workers on a shared machine; this script measures
the same two responses one at a time, so nothing competes for the CPU:

1. gunicorn (gunicorn.conf.py, DEBUG off, page cache off) with one worker and one client: the
   server's CPU milliseconds per request for the floor (the page's bytes from a bare view through
   the same middleware, bench/bench_urls.py) and for the interview page rendered every time.
2. In this process, against the same database: the whole request through Django's handler (test
   client), the view's five ORM queries (``get_object`` and the highlighted figures), the same five
   SQL statements on the bare DB-API cursor, and the template render alone.

Every figure is CPU time per request, the mean of REQUESTS repetitions after a warm-up. A JSON line
goes to bench/results/render.json.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import ROOT, get, save_result, start_server, stop_server  # noqa: E402
from page_bench import DETAIL, FLOOR, server_cpu_seconds, site_with_floor  # noqa: E402


def cpu_ms(action, repetitions: int) -> float:
    """Mean CPU milliseconds of this process per call of ``action``, after a warm-up."""
    for _ in range(20):
        action()
    start = time.process_time()
    for _ in range(repetitions):
        action()
    return round((time.process_time() - start) * 1000 / repetitions, 3)


def server_ms(env: dict, port: int, repetitions: int) -> dict[str, float]:
    """Server CPU per request for the floor and the page: one gunicorn worker, one client."""
    server = start_server({**env, "GUNICORN_WORKERS": "1"}, port)
    try:
        result = {}
        for name, path in (("floor", FLOOR), ("page", DETAIL)):
            for _ in range(20):
                assert get(port, path)[0] == 200, path
            before = server_cpu_seconds(server.pid)
            for _ in range(repetitions):
                get(port, path)
            result[name] = round((server_cpu_seconds(server.pid) - before) * 1000 / repetitions, 3)
        return result
    finally:
        stop_server(server)


def in_process(repetitions: int) -> dict[str, float]:
    """The parts of one render, measured inside this process (Django set up from the environment)."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from interviews.views import InterviewDetailView, highlighted_figures

    client = Client(HTTP_HOST="127.0.0.1")
    request = RequestFactory(HTTP_HOST="127.0.0.1").get(DETAIL)
    request.user = AnonymousUser()
    slug = DETAIL.strip("/").rsplit("/", 1)[-1]

    def view():
        view = InterviewDetailView()
        view.setup(request, slug=slug)
        return view

    def orm_queries():
        highlighted_figures(view().get_object())

    with CaptureQueriesContext(connection) as queries:
        orm_queries()
    statements = [query["sql"] for query in queries.captured_queries]
    cursor = connection.cursor().cursor  # the DB-API cursor under Django's wrapper

    def raw_sql():
        for sql in statements:
            cursor.execute(sql).fetchall()

    page = view()
    page.object = page.get_object()
    context = page.get_context_data(object=page.object)
    template = get_template(page.get_template_names()[0])
    return {
        "floor_request": cpu_ms(lambda: client.get(FLOOR), repetitions),
        "page_request": cpu_ms(lambda: client.get(DETAIL), repetitions),
        "queries": len(statements),
        "orm_queries": cpu_ms(orm_queries, repetitions),
        "same_sql_on_the_cursor": cpu_ms(raw_sql, repetitions),
        "template_render": cpu_ms(lambda: template.render(context, request), repetitions),
    }


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8019)
    args = parser.parse_args()
    env = site_with_floor(args.port, PUBLIC_CACHE_SECONDS="0")
    os.environ.update(env)  # for the in-process part
    sys.path.insert(0, str(ROOT))

    server = server_ms(env, args.port, args.requests)
    result = {
        "requests": args.requests,
        "server_cpu_ms": server,
        "uncached_cpu_share_of_floor": round(server["floor"] / server["page"], 3),
        # The most an uncached page may cost the server to be served at half the floor's rate.
        "page_cpu_ms_for_half_the_floor_rate": round(2 * server["floor"], 3),
        "in_process_cpu_ms": in_process(args.requests),
        "load_average": os.getloadavg()[0],
    }
    return save_result("render", result)


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=2))

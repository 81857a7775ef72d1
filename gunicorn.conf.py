"""gunicorn settings for `make serve` and production (see README, "Serving in production").

Every value can be overridden from the environment: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS,
GUNICORN_TIMEOUT. A reverse proxy (nginx) terminates TLS in front and forwards to this address.
"""

import multiprocessing
import os

wsgi_app = "nanguan.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are rendered from the cache or a few fixed queries; CPU-bound, so about one per core.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# An admin import of a large batch runs in the request; the proxy's timeout should be at least this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in any library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the app once before forking: faster start and shared memory for the code.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The proxy's address, whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, after the app is loaded and before any worker is forked."""
    from nanguan.processes import freeze_loaded_objects

    # Workers inherit the frozen objects: their collections skip Django and the app, and the
    # memory pages holding them stay shared with the master.
    freeze_loaded_objects()

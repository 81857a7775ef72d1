"""The site's settings plus one bare view (bench/bench_urls.py), for bench/page_bench.py only."""

from nanguan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"

"""Extraction throughput: the sample transcript repeated to 1 MB (UTF-8), timed on one core.

Usage: .venv/bin/python bench/extraction_bench.py [--mb 1] [--rounds 5]
Prints the best of several rounds in MB/s; the README records the number. Not a test.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.extraction import extract_figures  # noqa: E402  (pure module, no Django set-up needed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    sample = (ROOT / "tests/data/nanguan-2022-interview.txt").read_text(encoding="utf-8")
    target = int(args.mb * 1_000_000)
    copies = target // len(sample.encode("utf-8")) + 1
    text = "\n".join([sample] * copies)
    size_mb = len(text.encode("utf-8")) / 1_000_000

    timings, count = [], 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        count = len(extract_figures(text))
        timings.append(time.perf_counter() - started)
    best = min(timings)
    print(f"{size_mb:.2f} MB, {len(text):,} characters, {count:,} figures")
    median = sorted(timings)[len(timings) // 2]
    print(f"best of {args.rounds}: {best:.3f} s = {size_mb / best:.2f} MB/s (median {median:.3f} s)")


if __name__ == "__main__":
    main()

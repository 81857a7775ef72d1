"""Proofreading speed: one Aho-Corasick pass vs. one str.find scan per rule.

Run: .venv/bin/python bench/proofread.py  (no database needed)
Text: the sample interview repeated 10 times (~28,000 characters); rules: 60, 1,000 and 5,000
synthetic four-character wrong forms (none occurs in the text, the usual case).
"""

import random
import time
from pathlib import Path

from interviews.proofreading import Matcher, Rule

TEXT = (Path(__file__).resolve().parent.parent / "samples" / "nanguan-2022-interview.txt").read_text() * 10
HAN = [chr(code) for code in range(0x4E00, 0x9FA5)]


def rules(count: int) -> list[Rule]:
    generator = random.Random(count)
    return [Rule("".join(generator.choices(HAN, k=4)), "正确", "minor") for _ in range(count)]


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def naive(rule_list: list[Rule]) -> int:
    found = 0
    for rule in rule_list:
        position = TEXT.find(rule.wrong)
        while position != -1:
            found += 1
            position = TEXT.find(rule.wrong, position + 1)
    return found


if __name__ == "__main__":
    print(f"text: {len(TEXT)} characters")
    for count in (60, 1000, 5000):
        rule_list = rules(count)
        build = best_of(5, lambda rule_list=rule_list: Matcher(rule_list))
        matcher = Matcher(rule_list)
        scan = best_of(5, lambda matcher=matcher: matcher.find(TEXT))
        loop = best_of(5, lambda rule_list=rule_list: naive(rule_list))
        print(f"{count:>5} rules: build {build:6.2f} ms, one pass {scan:6.2f} ms, str.find per rule {loop:8.2f} ms")

"""Proofreading (错敏词检查): find known wrong forms in text, all rules in one pass.

Input: plain ``str`` and a list of ``Rule`` (a wrong form, the right form, a severity and
optional *exceptions*: longer phrases that contain the wrong form but are correct, such as
「按装修标准」 for the wrong form 「按装」). No ORM here; ``interviews/checks.py`` loads the rules
from ``ProofreadingRule`` and turns matches into findings.

Matching uses an Aho-Corasick automaton (pyahocorasick): wrong forms and exceptions go into one
automaton, so a text is scanned once however many rules there are. A match is dropped when it lies
inside an occurrence of one of its rule's exceptions or of its right form, or inside a longer match
of another rule.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

CONTEXT_CHARS = 12


@dataclass(frozen=True)
class Rule:
    wrong: str
    right: str
    severity: str  # "severe" (严重) or "minor" (一般), as ProofreadingRule.Severity
    note: str = ""
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int  # character offset of the wrong form in the text
    end: int  # offset just past it
    context: str  # the text around it, with the wrong form in 【】


def correct_forms(rule: Rule) -> tuple[str, ...]:
    """Phrases containing the wrong form that are correct: the exceptions, and the right form itself
    when it contains the wrong one (「总书记」 → 「习近平总书记」 must not fire on 「习近平总书记」)."""
    if rule.wrong and rule.wrong in rule.right and rule.right not in rule.exceptions:
        return (*rule.exceptions, rule.right)
    return rule.exceptions


class Matcher:
    """An automaton built once from ``rules`` and reused for every field of an interview."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = list(rules)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, Rule]]] = {}
        for rule in self.rules:
            if rule.wrong:
                entries.setdefault(rule.wrong, []).append(("rule", rule))
            for phrase in correct_forms(rule):
                entries.setdefault(phrase, []).append(("exception", rule))
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), values))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def find(self, text: str) -> list[Match]:
        """Every wrong form in ``text``, in order of position."""
        if self._empty or not text:
            return []
        found: list[tuple[int, int, Rule]] = []
        excepted: dict[int, list[tuple[int, int]]] = {}  # id(rule) -> spans of its exceptions
        for last, (length, values) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            for kind, rule in values:
                if kind == "rule":
                    found.append((start, end, rule))
                else:
                    excepted.setdefault(id(rule), []).append((start, end))
        kept = [
            (start, end, rule)
            for start, end, rule in found
            if not any(s <= start and end <= e for s, e in excepted.get(id(rule), ()))
        ]
        kept = [
            (start, end, rule)
            for start, end, rule in kept
            if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in kept)
        ]
        kept.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        return [Match(rule, start, end, context(text, start, end)) for start, end, rule in kept]


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """「…前文【错误写法】后文…」 on one line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    prefix = "…" if start > width else ""
    suffix = "…" if end + width < len(text) else ""
    flat = f"{prefix}{before}【{text[start:end]}】{after}{suffix}"
    return " ".join(flat.split())


def proofread(fields: Sequence[tuple[str, str]], rules: Iterable[Rule]) -> list[tuple[str, Match]]:
    """Check several named texts, e.g. ``[("标题", title), ("问1 回答", answer)]``, with one automaton."""
    matcher = Matcher(rules)
    return [(name, match) for name, text in fields for match in matcher.find(text)]

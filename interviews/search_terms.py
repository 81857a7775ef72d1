"""Search terms for Chinese text: the same function reads documents and queries.

Chinese has no spaces between words and full-text engines index words, so text is cut
into overlapping character pairs (「就业政策」 → 就业 业政 政策). A number or Latin word written
against Han characters counts as one character of that run (「突破10万户」 → 突破 破10 10万 万户),
so 「10万」 and 「超30亿」 find it although the text goes on after them. A query is cut the same
way and matched as a phrase, so any query of two or more characters finds exactly the
passages that contain it, on SQLite FTS5 and PostgreSQL alike. Single characters are indexed
too, so a one-character query (「区」) is one term. For PostgreSQL (``whole_runs``) runs of three
and four characters are indexed whole as well, so the commonest queries (「营商环境」「南关区」)
are one exact term and need no adjacency check, which its GIN index cannot do by itself; SQLite's
FTS5 checks phrases from its own position lists, so there the runs would only double the index
(and the time to build it). Before cutting, text is
folded: Traditional → Simplified (OpenCC, phrase-aware: 華為 → 华为), full-width → ASCII,
lower case.

Pure: no ORM, no I/O.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]+|[0-9a-z]+(?:\.[0-9]+)?")
MAX_QUERY_CHARS = 100
# Han runs of these lengths are also indexed whole where asked (see terms()); pairs and single
# characters always are.
WHOLE_SIZES = (3, 4)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, NFKC-normalised (full-width → ASCII), lower-case text."""
    return _converter().convert(unicodedata.normalize("NFKC", text)).lower()


def terms(text: str, *, whole_runs: bool = True) -> list[str]:
    """Index terms of ``text``: pairs of adjacent characters (an ASCII word counting as one), in
    order, then every ASCII word, every single Han character and, with ``whole_runs``, every three-
    and four-character Han run, so a query of one word (one, three, four characters) is one exact term."""
    folded = fold(text)
    sizes = (1, *WHOLE_SIZES) if whole_runs else (1,)
    grams: list[str] = []
    for token in _TOKEN.findall(folded):
        if token[0].isascii():
            grams.append(token)
        else:
            grams.extend(token[i : i + size] for size in sizes for i in range(len(token) - size + 1))
    # The singles and whole runs come after every pair, so pairs that are adjacent in the text stay adjacent.
    return _pairs(folded) + grams


def _pairs(folded: str) -> list[str]:
    """Pairs of adjacent units — a Han character or a whole ASCII word — in each unbroken run of
    them; a run of one unit is that unit."""
    runs: list[list[str]] = []
    end = None
    for match in _TOKEN.finditer(folded):
        token = match.group()
        units = [token] if token[0].isascii() else list(token)
        if match.start() == end:
            runs[-1].extend(units)
        else:
            runs.append(units)
        end = match.end()
    result: list[str] = []
    for units in runs:
        result.extend(units if len(units) == 1 else (a + b for a, b in zip(units, units[1:], strict=False)))
    return result


def heading_body(summary: str, cast: list[tuple[str, str]]) -> str:
    """The text of an interview's heading passage below its title: summary, then each (position, name)."""
    guests = " ".join(f"{position} {name}" for position, name in cast)
    return "\n".join(part for part in (summary, guests) if part)


def heading_text(title: str, body: str) -> str:
    """What is indexed for an interview's heading passage: its title and ``heading_body``."""
    return f"{title}\n{body}"


def question_body(text: str, answer: str) -> str:
    """The text of a question's passage."""
    return f"{text}\n{answer}".strip()


def query_phrases(query: str, *, whole_runs: bool = True) -> list[list[str]]:
    """One phrase of terms per whitespace-separated word of the query; junk words vanish.

    A word of one Han character, or with ``whole_runs`` (the index was built with them) of three
    or four, is a single term; a longer one is the phrase of its pairs, which the index checks for
    adjacency.
    """
    whole = (1, *WHOLE_SIZES) if whole_runs else (1,)
    phrases = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        tokens = _TOKEN.findall(word)
        if len(tokens) == 1 and not tokens[0].isascii() and len(tokens[0]) in whole:
            phrases.append(tokens)
        elif pairs := _pairs(word):
            phrases.append(pairs)
    return phrases


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where each word of ``query`` occurs in ``text``, compared folded (so 華為 finds 华为)."""
    # Normalised character by character, so that each folded position maps back to the original
    # even where NFKC lengthens the text (……  → ......, ㎡ → m2).
    pieces = [unicodedata.normalize("NFKC", char).lower() for char in text]
    origin = [i for i, piece in enumerate(pieces) for _ in piece]
    normalized = "".join(pieces)
    folded = _converter().convert(normalized)
    if len(folded) != len(normalized):  # a phrase conversion changed the length: positions would drift
        return []
    spans = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        start = folded.find(word)
        while start != -1 and word:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    return sorted(spans)

"""Search terms for Chinese text: the same function reads documents and queries.

Chinese has no spaces between words and full-text engines index words, so text is cut
into overlapping character pairs (「就业政策」 → 就业 业政 政策). A query is cut the same
way and matched as a phrase, so any query of two or more characters finds exactly the
passages that contain it, on SQLite FTS5 and PostgreSQL alike. Before cutting, text is
folded: Traditional → Simplified (OpenCC, phrase-aware: 華為 → 华为), full-width → ASCII,
lower case. A single Han character is kept as a term of its own.

Pure: no ORM, no I/O.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]+|[0-9a-z]+(?:\.[0-9]+)?")
MAX_QUERY_CHARS = 100


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, NFKC-normalised (full-width → ASCII), lower-case text."""
    return _converter().convert(unicodedata.normalize("NFKC", text)).lower()


def terms(text: str) -> list[str]:
    """Index terms of ``text`` in order: character pairs for Han runs, whole ASCII words."""
    result: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if token[0].isascii() or len(token) == 1:
            result.append(token)
        else:
            result.extend(token[i : i + 2] for i in range(len(token) - 1))
    return result


def query_phrases(query: str) -> list[list[str]]:
    """One phrase of terms per whitespace-separated word of the query; junk words vanish."""
    words = fold(query[:MAX_QUERY_CHARS]).split()
    return [phrase for phrase in (terms(word) for word in words) if phrase]


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where each word of ``query`` occurs in ``text``, compared folded (so 華為 finds 华为)."""
    folded = fold(text)
    if len(folded) != len(text):  # a phrase conversion changed the length: positions would drift
        return []
    spans = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        start = folded.find(word)
        while start != -1 and word:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    return sorted(spans)

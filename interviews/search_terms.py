"""Search terms for Chinese text: the same function reads documents and queries.

Chinese has no spaces between words and full-text engines index words, so text is cut
into overlapping character pairs (「就业政策」 → 就业 业政 政策). A query is cut the same
way and matched as a phrase, so any query of two or more characters finds exactly the
passages that contain it, on SQLite FTS5 and PostgreSQL alike. Runs of three and four
characters, and single characters, are indexed whole as well, so the commonest queries
(「营商环境」「南关区」「区」) are one exact term and need no adjacency check, which PostgreSQL's
GIN index cannot do by itself. Before cutting, text is
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
# Han runs of these lengths are also indexed whole (see terms()); pairs are always indexed.
WHOLE_SIZES = (1, 3, 4)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, NFKC-normalised (full-width → ASCII), lower-case text."""
    return _converter().convert(unicodedata.normalize("NFKC", text)).lower()


def terms(text: str) -> list[str]:
    """Index terms of ``text``: character pairs for Han runs and whole ASCII words, in order,
    then every single character and every three- and four-character run, so a query of one,
    three or four characters is one exact term."""
    folded = fold(text)
    grams = [
        token[i : i + size]
        for token in _TOKEN.findall(folded)
        if not token[0].isascii()
        for size in WHOLE_SIZES
        for i in range(len(token) - size + 1)
    ]
    # The whole runs come after every pair, so pairs that are adjacent in the text stay adjacent.
    return _pairs(folded) + grams


def _pairs(folded: str) -> list[str]:
    result: list[str] = []
    for token in _TOKEN.findall(folded):
        if token[0].isascii() or len(token) == 1:
            result.append(token)
        else:
            result.extend(token[i : i + 2] for i in range(len(token) - 1))
    return result


def query_phrases(query: str) -> list[list[str]]:
    """One phrase of terms per whitespace-separated word of the query; junk words vanish.

    A word of three or four Han characters is a single term (indexed whole); a longer one is
    the phrase of its pairs, which the index checks for adjacency.
    """
    phrases = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        tokens = _TOKEN.findall(word)
        if len(tokens) == 1 and not tokens[0].isascii() and len(tokens[0]) in WHOLE_SIZES:
            phrases.append(tokens)
        elif pairs := _pairs(word):
            phrases.append(pairs)
    return phrases


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

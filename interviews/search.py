"""Full-text search over interviews: keeping the index current and querying it.

Each interview is indexed as passages (SearchEntry): its heading (title, summary, guests)
and each question with its answer, so a hit links to the exact question. Passages are
indexed whatever the interview's status; visibility is decided at query time by
``Interview.objects.published()``, so publishing or withdrawing needs no re-index.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from .models import Interview, SearchEntry
from .search_terms import highlight_spans, query_phrases, terms

# Ranked candidates fetched from the full-text index before visibility and filters apply.
MAX_CANDIDATES = 2000
SNIPPET_CHARS = 90


@transaction.atomic
def index_interview(interview: Interview) -> None:
    """Rebuild the passages of one interview (call after its content is saved)."""
    SearchEntry.objects.filter(interview=interview).delete()
    guests = " ".join(
        f"{a.position} {a.person.name}" for a in interview.appearances.select_related("person").order_by("order")
    )
    heading_body = "\n".join(part for part in (interview.summary, guests) if part)
    entries = [
        SearchEntry(
            interview=interview,
            heading=interview.title,
            body=heading_body,
            terms=" ".join(terms(f"{interview.title}\n{heading_body}")),
        )
    ]
    for question in interview.questions.order_by("number"):
        body = f"{question.text}\n{question.answer}".strip()
        entries.append(
            SearchEntry(
                interview=interview, question=question, heading=question.text, body=body, terms=" ".join(terms(body))
            )
        )
    SearchEntry.objects.bulk_create(entries)


@dataclass(frozen=True)
class Snippet:
    parts: tuple[tuple[str, bool], ...]  # (text, is_match) in order


@dataclass(frozen=True)
class SearchResult:
    entry: SearchEntry
    rank: float
    snippet: Snippet

    @property
    def url(self) -> str:
        url = self.entry.interview.get_absolute_url()
        return f"{url}#{self.entry.question.anchor}" if self.entry.question_id else url


def search(query: str, *, series=None, region=None, year: int | None = None) -> list[SearchResult]:
    """Published passages matching every word of ``query``, best first. Empty for a junk query."""
    phrases = query_phrases(query)
    if not phrases:
        return []
    ranks = dict(_match(phrases))
    if not ranks:
        return []
    interviews = Interview.objects.published()
    if series:
        interviews = interviews.filter(series=series)
    if region:
        interviews = interviews.filter(region__in=[region, *region.children.all()])
    if year:
        interviews = interviews.filter(published_at__year=year)
    entries = SearchEntry.objects.filter(pk__in=ranks, interview__in=interviews).select_related(
        "interview__series", "interview__region", "question"
    )
    results = [
        SearchResult(entry, ranks[entry.pk], make_snippet(entry.body or entry.heading, query)) for entry in entries
    ]
    results.sort(key=lambda result: (-result.rank, -result.entry.interview.published_at.timestamp(), result.entry.pk))
    return results


def _match(phrases: list[list[str]]) -> list[tuple[int, float]]:
    """(entry id, score) pairs from the database's full-text index; higher score is better.

    A phrase of one single character matches as a prefix (passages are indexed as character
    pairs, so 「区」 is found as the first half of 「区委」「区长」…).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts, params = [], []
            for phrase in phrases:
                if _is_single_character(phrase):
                    parts.append("to_tsquery('simple', %s)")
                    params.append(f"{phrase[0]}:*")
                else:
                    parts.append("phraseto_tsquery('simple', %s)")
                    params.append(" ".join(phrase))
            cursor.execute(
                f"SELECT id, ts_rank(to_tsvector('simple', terms), q) FROM interviews_searchentry, "
                f"(SELECT {' && '.join(parts)}) AS t(q) "
                "WHERE to_tsvector('simple', terms) @@ q ORDER BY 2 DESC LIMIT %s",
                [*params, MAX_CANDIDATES],
            )
        else:
            match = " ".join(
                f"{phrase[0]}*" if _is_single_character(phrase) else '"' + " ".join(phrase) + '"' for phrase in phrases
            )
            cursor.execute(
                "SELECT rowid, -bm25(interviews_searchentry_fts) FROM interviews_searchentry_fts "
                "WHERE interviews_searchentry_fts MATCH %s ORDER BY 2 DESC LIMIT %s",
                [match, MAX_CANDIDATES],
            )
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


def _is_single_character(phrase: list[str]) -> bool:
    return len(phrase) == 1 and len(phrase[0]) == 1


def make_snippet(text: str, query: str) -> Snippet:
    """A window of ``text`` around the first match, split into matched and plain parts."""
    spans = highlight_spans(text, query)
    if not spans:
        return Snippet(((text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""), False),))
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    parts: list[tuple[str, bool]] = [("…", False)] if start else []
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_start >= end:
            continue
        parts.append((text[position:span_start], False))
        parts.append((text[span_start:span_end], True))
        position = span_end
    parts.append((text[position:end], False))
    if end < len(text):
        parts.append(("…", False))
    return Snippet(tuple(part for part in parts if part[0]))

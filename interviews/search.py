"""Full-text search over interviews: keeping the index current and querying it.

Each interview is indexed as passages (SearchEntry): its heading (title, summary, guests)
and each question with its answer, so a hit links to the exact question. Passages are
indexed whatever the interview's status; visibility is decided at query time by
``Interview.objects.published()``, so publishing or withdrawing needs no re-index.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from .models import Interview, SearchEntry
from .search_terms import heading_body, heading_text, highlight_spans, query_phrases, question_body, terms

# The newest passages that match are ranked by relevance; older ones beyond this many are not
# shown (a visitor refines the query long before). Bounding the candidates keeps a query on a
# word found in every interview as fast as a rare one.
MAX_HITS = 500
# On PostgreSQL the newest MAX_HITS matches of a word in at least one passage in eight are
# looked for among this many newest passages first (see _ranked_postgres).
RECENT_PASSAGES = 8 * MAX_HITS
SNIPPET_CHARS = 90


def whole_runs() -> bool:
    """Whether the index holds three- and four-character runs (see search_terms): PostgreSQL only."""
    return connection.vendor == "postgresql"


def index_interview(interview: Interview, *, questions=None, appearances=None) -> None:
    """Rebuild the passages of one interview (call after its content is saved)."""
    if appearances is None:
        appearances = interview.appearances.select_related("person").order_by("order")
    if questions is None:
        questions = interview.questions.order_by("number")
    index_interviews([interview], questions=questions, appearances=appearances)


@transaction.atomic
def index_interviews(interviews: list[Interview], *, questions, appearances, known_terms=None) -> None:
    """Rebuild the passages of these interviews from their ``questions`` and ``appearances`` (with people).

    The importer passes the rows it just saved, and ``known_terms`` (text → terms) it worked out
    ahead: one delete and one insert for any number of interviews.
    """
    SearchEntry.objects.filter(interview__in=interviews).delete()
    questions_of, cast_of = defaultdict(list), defaultdict(list)
    for question in questions:
        questions_of[question.interview_id].append(question)
    for appearance in appearances:
        cast_of[appearance.interview_id].append(appearance)
    runs, known_terms = whole_runs(), known_terms or {}

    def terms_of(text: str) -> str:
        known = known_terms.get(text)
        return known if known is not None else " ".join(terms(text, whole_runs=runs))

    entries = []
    for interview in interviews:
        cast = [(a.position, a.person.name) for a in sorted(cast_of[interview.pk], key=lambda a: a.order)]
        body = heading_body(interview.summary, cast)
        entries.append(
            SearchEntry(
                interview=interview,
                heading=interview.title,
                body=body,
                terms=terms_of(heading_text(interview.title, body)),
            )
        )
        for question in sorted(questions_of[interview.pk], key=lambda q: q.number):
            body = question_body(question.text, question.answer)
            entries.append(
                SearchEntry(
                    interview=interview, question=question, heading=question.text, body=body, terms=terms_of(body)
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


class SearchHits(Sequence):
    """Ranked hits; passages and snippets are loaded only for the slice asked for (one page)."""

    def __init__(self, ranked: list[tuple[int, float]], query: str):
        self.ranked = ranked
        self.query = query

    def __len__(self) -> int:
        return len(self.ranked)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        ranked = self.ranked[index]
        # The passage's terms are long and only the index needs them.
        entries = (
            SearchEntry.objects.defer("terms")
            .select_related("interview__series", "interview__region", "question")
            .order_by()
            .in_bulk([pk for pk, _ in ranked])
        )
        return [
            SearchResult(entries[pk], rank, make_snippet(snippet_text(entries[pk]), self.query))
            for pk, rank in ranked
            if pk in entries
        ]


def snippet_text(entry: SearchEntry) -> str:
    """The text a result's snippet is cut from: for a question its answer (the page shows the question
    above the snippet), for the heading passage its body or heading."""
    if entry.question_id and entry.question.answer:
        return entry.question.answer
    return entry.body or entry.heading


def search(query: str, *, series=None, region=None, year: int | None = None) -> SearchHits:
    """Published passages matching every word of ``query``, best first. Empty for a junk query."""
    phrases = query_phrases(query, whole_runs=whole_runs())
    if not phrases:
        return SearchHits([], query)
    interviews = Interview.objects.published()
    if series:
        interviews = interviews.filter(series=series)
    if region:
        interviews = interviews.filter(region__in=[region, *region.children.all()])
    if year:
        interviews = interviews.filter(published_at__year=year)
    return SearchHits(_match(phrases, interviews), query)


def _match(phrases: list[list[str]], interviews) -> list[tuple[int, float]]:
    """(entry id, score) of passages of ``interviews`` matching every phrase; best first.

    Fast path: the full-text index alone returns the newest MAX_HITS matching passages with
    their scores and interviews, then one IN-list lookup keeps the visible ones. Only when that
    dropped some (filters, drafts) while more matches may exist does the query run again
    restricted to the visible interviews. Visibility and filters always come from the
    ``interviews`` QuerySet, so ``published()`` decides.
    """
    ranked = _ranked(phrases)
    visible = set(
        interviews.filter(pk__in={interview for _, interview, _ in ranked}).order_by().values_list("pk", flat=True)
    )
    hits = [(pk, score) for pk, interview, score in ranked if interview in visible]
    if len(hits) < len(ranked) == MAX_HITS:
        hits = [(pk, score) for pk, _, score in _ranked(phrases, within=interviews)]
    return sorted(hits, key=lambda hit: (-hit[1], hit[0]))


def _ranked(phrases: list[list[str]], within=None) -> list[tuple[int, int, float]]:
    """(entry id, interview id, score) of the newest MAX_HITS matches.

    ``within`` (an Interview QuerySet) restricts them to those interviews' passages.
    """
    restrict, restrict_params = "", []
    if within is not None:
        subquery, restrict_params = within.order_by().values("pk").query.sql_with_params()
        restrict = f"AND rowid IN (SELECT id FROM interviews_searchentry WHERE interview_id IN ({subquery}))"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows = _ranked_postgres(cursor, phrases, restrict.replace("rowid", "id"), restrict_params)
        else:
            match = " ".join('"' + " ".join(phrase) + '"' for phrase in phrases)
            cursor.execute(
                "SELECT hits.entry_id, interview_id, hits.score FROM (SELECT rowid AS entry_id, "
                "-bm25(interviews_searchentry_fts) AS score FROM interviews_searchentry_fts "
                f"WHERE interviews_searchentry_fts MATCH %s {restrict} ORDER BY rowid DESC LIMIT %s) AS hits "
                "JOIN interviews_searchentry ON id = hits.entry_id",
                [match, *restrict_params, MAX_HITS],
            )
            rows = cursor.fetchall()
    return [(pk, interview, float(score)) for pk, interview, score in rows]


def _ranked_postgres(cursor, phrases: list[list[str]], restrict: str, restrict_params) -> list[tuple]:
    """_ranked on PostgreSQL, whose GIN index finds matches in no useful order.

    The tsquery is a sub-select, so the planner never estimates it: for a frequent word it
    would otherwise walk the id index and test each passage's stored vector (≈25 KB read per
    passage). ts_rank reads that vector too, so it runs after the limit, on MAX_HITS rows.
    """
    tsquery = " && ".join(["phraseto_tsquery('simple', %s)"] * len(phrases))
    params = [" ".join(phrase) for phrase in phrases]
    if not restrict:
        # A common word has MAX_HITS matches among the newest passages: intersecting the GIN
        # bitmap with that id range reads those rows only instead of sorting every match.
        # Nothing comes back unless the range held MAX_HITS matches; then all are looked for.
        cursor.execute(
            "WITH recent AS (SELECT id, interview_id, terms_tsv FROM interviews_searchentry "
            f"WHERE terms_tsv @@ (SELECT {tsquery}) "
            "AND id > (SELECT max(id) FROM interviews_searchentry) - %s ORDER BY id DESC LIMIT %s) "
            f"SELECT id, interview_id, ts_rank(terms_tsv, {tsquery}) FROM recent "
            "WHERE (SELECT count(*) FROM recent) = %s",
            [*params, RECENT_PASSAGES, MAX_HITS, *params, MAX_HITS],
        )
        if newest := cursor.fetchall():
            return newest
    cursor.execute(
        f"WITH t(q) AS (SELECT {tsquery}), "
        "hits AS (SELECT id, interview_id, terms_tsv FROM interviews_searchentry, t "
        f"WHERE terms_tsv @@ q {restrict} ORDER BY id DESC LIMIT %s) "
        "SELECT id, interview_id, ts_rank(terms_tsv, q) FROM hits, t",
        [*params, *restrict_params, MAX_HITS],
    )
    return cursor.fetchall()


def _window(text: str, at: int, length: int) -> tuple[int, int]:
    """The ``length`` characters of ``text`` showing the match at ``at`` a third of the way in."""
    start = max(0, at - length // 3)
    return start, min(len(text), start + length)


def _words(text: str, spans: list[tuple[int, int]], window: tuple[int, int]) -> set[str]:
    return {text[a:b] for a, b in spans if window[0] <= a and b <= window[1]}


def make_snippet(text: str, query: str) -> Snippet:
    """Where ``text`` matches ``query``, split into matched and plain parts, with "…" where it is cut.

    One window of ``SNIPPET_CHARS`` around the matches of the most different words; when a word
    matched elsewhere does not fit in it, two half windows, the second showing that word.
    """
    spans = highlight_spans(text, query)
    if not spans:
        return Snippet(((text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""), False),))
    candidates = [start for start, _ in spans[:200]]  # enough to choose from in a long answer
    best = max(candidates, key=lambda at: (len(_words(text, spans, _window(text, at, SNIPPET_CHARS))), -at))
    window = _window(text, best, SNIPPET_CHARS)
    shown = _words(text, spans, window)
    missing = [a for a, b in spans if text[a:b] not in shown]
    if missing:
        half = SNIPPET_CHARS // 2
        first, second = sorted([_window(text, best, half), _window(text, missing[0], half)])
        windows = [first, (max(second[0], first[1]), second[1])]
    else:
        windows = [window]
    parts: list[tuple[str, bool]] = []
    for start, end in windows:
        if start > 0 and not (parts and parts[-1] == ("…", False)):
            parts.append(("…", False))
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

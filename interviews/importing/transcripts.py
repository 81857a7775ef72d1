"""A transcript made ready to save: parsed, hashed, its figures found and its passages cut into terms.

Pure (no ORM, no database, no Django set-up needed), so the import command can prepare the next
files in worker processes while it saves the current ones (``batch.import_many``).
"""

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from interviews.search_terms import heading_body, heading_text, question_body, terms
from interviews.slugs import pinyin_slug

from .parser import ParsedInterview, parse_transcript
from .sources import SourceFile

# The longest text each imported field may hold: the max_length of its column in interviews.models
# (a test keeps the two in step; this module must not import models).
LIMITS = {"title": 200, "series": 100, "subtitle": 100, "region": 50, "name": 50, "position": 200}


@dataclass
class Transcript:
    """One text to save, what the caller knows about it besides its content, and what was worked out ahead."""

    parsed: ParsedInterview
    source_text: str  # the verbatim original, before Traditional → Simplified conversion
    source_name: str = ""
    source_url: str = ""  # else the one the text names
    series_name: str = ""  # else the series the title names
    region_name: str = ""  # else the region the title names
    # Worked out ahead by ``prepare``, keyed by the text each was worked out from: the save looks
    # them up and works out anything missing itself, so a stale entry can only cost time.
    figures: dict[str, list] = field(default_factory=dict)  # answer → its figures (indicators.extraction)
    terms: dict[str, str] = field(default_factory=dict)  # text of a search passage → its search terms

    def __post_init__(self):
        self.digest = content_hash(self.source_text)
        parsed = self.parsed
        self.source_url = self.source_url or (parsed.source_url if len(parsed.source_url) <= 500 else "")
        self.series_name = self.series_name or parsed.series
        self.region_name = self.region_name or parsed.region

    @property
    def title(self) -> str:
        return self.parsed.title or self.source_name or "未命名访谈"

    @cached_property
    def slug_base(self) -> str:
        """The pinyin of the title, which the interview's address is made from (pypinyin is slow)."""
        return pinyin_slug(self.title)

    def overlong(self) -> list[str]:
        """Why this transcript cannot be saved as it is: texts longer than their columns, for the editor.

        Usually the sign of a layout the parser did not understand (a title run into the first
        paragraph), so the file fails with a message instead of being cut or saved half.
        """
        parsed = self.parsed
        texts = [
            ("标题", self.title, LIMITS["title"]),
            ("系列名称", self.series_name, LIMITS["series"]),
            ("副标题", parsed.subtitle, LIMITS["subtitle"]),
            ("地区名称", self.region_name, LIMITS["region"]),
        ]
        for person in parsed.guests + parsed.hosts:
            texts += [("姓名", person.name, LIMITS["name"]), ("职务", person.position, LIMITS["position"])]
        return [
            f"{label}过长（{len(text)} 字，最多 {limit} 字）：「{text[:20]}…」。请检查稿件格式，如标题是否单独成行。"
            for label, text, limit in texts
            if len(text) > limit
        ]

    def keys(self) -> set[tuple]:
        """What makes two transcripts the same text, or versions of one interview."""
        keys = {("text", self.digest)}
        if self.source_url:
            keys.add(("url", self.source_url))
        if self.parsed.title:
            keys.add(("title", self.series_name, self.region_name, self.parsed.title))
        return keys


def content_hash(source_text: str) -> str:
    """SHA-256 of the text with line ends and surrounding space normalised."""
    normalised = "\n".join(line.rstrip() for line in source_text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def prepare(
    source: SourceFile,
    *,
    convert: bool = True,
    regions: Collection[str] = (),
    series_name: str = "",
    region_name: str = "",
    whole_runs: bool,
) -> Transcript | None:
    """``source`` parsed, with its figures and search terms worked out; None if it could not be read
    or is not a transcript (a skipped zip member).

    ``whole_runs``: whether the search index holds 3/4-character runs (``search.whole_runs()``);
    ``regions``: the known region names (``parse_transcript``).
    """
    from indicators.extraction import extract_figures  # interviews must not import indicators at load

    if source.error or source.skipped:
        return None
    parsed = parse_transcript(source.text, convert=convert, regions=regions)
    transcript = Transcript(
        parsed,
        source.text,
        source_name=source.name.rsplit("/", 1)[-1],
        series_name=series_name,
        region_name=region_name,
    )
    transcript.figures = {question.answer: extract_figures(question.answer) for question in parsed.questions}
    cast = [(person.position, person.name) for person in parsed.guests + parsed.hosts]
    summary = "\n".join(parsed.intro)
    texts = [heading_text(transcript.title, heading_body(summary, cast))]
    texts += [question_body(question.text, question.answer) for question in parsed.questions]
    transcript.terms = {text: " ".join(terms(text, whole_runs=whole_runs)) for text in texts}
    transcript.slug_base  # noqa: B018 - worked out here, kept with the transcript
    return transcript

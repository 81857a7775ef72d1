"""Structure derived from an answer's plain text.

An answer is stored as an editor would type it: paragraphs separated by newlines.
This module reads the structure back out of that text, for the parser (to count
points) and for the public page (to render lists and photo slots):

- a paragraph that opens with an enumeration marker is a *point*; consecutive points form one
  list. Markers: 「一是」「二是」…; 「第一，」「第二、」…; 「首先，」「其次，」「再次，」「最后，」;
  「一方面，」「另一方面，」; 「1.」「2、」「（1）」. The last four families are ordinary words or
  numbers too, so they make points only when at least two paragraphs of the same answer open
  with the same family. The point's *lead* is its first clause up to 「。」「；」「：」
  (「一是经济发展质效不断加强。全区…」 → 「经济发展质效不断加强」), shown emphasised;
- points can also run inside one paragraph: 「…三个方面：一是……；二是……；三是……。」,
  「第一，……；第二，……」, 「首先是……；其次是……；最后是……」. Each marker must follow
  punctuation, and the markers must come in order (一是, 二是, …; 首先, then 其次/再次/最后) and
  be at least two; the text before the first marker stays a paragraph;
- a line that is only 「图片」 (or 【图片】/[图片]/（图）/「图片」) is a *photo slot*; a short line under
  it that reads as a caption (「图为……」「（摄影：……）」) is the slot's caption, not a paragraph;
- a line that is only 「视频」 (or 【视频】/「视频」) is a video placeholder: the parser reports it as a
  media slot and the page shows the video in its own place, so it is no block at all;
- everything else is an ordinary paragraph.
"""

import re
from collections import Counter
from dataclasses import dataclass

_CN_NUMERAL = "一二三四五六七八九十"
_MARK_END = r"\s*[，,、：:]\s*"
# (family, pattern); a family other than "shi" needs two paragraphs to count (see module docstring).
POINT_MARKERS = [
    ("shi", re.compile(rf"^(?P<marker>[{_CN_NUMERAL}]{{1,3}}是)(?P<rest>.+)$", re.DOTALL)),
    ("ordinal", re.compile(rf"^(?P<marker>第[{_CN_NUMERAL}]{{1,3}}{_MARK_END})(?P<rest>.+)$", re.DOTALL)),
    ("sequence", re.compile(rf"^(?P<marker>(?:首先|其次|再次|然后|最后){_MARK_END})(?P<rest>.+)$", re.DOTALL)),
    ("aspect", re.compile(rf"^(?P<marker>(?:一方面|另一方面){_MARK_END})(?P<rest>.+)$", re.DOTALL)),
    # 「1.」「2、」「（3）」, but not a decimal (「495.7亿元」) or a year (「2021年」).
    (
        "number",
        re.compile(
            r"^(?P<marker>(?:[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[.．、](?![0-9０-９]))\s*)(?P<rest>.+)$",
            re.DOTALL,
        ),
    ),
]
# Markers of points running inside one paragraph, in the order they must come (see module docstring).
_INLINE_END = r"(?:是|\s*[，,、：:])"
INLINE_FAMILIES = [
    ("shi", [re.compile(f"{numeral}是") for numeral in _CN_NUMERAL], False),
    ("ordinal", [re.compile(rf"第{numeral}\s*[，,、：:]") for numeral in _CN_NUMERAL], False),
    ("sequence", [re.compile(f"{word}{_INLINE_END}?") for word in ("首先", "其次", "再次", "最后")], True),
]
_INLINE_AFTER = "：:；;。，,！!？?"
PHOTO_SLOT = re.compile(r"^[【\[［(（「『]?\s*(图片|照片|图)\s*[】\]］)）」』]?$")
VIDEO_SLOT = re.compile(r"^[【\[［(（「『]?\s*(视频)\s*[】\]］)）」』]?$")
# A caption line under a media slot: 「图为…」「图：…」「（摄影：…）」「新华社记者 某某 摄」.
CAPTION = re.compile(r"^(?:图为|图：|图:|[（(]?(?:图片|摄影|供图)[：:／/]|.{0,30}摄[）)]?$)")
MAX_CAPTION_CHARS = 80
# A lead longer than this is a whole sentence, not a heading-like clause.
MAX_LEAD_CHARS = 40
_LEAD_END = re.compile(r"[。；;：:！!？?]")


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Point:
    marker: str
    lead: str
    body: str
    family: str = "shi"

    @property
    def text(self) -> str:
        return f"{self.marker}{self.lead}{self.body}"


@dataclass(frozen=True)
class PointList:
    points: tuple[Point, ...]
    kind: str = "points"


@dataclass(frozen=True)
class PhotoSlot:
    caption: str = ""
    kind: str = "photo"


Block = Paragraph | PointList | PhotoSlot


def paragraphs(text: str) -> list[str]:
    """Non-empty, stripped lines of ``text``."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_photo_slot(paragraph: str) -> bool:
    return bool(PHOTO_SLOT.match(paragraph))


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph under a media slot is that slot's caption."""
    return bool(CAPTION.match(paragraph)) and len(paragraph) <= MAX_CAPTION_CHARS


def media_kind(paragraph: str) -> str | None:
    """ "photo" for a photo slot line, "video" for a 「视频」 placeholder line, else None."""
    if PHOTO_SLOT.match(paragraph):
        return "photo"
    if VIDEO_SLOT.match(paragraph):
        return "video"
    return None


def parse_point(paragraph: str) -> Point | None:
    """The point a paragraph opens, or None when it does not open with a marker."""
    found = next(((family, m) for family, pattern in POINT_MARKERS if (m := pattern.match(paragraph))), None)
    if not found:
        return None
    family, match = found
    return _point(match["marker"], match["rest"], family)


def _point(marker: str, rest: str, family: str) -> Point:
    end = _LEAD_END.search(rest)
    if end and 0 < end.start() <= MAX_LEAD_CHARS:
        lead, body = rest[: end.start()], rest[end.start() :]
    else:
        lead, body = "", rest
    return Point(marker=marker, lead=lead, body=body, family=family)


def _marker_after(paragraph: str, pattern: re.Pattern, start: int) -> re.Match | None:
    """The first match of ``pattern`` from ``start`` that opens the paragraph or follows punctuation."""
    for match in pattern.finditer(paragraph, start):
        if match.start() == 0 or paragraph[match.start() - 1] in _INLINE_AFTER:
            return match
    return None


def inline_points(paragraph: str) -> tuple[str, list[Point]]:
    """The text before an enumeration running inside ``paragraph``, and its points (none if it has none).

    「我们做了两件事：一是甲；二是乙。」 → 「我们做了两件事：」, [一是甲；, 二是乙。]
    """
    for family, patterns, may_skip in INLINE_FAMILIES:
        # A paragraph that opens with a later marker (「二是……；三是……」 after an 「一是」 paragraph) goes on from it.
        first = next((index for index, pattern in enumerate(patterns) if pattern.match(paragraph)), 0)
        matches: list[re.Match] = []
        position = 0
        for index, pattern in enumerate(patterns[first:]):
            match = _marker_after(paragraph, pattern, position)
            if match is None:
                if index == 0 or not may_skip:
                    break
                continue
            matches.append(match)
            position = match.end()
        if len(matches) < 2:
            continue
        ends = [m.start() for m in matches[1:]] + [len(paragraph)]
        points = [_point(m.group(), paragraph[m.end() : end], family) for m, end in zip(matches, ends, strict=True)]
        return paragraph[: matches[0].start()].strip(), points
    return paragraph, []


def answer_blocks(answer: str) -> list[Block]:
    """Split an answer into paragraphs, point lists and photo slots (with their captions), in order."""
    blocks: list[Block] = []
    run: list[Point] = []
    texts = paragraphs(answer)
    points = [parse_point(paragraph) for paragraph in texts]
    families = Counter(point.family for point in points if point)
    slot = None  # the media slot on the previous line, which a caption line belongs to
    for paragraph, point in zip(texts, points, strict=True):
        head, inline = inline_points(paragraph)
        if inline:
            if head:
                if run:
                    blocks.append(PointList(tuple(run)))
                    run = []
                blocks.append(Paragraph(head))
            run.extend(inline)
            slot = None
            continue
        if point and (point.family == "shi" or families[point.family] >= 2):
            run.append(point)
            slot = None
            continue
        if run:
            blocks.append(PointList(tuple(run)))
            run = []
        if slot and is_caption(paragraph):
            if slot == "photo":
                blocks[-1] = PhotoSlot(caption=paragraph)
            slot = None
            continue
        slot = media_kind(paragraph)
        if slot == "photo":
            blocks.append(PhotoSlot())
        elif slot is None:
            blocks.append(Paragraph(paragraph))
    if run:
        blocks.append(PointList(tuple(run)))
    return blocks


def count_points(answer: str) -> int:
    return len(answer_points(answer))


def answer_points(answer: str) -> list[Point]:
    """Every point of an answer, in order (what the public page lists)."""
    return [point for block in answer_blocks(answer) if isinstance(block, PointList) for point in block.points]

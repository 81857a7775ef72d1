"""Structure derived from an answer's plain text.

An answer is stored as an editor would type it: paragraphs separated by newlines.
This module reads the structure back out of that text, for the parser (to count
points) and for the public page (to render lists and photo slots):

- a paragraph that opens with an enumeration marker (「一是」「二是」…) is a *point*;
  consecutive points form one list. The point's *lead* is its first clause up to
  「。」「；」「：」 (「一是经济发展质效不断加强。全区…」 → 「经济发展质效不断加强」), shown emphasised;
- a line that is only 「图片」 (or 【图片】/[图片]) is a *photo slot*;
- everything else is an ordinary paragraph.
"""

import re
from dataclasses import dataclass

_CN_NUMERAL = "一二三四五六七八九十"
POINT_MARKER = re.compile(rf"^(?P<marker>[{_CN_NUMERAL}]{{1,3}}是)(?P<rest>.+)$", re.DOTALL)
PHOTO_SLOT = re.compile(r"^[【\[［(（]?\s*(图片|照片)\s*[】\]］)）]?$")
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

    @property
    def text(self) -> str:
        return f"{self.marker}{self.lead}{self.body}"


@dataclass(frozen=True)
class PointList:
    points: tuple[Point, ...]
    kind: str = "points"


@dataclass(frozen=True)
class PhotoSlot:
    kind: str = "photo"


Block = Paragraph | PointList | PhotoSlot


def paragraphs(text: str) -> list[str]:
    """Non-empty, stripped lines of ``text``."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_photo_slot(paragraph: str) -> bool:
    return bool(PHOTO_SLOT.match(paragraph))


def parse_point(paragraph: str) -> Point | None:
    """The point a paragraph opens, or None when it does not open with a marker."""
    match = POINT_MARKER.match(paragraph)
    if not match:
        return None
    rest = match["rest"]
    end = _LEAD_END.search(rest)
    if end and 0 < end.start() <= MAX_LEAD_CHARS:
        lead, body = rest[: end.start()], rest[end.start() :]
    else:
        lead, body = "", rest
    return Point(marker=match["marker"], lead=lead, body=body)


def answer_blocks(answer: str) -> list[Block]:
    """Split an answer into paragraphs, point lists and photo slots, in order."""
    blocks: list[Block] = []
    run: list[Point] = []
    for paragraph in paragraphs(answer):
        point = parse_point(paragraph)
        if point:
            run.append(point)
            continue
        if run:
            blocks.append(PointList(tuple(run)))
            run = []
        blocks.append(PhotoSlot() if is_photo_slot(paragraph) else Paragraph(paragraph))
    if run:
        blocks.append(PointList(tuple(run)))
    return blocks


def count_points(answer: str) -> int:
    return sum(len(block.points) for block in answer_blocks(answer) if isinstance(block, PointList))

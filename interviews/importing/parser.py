"""Parse an interview transcript (already decoded to ``str``) into a ParsedInterview.

Input format (the sample ``samples/nanguan-2022-interview.txt``)::

    【视频】e起点赞长春这十年|区县领导访谈·南关区      ← title: kind marker, series|subtitle·region
    1.十年来,南关区发展取得了哪些新突破、新成就?        ← numbered question
    党的十八大以来的这十年,……                          ← answer paragraphs
    一是经济发展质效不断加强。……                        ← enumerated point (see interviews.structure)
    图片                                                ← photo slot

Lines before the first question (other than the title) are kept as the
introduction. Problems never raise: they come back as warnings with the line
number, in Chinese, for the editor.

Pure: no ORM, no I/O.
"""

import re
from dataclasses import asdict, dataclass, field

from interviews.structure import count_points, is_photo_slot, paragraphs, parse_point

KIND_MARKERS = {"视频": "video", "文字": "text", "图文": "text"}
TITLE_KIND = re.compile(r"^[【\[［]\s*(?P<kind>视频|文字|图文)\s*[】\]］]\s*")
TITLE_REGION_SEPARATOR = re.compile(r"\s*[·•・]\s*")
SERIES_SEPARATOR = re.compile(r"\s*[|｜]\s*")
# 「1.」「2、」「３．」 followed by text that does not start with a digit (not 「495.7」).
NUMBERED_QUESTION = re.compile(r"^(?P<number>[0-9０-９]{1,3})\s*[.．、]\s*(?P<text>\D.*)$")
QUESTION_END = re.compile(r"[?？]\s*$")
ANNOUNCED_ASPECTS = re.compile(r"(?P<count>[一二三四五六七八九十])个方面")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True)
class ParseWarning:
    line: int
    message: str


@dataclass(frozen=True)
class ParsedGuest:
    name: str
    position: str = ""


@dataclass(frozen=True)
class ParsedPoint:
    marker: str
    lead: str
    text: str


@dataclass(frozen=True)
class ParsedQuestion:
    number: int
    text: str
    answer: str
    points: tuple[ParsedPoint, ...] = ()


@dataclass(frozen=True)
class MediaSlot:
    kind: str  # "photo"
    question: int  # number of the question whose answer holds the slot
    paragraph: int  # index of the slot among that answer's paragraphs


@dataclass(frozen=True)
class ParsedInterview:
    title: str
    kind: str = "text"
    series: str = ""
    subtitle: str = ""
    region: str = ""
    guests: tuple[ParsedGuest, ...] = ()
    intro: tuple[str, ...] = ()
    questions: tuple[ParsedQuestion, ...] = ()
    media_slots: tuple[MediaSlot, ...] = ()
    warnings: tuple[ParseWarning, ...] = field(default=())

    def as_json(self) -> dict:
        """The stable JSON shape of ``import_interviews --dry-run --json`` (see DESIGN.md)."""
        data = asdict(self)
        data["questions"] = [
            {**question, "points": [point["text"] for point in question["points"]]} for question in data["questions"]
        ]
        return data


@dataclass(frozen=True)
class TitleParts:
    title: str
    kind: str
    series: str
    subtitle: str
    region: str


def parse_title(line: str) -> TitleParts:
    """「【视频】e起点赞长春这十年|区县领导访谈·南关区」 → kind, series, subtitle, region."""
    kind = "text"
    match = TITLE_KIND.match(line)
    if match:
        kind = KIND_MARKERS[match["kind"]]
        line = line[match.end() :]
    title = line.strip()
    series = subtitle = region = ""
    head, sep, tail = _rsplit_region(title)
    if sep:
        region = tail
        parts = SERIES_SEPARATOR.split(head, maxsplit=1)
        if len(parts) == 2:
            series, subtitle = parts
        else:
            series = head
    return TitleParts(title=title, kind=kind, series=series, subtitle=subtitle, region=region)


def _rsplit_region(title: str) -> tuple[str, str, str]:
    """Split at the last 「·」: the region comes last in a series title."""
    matches = list(TITLE_REGION_SEPARATOR.finditer(title))
    if not matches:
        return title, "", ""
    last = matches[-1]
    return title[: last.start()], last.group(), title[last.end() :]


def _question_number(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def parse_transcript(text: str) -> ParsedInterview:
    """Parse a transcript in the sample's format. Never raises on any ``str``."""
    warnings: list[ParseWarning] = []
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        return ParsedInterview(title="", warnings=(ParseWarning(0, "稿件为空，没有可导入的内容。"),))

    title_line, first = lines[0][1], 1
    if NUMBERED_QUESTION.match(title_line):
        warnings.append(ParseWarning(lines[0][0], "第一行像是问题而不是标题，标题留空，请补充。"))
        title_line, first = "", 0
    title = parse_title(title_line)

    intro: list[str] = []
    questions: list[tuple[int, int, str, list[str]]] = []  # (line, number, text, answer paragraphs)
    for line_number, line in lines[first:]:
        match = NUMBERED_QUESTION.match(line)
        expected = len(questions) + 1
        if match and (_question_number(match["number"]) == expected or QUESTION_END.search(line)):
            number = _question_number(match["number"])
            if number != expected:
                warnings.append(ParseWarning(line_number, f"问题编号跳跃：应为 {expected}，实际为 {number}。"))
            questions.append((line_number, number, match["text"].strip(), []))
        elif questions:
            questions[-1][3].append(line)
        else:
            intro.append(line)

    if not questions:
        warnings.append(ParseWarning(0, "没有找到编号问题（如「1.……？」），全文作为正文导入。"))

    parsed_questions = []
    media_slots = []
    seen_numbers: set[int] = set()
    for line_number, number, question_text, answer_lines in questions:
        if number in seen_numbers:
            warnings.append(ParseWarning(line_number, f"问题编号 {number} 重复，已顺延编号。"))
            number = max(seen_numbers) + 1
        seen_numbers.add(number)
        answer = "\n".join(answer_lines)
        if not answer_lines:
            warnings.append(ParseWarning(line_number, f"第 {number} 个问题没有回答。"))
        points = tuple(
            ParsedPoint(marker=p.marker, lead=p.lead, text=p.text)
            for p in (parse_point(paragraph) for paragraph in paragraphs(answer))
            if p
        )
        for index, paragraph in enumerate(answer_lines):
            if is_photo_slot(paragraph):
                media_slots.append(MediaSlot(kind="photo", question=number, paragraph=index))
        announced = ANNOUNCED_ASPECTS.search(answer)
        if announced and points and _CN_DIGITS[announced["count"]] != count_points(answer):
            warnings.append(
                ParseWarning(
                    line_number,
                    f"第 {number} 个问题的回答提到「{announced.group()}」，但只列出了 {len(points)} 点，请核对。",
                )
            )
        parsed_questions.append(ParsedQuestion(number=number, text=question_text, answer=answer, points=points))

    if not questions and intro:
        # A text without questions is kept whole, as one untitled section.
        parsed_questions, intro = [ParsedQuestion(number=1, text="", answer="\n".join(intro))], []
    return ParsedInterview(
        title=title.title,
        kind=title.kind,
        series=title.series,
        subtitle=title.subtitle,
        region=title.region,
        intro=tuple(intro),
        questions=tuple(parsed_questions),
        media_slots=tuple(media_slots),
        warnings=tuple(warnings),
    )

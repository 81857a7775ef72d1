"""Parse an interview transcript (already decoded to ``str``) into a ParsedInterview.

The sample's format (``samples/nanguan-2022-interview.txt``)::

    【视频】e起点赞长春这十年|区县领导访谈·南关区      ← title: kind marker, series|subtitle·region
    1.十年来,南关区发展取得了哪些新突破、新成就?        ← numbered question
    党的十八大以来的这十年,……                          ← answer paragraphs
    一是经济发展质效不断加强。……                        ← enumerated point (see interviews.structure)
    图片                                                ← photo slot (「视频」: video slot)
    图为南关区新貌。                                    ← its caption

Other shapes: questions numbered 「1、」「１．」「一、」「（一）」, or labelled 「问题1：」「问题一：」
「问1：」「Q1：」「第一个问题：」「【问题一】」 (a label alone on its line takes the next line as the
question, and a question line cut off mid-sentence is joined with a next line ending in 「？」, with
a warning; an answer's leading 「答：」/「A：」 is dropped); dialogue transcripts with speaker
turns and 「问：」/「答：」 pairs (``dialogue.py``); reports with no questions at all (one untitled
section, with a warning). Before that, ``cleaning.py`` converts Traditional characters, drops
page furniture and repeated paragraphs and takes out source, date and byline lines; guests come
from introduction lines, sentences and tables of guests (``people.py``). A title without 「·地区」
takes its region from a known region name that begins it or the guests' positions (``regions.py``).

A placeholder line above the title (「视频」, 【视频】) makes it a video interview; a first line that is
an editor's note (编者按) leaves the title empty, with a warning. Closing thanks after
the last answer (「主持人：谢谢刘区长！」「谢谢！」) are not part of that answer (a warning names them).

Warnings also flag what an editor should check rather than what the parser should guess: a
skipped point number (「一是」 then 「三是」), fewer points than announced (「四个方面」「三点：」),
a question label with no question.

Lines before the first question (other than the title) are kept as the introduction. Problems
never raise: they come back as warnings with the line number, in Chinese, for the editor, in
line order (those about the whole text, line 0, first).

Pure: no ORM, no I/O.
"""

import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace

from interviews.structure import answer_points, is_caption, media_kind, paragraphs

from .cleaning import ParseWarning, clean_lines
from .dialogue import find_dialogue, is_closing_remark, opens_role_turn
from .people import ParsedGuest, guests_in_sentence, introduced_guests, merge
from .regions import region_of

__all__ = ["ParseWarning", "ParsedGuest", "ParsedInterview", "parse_title", "parse_transcript"]

KIND_MARKERS = {"视频": "video", "文字": "text", "图文": "text"}
TITLE_KIND = re.compile(r"^[【\[［]\s*(?P<kind>视频|文字|图文)\s*[】\]］]\s*")
TITLE_REGION_SEPARATOR = re.compile(r"\s*[·•・]\s*")
SERIES_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_CN = "一二三四五六七八九十"
# 「1.」「2、」「３．」 followed by text that does not start with a digit (not 「495.7」).
NUMBERED_QUESTION = re.compile(r"^(?P<number>[0-9０-９]{1,3})\s*[.．、]\s*(?P<text>\D.*)$")
CHINESE_QUESTION = re.compile(rf"^(?P<number>[{_CN}]{{1,3}})\s*[、.．]\s*(?P<text>.+)$")
PAREN_QUESTION = re.compile(rf"^[（(]\s*(?P<number>[{_CN}]{{1,3}})\s*[）)]\s*[、.．]?\s*(?P<text>.+)$")
_ANY_NUMBER = rf"[0-9０-９]{{1,3}}|[{_CN}]{{1,3}}"
_LABEL_END = r"\s*[】\]］]?\s*[：:.．、，,]?\s*"
# 「问题1：」「问题一：」「问1：」「Q1.」「【问题一】」; the text may be on the next line.
LABELLED_QUESTION = re.compile(
    rf"^[【\[［]?\s*(?:问题|问|[QqＱｑ])\s*(?P<number>{_ANY_NUMBER}){_LABEL_END}(?P<text>.*)$"
)
# 「第一个问题：」「第二问：」
ORDINAL_QUESTION = re.compile(rf"^[【\[［]?\s*第(?P<number>{_ANY_NUMBER})\s*(?:个问题|问){_LABEL_END}(?P<text>.*)$")
# A label left in the question or answer text of a numbered transcript: 「1.问：…」, 「答：…」.
QUESTION_LABEL = re.compile(r"^(?:问|[QqＱｑ])\s*[：:]\s*")
ANSWER_LABEL = re.compile(r"^(?:答|回答|[AaＡａ])\s*[：:]\s*")
QUESTION_END = re.compile(r"[?？]\s*$")
# A question line that ends without closing punctuation may go on in the next line (a soft wrap).
SENTENCE_END = re.compile(r"[。？?！!…”」）)]\s*$")
MAX_WRAPPED_CHARS = 60
EDITORS_NOTE = re.compile(r"^[【\[［]?\s*编者按")
# 「四个方面」「三方面工作」「两件事：」「三点：」 announce how many points follow.
ANNOUNCED_ASPECTS = re.compile(rf"(?P<count>[两{_CN[1:]}])(?:个?方面|(?:件事|点)(?=[：:，,。；;]))")
_CN_DIGITS = {c: i for i, c in enumerate(_CN, start=1)}
# Point markers at a line start or after punctuation, for checking that their numbers run on.
POINT_NUMBERS = [
    re.compile(rf"(?:^|(?<=[：:；;。，,！!？?]))(?P<marker>(?P<number>[{_CN}]{{1,2}})是)", re.MULTILINE),
    re.compile(rf"(?:^|(?<=[：:；;。，,！!？?]))(?P<marker>第(?P<number>[{_CN}]{{1,2}}))\s*[，,、：:]", re.MULTILINE),
]


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
    kind: str  # "photo" or "video"
    question: int  # number of the question whose answer holds the slot
    paragraph: int  # index of the slot among that answer's paragraphs
    caption: str = ""


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
    hosts: tuple[ParsedGuest, ...] = ()
    date: str = ""
    source: str = ""
    source_url: str = ""
    byline: str = ""
    shape: str = "numbered"  # "numbered", "dialogue" or "narrative"
    simplified: bool = False  # Traditional characters were converted

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


def _arabic_number(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _chinese_number(text: str) -> int:
    """一 … 九十九."""
    if "十" not in text:
        return _CN_DIGITS.get(text[-1], 0) if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _any_number(text: str) -> int:
    return _arabic_number(text) if text[0] in "0123456789０１２３４５６７８９" else _chinese_number(text)


STYLES = [
    (NUMBERED_QUESTION, _arabic_number),
    (CHINESE_QUESTION, _chinese_number),
    (PAREN_QUESTION, _chinese_number),
    (LABELLED_QUESTION, _any_number),
    (ORDINAL_QUESTION, _any_number),
]


def _numbered(lines: list[tuple[int, str]], pattern, to_number, warnings: list[ParseWarning]):
    intro: list[str] = []
    questions: list[list] = []  # [line, number, text, answer paragraphs]
    for line_number, line in lines:
        match = pattern.match(line)
        expected = len(questions) + 1
        number = to_number(match["number"]) if match else 0
        current = questions[-1] if questions and not questions[-1][3] else None  # no answer yet
        if current and not current[2] and not (match and number == expected):
            current[2] = line  # the question under a label on its own line (「【问题一】」)
        elif current and not match and _wrapped(current[2], line):
            current[2] += line
            warnings.append(ParseWarning(line_number, f"第 {current[1]} 个问题分在两行，已合并为一个问题，请核对。"))
        elif match and number and (number == expected or QUESTION_END.search(line)):
            if number != expected:
                warnings.append(ParseWarning(line_number, f"问题编号跳跃：应为 {expected}，实际为 {number}。"))
            questions.append([line_number, number, QUESTION_LABEL.sub("", match["text"].strip()), []])
        elif questions:
            answer = questions[-1][3]
            answer.append(line if answer else ANSWER_LABEL.sub("", line) or line)
        else:
            intro.append(line)
    for line_number, number, text, _ in questions:
        if not text:
            warnings.append(ParseWarning(line_number, f"第 {number} 个问题只有编号，没有问题文字，请补充。"))
    return intro, [tuple(question) for question in questions]


def _wrapped(question: str, line: str) -> bool:
    """Whether ``line`` finishes a question cut off mid-sentence (「…在城市建设方面」 + 「取得了哪些成就？」)."""
    return not SENTENCE_END.search(question) and bool(QUESTION_END.search(line)) and len(line) <= MAX_WRAPPED_CHARS


def _best_numbered(lines):
    """The numbering style that finds the most questions ending in 「？」 (then the most questions)."""
    best = None
    for pattern, to_number in STYLES:
        style_warnings: list[ParseWarning] = []
        intro, questions = _numbered(lines, pattern, to_number, style_warnings)
        score = (sum(1 for q in questions if QUESTION_END.search(q[2])), len(questions))
        if best is None or score > best[0]:
            best = (score, intro, questions, style_warnings)
    return best[1], best[2], best[3]


def _people(title: str, intro: list[str]) -> tuple[list[ParsedGuest], list[str]]:
    """Guests named in the title and introduction; the introduction without pure guest lines (or tables)."""
    guests, kept = introduced_guests(intro)
    mentioned = [guest for line in kept for guest in guests_in_sentence(line)]
    # A line that only introduces a guest is the most explicit about the position: it goes first.
    return guests + mentioned + guests_in_sentence(title), kept


def parse_transcript(text: str, *, convert: bool = True, regions: Collection[str] = ()) -> ParsedInterview:
    """Parse a transcript in any supported shape. Never raises on any ``str``.

    ``convert``: turn Traditional characters into Simplified (the caller keeps the original).
    ``regions``: the known region names; a title without 「·地区」 takes the one that begins it or the
    guests' positions (``regions.region_of``).
    """
    cleaned = clean_lines(text, convert=convert)
    warnings = list(cleaned.warnings)
    lines = cleaned.lines
    if not lines:
        warnings.append(ParseWarning(0, "稿件为空，没有可导入的内容。"))
        return ParsedInterview(title="", warnings=tuple(warnings))

    title_line, first = lines[0][1], 1
    placeholder = media_kind(title_line) if len(lines) > 1 else None
    if placeholder:  # 「视频」 above the title says what kind of interview this is
        title_line, first = lines[1][1], 2
    if NUMBERED_QUESTION.match(title_line) or opens_role_turn(title_line):
        warnings.append(ParseWarning(lines[0][0], "第一行像是问题而不是标题，标题留空，请补充。"))
        title_line, first = "", first - 1
    elif EDITORS_NOTE.match(title_line):
        warnings.append(ParseWarning(lines[0][0], "第一行是编者按，不是标题，标题留空，请补充。"))
        title_line, first = "", first - 1
    title = parse_title(title_line)
    if placeholder == "video":
        title = replace(title, kind="video")
    body = lines[first:]

    intro, questions, numbered_warnings = _best_numbered(body)
    hosts: list[ParsedGuest] = []
    dialogue_guests: list[ParsedGuest] = []
    shape = "numbered"
    dialogue = find_dialogue(body, _people(title.title, intro)[0])
    if dialogue and len(dialogue.questions) > len(questions):
        shape = "dialogue"
        intro = [line for _, line in dialogue.preamble] + dialogue.intro
        questions = [(line, n, q, answer) for n, (line, q, answer) in enumerate(dialogue.questions, start=1)]
        numbered_warnings, dialogue_guests, hosts = dialogue.warnings, dialogue.guests, dialogue.hosts
        # The host often introduces the guest in the first question: 「今天我们邀请到…区长张三。」
        dialogue_guests += [g for _, q, _ in dialogue.questions for g in guests_in_sentence(q)]
    else:
        questions = _without_closing(questions, body, warnings)
    warnings.extend(numbered_warnings)
    guests, intro = _people(title.title, intro)
    guests = dialogue_guests + guests  # 「嘉宾：职务 姓名」 credits first: the most explicit

    if not questions:
        warnings.append(ParseWarning(0, "没有找到编号问题（如「1.……？」）或对话，全文作为正文导入。"))

    parsed_questions, media_slots = _questions(questions, warnings)
    if not questions and intro:
        # A text without questions is kept whole, as one untitled section.
        shape = "narrative"
        parsed_questions, media_slots = _questions([(0, 1, "", intro)], warnings)
        intro = []
    guests_merged = merge(guests)
    host_names = {h.name for h in hosts}
    guests_merged = tuple(g for g in guests_merged if g.name not in host_names)
    region = title.region
    if not region:
        region, named = region_of(title.title, [g.position for g in guests_merged], regions)
        if named:
            message = f"嘉宾职务提到多个地区（{'、'.join(named)}），未自动选择地区，请导入后在访谈中选择。"
            warnings.append(ParseWarning(0, message))
    return ParsedInterview(
        title=title.title,
        kind=title.kind,
        series=title.series,
        subtitle=title.subtitle,
        region=region,
        guests=guests_merged,
        hosts=merge(hosts),
        intro=tuple(intro),
        questions=tuple(parsed_questions),
        media_slots=tuple(media_slots),
        warnings=tuple(sorted(warnings, key=lambda warning: warning.line)),  # as the editor reads the text
        shape=shape,
        simplified=cleaned.simplified,
        **asdict(cleaned.metadata),
    )


def _without_closing(questions: list[tuple], body: list[tuple[int, str]], warnings: list[ParseWarning]) -> list:
    """The questions without the closing thanks that follow the last answer (「主持人：谢谢刘区长！」).

    The last answer runs to the end of ``body``, so its lines are the last lines of ``body``.
    """
    if not questions:
        return questions
    line_number, number, text, answer = questions[-1]
    kept = list(answer)
    while len(kept) > 1 and is_closing_remark(kept[-1]):
        kept.pop()
    for closing_line, closing in body[len(body) - (len(answer) - len(kept)) :]:
        message = f"第 {number} 个问题的回答末尾「{closing}」像是结束时的致谢，未计入回答。"
        warnings.append(ParseWarning(closing_line, message))
    return [*questions[:-1], (line_number, number, text, kept)]


def _count(numeral: str) -> int:
    return 2 if numeral == "两" else _CN_DIGITS[numeral]


def _skipped_point_number(answer: str) -> str:
    """「「一是」之后是「三是」」 when a point number is skipped, else ""; a list may start again at 一."""
    for pattern in POINT_NUMBERS:
        previous = None
        for match in pattern.finditer(answer):
            number = _chinese_number(match["number"])
            if previous and number not in (1, _chinese_number(previous["number"]) + 1):
                return f"「{previous['marker']}」之后是「{match['marker']}」"
            previous = match
    return ""


def _questions(questions, warnings: list[ParseWarning]) -> tuple[list[ParsedQuestion], list[MediaSlot]]:
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
        points = tuple(ParsedPoint(marker=p.marker, lead=p.lead, text=p.text) for p in answer_points(answer))
        texts = paragraphs(answer)
        for index, paragraph in enumerate(texts):
            kind = media_kind(paragraph)
            if kind:
                following = texts[index + 1] if index + 1 < len(texts) else ""
                caption = following if is_caption(following) else ""
                media_slots.append(MediaSlot(kind=kind, question=number, paragraph=index, caption=caption))
        if skipped := _skipped_point_number(answer):
            warnings.append(ParseWarning(line_number, f"第 {number} 个问题的回答中要点编号不连续：{skipped}，请核对。"))
        announced = ANNOUNCED_ASPECTS.search(answer)
        if announced and points and _count(announced["count"]) != len(points):
            warnings.append(
                ParseWarning(
                    line_number,
                    f"第 {number} 个问题的回答提到「{announced.group()}」，但只列出了 {len(points)} 点，请核对。",
                )
            )
        parsed_questions.append(ParsedQuestion(number=number, text=question_text, answer=answer, points=points))
    return parsed_questions, media_slots

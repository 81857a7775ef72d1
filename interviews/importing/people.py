"""Guests and hosts named in a transcript's introduction.

Recognised forms (the position always ends with an official title such as 书记, 区长, 主任):

- an introduction line: 「长春经济技术开发区党工委书记 谢志敏」, 「嘉宾：南关区区长 张三」,
  「谢志敏（长春经济技术开发区党工委书记）」, 「谢志敏，长春经济技术开发区党工委书记」;
- a sentence: 「本期节目邀请到吉州区委副书记、区长罗某某」, 「…嘉宾是A局局长张三和B区区长李四」,
  「长春经开区党工委书记谢志敏做客人民网」, 「榆树市委书记孙某某谈乡村振兴」;
- a table of guests as the Word reader gives it, a cell a line: 「刘某某」 then 「长春市南关区委副书记、区长」,
  row by row, each row maybe after a serial number (「1」), under an optional label (「嘉宾：」) and
  header cells (「嘉宾」「职务」, 「序号」「姓名」「职务」). The columns may be the other way round
  (「职务」「姓名」); a header naming both says which order, without one the first row does. A position
  cell of several paragraphs (「中共长春市南关区委副书记」 「南关区人民政府区长」) is one position, its
  paragraphs joined with 「、」 as a sentence joins titles (「区委副书记、区长」);
- a credits line for the host: 「主持人：王某」, 「主持人：人民网记者 王某」.

Pure: no ORM, no I/O.
"""

import re
from dataclasses import dataclass

TITLES = (
    "副书记|书记|副区长|区长|副县长|县长|副市长|市长|副主任|主任|副局长|局长|副部长|部长|副主席|主席|院长|校长|总经理|"
    "经理|董事长|委员|镇长|乡长|厅长|处长|科长|社长|总编辑|所长|会长|秘书长|负责人|行长|理事长|教授|队长|站长|馆长|园长|"
    "专员|主任委员|指挥长|总监|主编|记者|主持人"
)
_POSITION = rf"[\u4e00-\u9fffA-Za-z0-9、（）()“”\"·]{{0,40}}?(?:{TITLES})"
_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}"
_JOINERS = "和与及、，,以"
# position + name, the name ended by a joiner, punctuation or the end.
PERSON_IN_SENTENCE = re.compile(
    rf"(?P<position>{_POSITION})\s*(?P<name>{_NAME}?)(?=$|[\s{_JOINERS}。；;！!：:做走来作])"
)
INTRO_PREFIX = re.compile(r"^(?:本期|访谈|特邀|做客)?嘉宾\s*[：:]\s*")
POSITION_THEN_NAME = re.compile(rf"^(?P<position>{_POSITION})\s+(?P<name>{_NAME})$")
NAME_THEN_POSITION = re.compile(
    rf"^(?P<name>{_NAME})\s*(?:[（(](?P<p1>{_POSITION})[）)]|[，,、]\s*(?P<p2>{_POSITION}))$"
)
SENTENCE_TRIGGER = re.compile(
    r"(?:邀请到了?|请到了?|邀请了|做客[^，。]{0,12}的是|嘉宾(?:是|为|有)|专访了?|对话|连线|走进直播间的是)(?P<rest>[^，。；！？!?]+)"
)
VISIT_TRIGGER = re.compile(r"^(?P<rest>[^，。；！？!?]{4,60}?)(?:做客|走进|来到|接受|畅谈|谈|解读)")
# A guest table (see ``guest_table``): its label, header cells, serial numbers, and the cells of a row.
GUEST_LIST_LABEL = re.compile(r"^(?:本期|访谈|特邀|做客)?嘉宾(?:名单|介绍)?\s*[：:]?$")
NAME_HEADINGS = {"姓名", "嘉宾", "嘉宾姓名"}
POSITION_HEADINGS = {"职务", "职位", "单位及职务", "单位职务", "工作单位及职务"}
TABLE_HEADINGS = {"序号", "编号"} | NAME_HEADINGS | POSITION_HEADINGS
SERIAL_CELL = re.compile(r"^(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[.．、]?$")
NAME_CELL = re.compile(rf"^{_NAME}$")
# More than a bare title: 「长春市南关区委副书记、区长」, not 「负责人」 (a header, or a column of roles).
POSITION_CELL = re.compile(rf"^[\u4e00-\u9fffA-Za-z0-9、（）()“”\"·]{{1,40}}?(?:{TITLES})$")
# Two-character names are padded to line up in a table: 「王\u3000某」.
NAME_PADDING = re.compile(r"(?<=[\u4e00-\u9fff])[\s\u3000]+(?=[\u4e00-\u9fff])")
# A bare title is never a name: 「区长」 on a paragraph of its own goes on the position above it.
BARE_TITLES = frozenset(TITLES.split("|"))
POSITION_SEPARATORS = "、，, \u3000"
MAX_POSITION = 200  # Appearance.position's max_length
HOST_TITLES = ("主持人", "记者")
HOST_CREDIT = re.compile(rf"^(?:(?P<position>[\u4e00-\u9fffA-Za-z]{{2,20}})\s+)?(?P<name>{_NAME})$")


@dataclass(frozen=True)
class ParsedGuest:
    name: str
    position: str = ""


def _clean_position(position: str) -> str:
    return position.lstrip(_JOINERS + " ").strip()


def guests_in_sentence(text: str) -> list[ParsedGuest]:
    """Everyone introduced as position+name after a trigger (「邀请到」「嘉宾是」…) or before 「做客」."""
    found: list[ParsedGuest] = []
    spans = [m["rest"] for m in SENTENCE_TRIGGER.finditer(text)]
    if visit := VISIT_TRIGGER.match(text):
        spans.append(visit["rest"])
    for span in spans:
        for match in PERSON_IN_SENTENCE.finditer(span):
            position = _clean_position(match["position"])
            if position and not position.endswith(HOST_TITLES):
                found.append(ParsedGuest(match["name"], position))
    return found


def guest_from_intro_line(line: str) -> ParsedGuest | None:
    """A line that is only a guest's position and name (in either order)."""
    line = INTRO_PREFIX.sub("", line.strip())
    if match := POSITION_THEN_NAME.match(line):
        return ParsedGuest(match["name"], match["position"].strip())
    if match := NAME_THEN_POSITION.match(line):
        return ParsedGuest(match["name"], (match["p1"] or match["p2"]).strip())
    return None


def introduced_guests(lines: list[str]) -> tuple[list[ParsedGuest], list[str]]:
    """Guests introduced by lines of their own (``guest_from_intro_line``, ``guest_table``), and the other lines."""
    guests: list[ParsedGuest] = []
    kept: list[str] = []
    index = 0
    while index < len(lines):
        table, after = guest_table(lines, index)
        if table:
            guests.extend(table)
            index = after
            continue
        line = lines[index]
        index += 1
        if guest := guest_from_intro_line(line):
            guests.append(guest)
        else:
            kept.append(line)
    return guests, kept


def guest_table(lines: list[str], start: int) -> tuple[list[ParsedGuest], int]:
    """The guests of a table starting at ``lines[start]``, and the index of the line after it.

    A .docx table comes a cell a line (``word.py``), so a row is a name line and a position line (or
    the other way round), a position cell of several paragraphs several position lines. No guest
    found, nothing is taken: ``([], start)``. A table whose rows are not a name and a position (a
    table of figures: 「指标」「2012年」…) is no guest table.
    """
    index = start
    if index < len(lines) and GUEST_LIST_LABEL.match(lines[index]):
        index += 1
    headings = []
    while index < len(lines) and lines[index] in TABLE_HEADINGS:
        headings.append(lines[index])
        index += 1
    for name_first in _column_orders(headings):
        guests, after = [], index
        while row := _guest_row(lines, after, name_first=name_first):
            guest, after = row
            guests.append(guest)
        if guests:
            return guests, after
    return [], start


def _column_orders(headings: list[str]) -> tuple[bool, ...]:
    """Whether the name column comes first: as the header says, or try both (the first row decides)."""
    names = [i for i, heading in enumerate(headings) if heading in NAME_HEADINGS]
    positions = [i for i, heading in enumerate(headings) if heading in POSITION_HEADINGS]
    if names and positions:
        return (names[0] < positions[0],)
    return (True, False)


def _guest_row(lines: list[str], index: int, *, name_first: bool) -> tuple[ParsedGuest, int] | None:
    """A row of a guest table: maybe a serial number, then a name and a position in the given order."""
    if index < len(lines) and SERIAL_CELL.match(lines[index]):
        index += 1
    if name_first:
        name = _name_cell(lines, index)
        position, after = _position_cells(lines, index + 1)
    else:
        position, after = _position_cells(lines, index)
        name = _name_cell(lines, after)
        after += 1
    return (ParsedGuest(name, position), after) if name and position else None


def _name_cell(lines: list[str], index: int) -> str:
    """The name on ``lines[index]``, or "" when that line is no name."""
    if index >= len(lines):
        return ""
    name = NAME_PADDING.sub("", lines[index])
    return name if NAME_CELL.match(name) and name not in BARE_TITLES else ""


def _position_cells(lines: list[str], index: int) -> tuple[str, int]:
    """The position starting at ``lines[index]`` and the index after it; ("", index) when there is none.

    The first line must be a whole position (not a bare title, not a host's); each further paragraph of
    the cell is a position or a bare title that could not be the next row's name.
    """
    if index >= len(lines) or not POSITION_CELL.match(lines[index]) or lines[index].endswith(HOST_TITLES):
        return "", index
    parts = [lines[index].strip(POSITION_SEPARATORS)]
    index += 1
    while index < len(lines) and _more_position(lines[index]):
        part = lines[index].strip(POSITION_SEPARATORS)
        if len("、".join([*parts, part])) > MAX_POSITION:
            break
        parts.append(part)
        index += 1
    return "、".join(parts), index


def _more_position(line: str) -> bool:
    """Whether ``line`` is a further paragraph of a position cell."""
    if line.endswith(HOST_TITLES) or _name_cell([line], 0):
        return False
    return line in BARE_TITLES or bool(POSITION_CELL.match(line))


def host_from_credit(rest: str) -> ParsedGuest | None:
    """「王某」 or 「人民网记者 王某」 after 「主持人：」."""
    match = HOST_CREDIT.match(rest.strip())
    return ParsedGuest(match["name"], (match["position"] or "").strip()) if match else None


def merge(people: list[ParsedGuest]) -> tuple[ParsedGuest, ...]:
    """One entry per name, in order of first mention, keeping the first non-empty position."""
    merged: dict[str, ParsedGuest] = {}
    for person in people:
        known = merged.get(person.name)
        if not known or (not known.position and person.position):
            merged[person.name] = person if not known else ParsedGuest(person.name, person.position)
    return tuple(merged.values())

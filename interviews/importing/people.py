"""Guests and hosts named in a transcript's introduction.

Recognised forms (the position always ends with an official title such as 书记, 区长, 主任):

- an introduction line: 「长春经济技术开发区党工委书记 谢志敏」, 「嘉宾：南关区区长 张三」,
  「谢志敏（长春经济技术开发区党工委书记）」, 「谢志敏，长春经济技术开发区党工委书记」;
- a sentence: 「本期节目邀请到吉州区委副书记、区长罗某某」, 「…嘉宾是A局局长张三和B区区长李四」,
  「长春经开区党工委书记谢志敏做客人民网」, 「榆树市委书记孙某某谈乡村振兴」;
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
            if position and not position.endswith(("主持人", "记者")):
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

"""Dialogue transcripts: speaker turns instead of numbered questions.

A turn opens with a speaker marker and runs until the next marker::

    【主持人】各位网友大家好！…            ← inline, or 【主持人】 alone on its line
    【嘉宾】谢志敏：谢谢主持人。…          ← 【嘉宾】 with the guest's name
    主持人：… / 记者：… / 问：…            ← a host role
    人民网：… / 中国网：…                  ← an outlet asking
    张三：…                                ← a named speaker (a host unless named as a guest)
    答：… / 嘉宾：…                        ← a guest role
    Q：… / A：…                            ← question and answer (also full-width Ｑ/Ａ)
    李某某（九台区委书记）：… / 德惠市市长 赵某某：…   ← a person with a position (a guest; a host
                                             when the position is 主持人/记者/主播)

Host turns that ask (a 「？」, or 「请您谈谈/介绍一下…」) become questions; a host turn that only
greets, thanks or hands over does not. Consecutive guest turns join one answer. A host marker
followed by a name only (「主持人：王某」) is a credits line, and 「嘉宾：南关区区长 张三」 an
introduction, not turns. A named speaker counts only when the name opens at least two lines or
is a known guest/host, so 「总之：」 in prose is never a speaker.

A surname and a title (「刘区长：」) is the one introduced guest of that surname with that title in
the position (「区委副书记、区长刘某某」). When there is none, the label is kept as a guest's name
(unless that speaker is the one asking), and when several fit (a 区长 and a 副区长 刘) none is chosen
and no guest is added; either way a warning asks the editor to check.

Opening: a host turn that the guest only greets back (「主持人好，网友们好！」) is a welcome, part of
the introduction, even when it says 「请他和大家聊聊」.

Closing: once the host thanks the guest without asking (「非常感谢李书记！」), the guest's short
courtesy in reply (「谢谢！」) is not added to the last answer; a warning names it.

Pure: no ORM, no I/O.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .cleaning import ParseWarning
from .people import TITLES, ParsedGuest, guest_from_intro_line, host_from_credit

HOST_ROLES = ("主持人", "记者", "主播", "问", "提问", "网友", "编者", "Q")
GUEST_ROLES = ("嘉宾", "访谈嘉宾", "答", "回答", "A")
NOT_SPEAKERS = {
    "来源", "时间", "日期", "地点", "主题", "标题", "注", "附", "备注", "摘要", "导语", "图", "图片", "视频", "链接",
    "网址", "编者按", "简介", "题目", "内容", "原标题", "关键词", "总之", "比如", "例如", "其中", "目标", "原则",
    "要求", "特别是", "一是", "二是", "三是", "第一", "第二", "第三", "首先", "其次", "最后", "文字", "图文",
}  # fmt: skip
OUTLET = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,8}(?:网|报|台|社|新闻|客户端|频道|融媒)$")
BRACKET = re.compile(r"^[【\[［]\s*(?P<label>[\u4e00-\u9fff·]{1,8})\s*[】\]］]\s*(?P<rest>.*)$")
COLON = re.compile(r"^(?P<label>[\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ·]{1,10})\s*[：:]\s*(?P<rest>.*)$")
FULL_WIDTH_LETTERS = str.maketrans("ＡＱ", "AQ")
NAME_COLON = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,4})\s*[：:]\s*(?P<rest>.*)$")
SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,…]")
ASKING = re.compile(r"[？?]|^请|请您|谈谈|谈一谈|介绍一下|讲一讲|讲讲|说一说|聊聊")
NAME_ONLY = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
# 「李某某（九台区委书记）：」「德惠市市长 赵某某：」: the label is read by people.guest_from_intro_line.
PERSON_LABEL = re.compile(r"^(?P<label>[^：:，,。！？!?；;]{3,40}?)\s*[：:]\s*(?P<rest>.*)$")
HOST_POSITIONS = ("主持人", "记者", "主播")
# 「主持人（人民网记者 王某）：」: a host role with the host's credits in brackets.
CREDITED_HOST = re.compile(
    rf"^(?P<role>{'|'.join(HOST_POSITIONS)})\s*[（(](?P<credit>[^（()）]{{2,30}})[）)]\s*[：:]\s*(?P<rest>.*)$"
)
# 「刘区长：」: a surname and a title, as a host addresses the guest introduced as 「区长刘某某」.
SURNAME_TITLE = re.compile(rf"(?P<surname>[\u4e00-\u9fff]{{1,2}}?)(?P<title>{TITLES})")
# Thanks and goodbyes, which close an interview rather than answer anything.
COURTESY = re.compile(r"谢谢|感谢|再见|辛苦了")
MAX_COURTESY_CHARS = 30
BARE_COURTESY = re.compile(r"(?:谢谢|再见)[\u4e00-\u9fff]{0,4}[。！!，,…\s]*")
# A reply that only greets back (「主持人好，网友们好！」): what it answers was a welcome, not a question.
GREETING = re.compile(r"^(?:[\u4e00-\u9fff]{0,5}(?:你|您|们|大家|主持人|网友|观众|朋友)好[，,！!。\s]*)+$")


class Marker(NamedTuple):
    """How a line opens a turn: ``role`` "host", "guest" or "" for a speaker known only by name."""

    role: str
    speaker: str  # a name, or the role label
    rest: str  # the line after the label
    position: str = ""  # when the label gives it: 「李某某（九台区委书记）：」


@dataclass
class Turn:
    line: int
    role: str  # "host" or "guest"
    speaker: str  # a name, or the role label
    lines: list[str] = field(default_factory=list)
    position: str = ""  # from a label that gives it: 「李某某（九台区委书记）：」


@dataclass
class Dialogue:
    preamble: list[tuple[int, str]]  # lines before the first turn
    intro: list[str]  # greetings before the first question
    questions: list[tuple[int, str, list[str]]]  # (line, question text, answer lines)
    guests: list[ParsedGuest]
    hosts: list[ParsedGuest]
    warnings: list[ParseWarning]


def _role_of_label(label: str) -> str:
    if label in HOST_ROLES or label.endswith(HOST_POSITIONS) or OUTLET.match(label):
        return "host"
    if label in GUEST_ROLES:
        return "guest"
    return ""


def _by_title(label: str, guests: list[ParsedGuest]) -> tuple[list[ParsedGuest], list[ParsedGuest]] | None:
    """The introduced guests a 「姓+职务」 label may stand for (same surname, that title in the position),
    and all those of that surname; None when the label is not a surname and a title."""
    match = SURNAME_TITLE.fullmatch(label)
    if not match:
        return None
    same_surname = [g for g in guests if g.name.startswith(match["surname"])]
    return [g for g in same_surname if match["title"] in g.position], same_surname


def _unmatched_title(label: str, matching: list[ParsedGuest], same_surname: list[ParsedGuest]) -> str:
    """What the editor is told about a 「刘区长」 label that is not one introduced guest."""
    if len(matching) > 1:
        *others, last = (f"{g.name}（{g.position}）" for g in matching)
        return f"发言人“{label}”可能是嘉宾介绍中的{'、'.join(others)}或{last}，无法确定是哪一位，未对应到嘉宾，请核对。"
    if same_surname:
        named = "、".join(f"{g.name}（{g.position}）" for g in same_surname)
        return f"发言人“{label}”与嘉宾介绍中的{named}职务不符，已按“{label}”记为嘉宾，请核对姓名和职务。"
    return f"发言人“{label}”未在嘉宾介绍中出现，已按“{label}”记为嘉宾，请核对姓名和职务。"


def _marker(line: str) -> Marker | None:
    """A role label (「主持人：」「【嘉宾】张三：」) or a name alone (「张三：」) opening the line."""
    for pattern in (BRACKET, COLON):
        match = pattern.match(line)
        if not match:
            continue
        label, rest = match["label"].translate(FULL_WIDTH_LETTERS), match["rest"]
        if label in NOT_SPEAKERS:
            return None
        role = _role_of_label(label)
        if role:
            speaker = label
            if pattern is BRACKET and (named := NAME_COLON.match(rest)):
                speaker, rest = named["name"], named["rest"]
            elif pattern is BRACKET and NAME_ONLY.match(rest):
                speaker, rest = rest, ""
            return Marker(role, speaker, rest)
        if NAME_ONLY.match(label):
            return Marker("", label, rest)
    return None


def _person_marker(line: str) -> Marker | None:
    """A person and position as the label (「李某某（九台区委书记）：」)."""
    match = PERSON_LABEL.match(line)
    if not match or not (person := guest_from_intro_line(match["label"])):
        return None
    role = "host" if person.position.endswith(HOST_POSITIONS) else "guest"
    return Marker(role, person.name, match["rest"], person.position)


def _credited_host_marker(line: str) -> Marker | None:
    """A host role followed by who the host is (「主持人（人民网记者 王某）：」)."""
    match = CREDITED_HOST.match(line)
    if not match:
        return None
    person = host_from_credit(match["credit"])
    if person is None:
        return Marker("host", match["role"], match["rest"])
    return Marker("host", person.name, match["rest"], person.position or match["role"])


def _speaker(line: str) -> Marker | None:
    """The speaker marker a line opens with (``_marker``, ``_credited_host_marker``, ``_person_marker``)."""
    return _marker(line) or _credited_host_marker(line) or _person_marker(line)


def is_closing_remark(line: str) -> bool:
    """Whether a line is only thanks or a goodbye, with or without a speaker label (「主持人：谢谢！」)."""
    marker = _speaker(line)
    return _courtesy(marker.rest, labelled=True) if marker else _courtesy(line, labelled=False)


def _courtesy(text: str, *, labelled: bool) -> bool:
    """Thanks or a goodbye. Without a speaker it must be short and open with them (「谢谢大家！」), so an
    answer's last sentence (「感谢社会各界的支持。」) is never taken for one."""
    if re.search(r"\d", text):
        return False
    if labelled:
        return len(text) <= MAX_COURTESY_CHARS and bool(COURTESY.search(text))
    return bool(BARE_COURTESY.fullmatch(text))


def opens_role_turn(line: str) -> bool:
    """True for a line that opens a host or guest turn (「主持人：…」, 【嘉宾】…)."""
    marker = _marker(line)
    return bool(marker and marker.role)


def find_dialogue(lines: list[tuple[int, str]], known_guests: list[ParsedGuest]) -> Dialogue | None:
    """The questions of a dialogue transcript, or None when the text is not one."""
    markers = [_speaker(line) for _, line in lines]
    named = Counter(m.speaker for m in markers if m and not m.role)
    guest_names = {g.name for g in known_guests}
    hosts: list[ParsedGuest] = []
    guests: list[ParsedGuest] = []
    preamble: list[tuple[int, str]] = []
    turns: list[Turn] = []
    # 「刘区长」 labels that are not one introduced guest: the guests they may be, those of that surname.
    unmatched: dict[str, tuple[list[ParsedGuest], list[ParsedGuest]]] = {}
    for (number, line), marker in zip(lines, markers, strict=True):
        if marker and not marker.role and (by_title := _by_title(marker.speaker, known_guests)):
            matching, _ = by_title
            if len(matching) == 1:
                marker = marker._replace(speaker=matching[0].name)
            else:
                unmatched[marker.speaker] = by_title
        if marker and not marker.role and named[marker.speaker] < 2 and marker.speaker not in guest_names:
            marker = None  # a single 「某某：」 in prose is not a speaker
        if marker:
            role, speaker, rest, position = marker
            no_sentence = not SENTENCE_PUNCT.search(rest) and len(rest) <= 40
            if role == "host" and rest and no_sentence and (credit := host_from_credit(rest)):
                hosts.append(credit)  # 「主持人：王某」 credits, not a question
                continue
            if role == "guest" and rest and no_sentence and (guest := guest_from_intro_line(rest)):
                guests.append(guest)
                continue
            turns.append(Turn(number, role, speaker, [rest] if rest else [], position))
        elif turns:
            turns[-1].lines.append(line)
        else:
            preamble.append((number, line))

    host_names = {h.name for h in hosts}
    _assign_named_roles(turns, guest_names | {g.name for g in guests}, host_names, set(unmatched))
    if not any(t.role == "host" for t in turns) or not any(t.role == "guest" for t in turns):
        return None
    undecided = {label for label, (matching, _) in unmatched.items() if len(matching) > 1}
    warnings: list[ParseWarning] = []
    for turn in turns:
        if turn.role == "guest" and (doubt := unmatched.pop(turn.speaker, None)):  # the label's first turn
            warnings.append(ParseWarning(turn.line, _unmatched_title(turn.speaker, *doubt)))
        # A label two introduced guests may stand for is neither of them, nor a third guest.
        if turn.role == "guest" and turn.speaker not in GUEST_ROLES and turn.speaker not in undecided:
            guests.append(ParsedGuest(turn.speaker, turn.position))
        if turn.role == "host" and turn.speaker not in HOST_ROLES and not _role_of_label(turn.speaker):
            hosts.append(ParsedGuest(turn.speaker, turn.position))
    return _questions_from_turns(turns, preamble, guests, hosts, warnings)


def _assign_named_roles(turns: list[Turn], guest_names: set[str], host_names: set[str], titled: set[str]) -> None:
    """Named speakers: guests and hosts by name when known; else the one who asks most is the host.

    ``titled``: 「刘区长」 labels no introduced guest answers to; an official is a guest unless the one asking.
    """
    unknown = {t.speaker for t in turns if not t.role and t.speaker not in guest_names | host_names}
    asking_host = ""
    if unknown and not (guest_names and not host_names):
        share = {
            name: sum(1 for t in turns if t.speaker == name and ASKING.search("".join(t.lines)))
            / sum(1 for t in turns if t.speaker == name)
            for name in unknown
        }
        if not any(t.role == "host" for t in turns) and not host_names:
            asking_host = max(sorted(share), key=share.get)
    for turn in turns:
        if turn.role:
            continue
        if turn.speaker in guest_names:
            turn.role = "guest"
        elif turn.speaker in host_names or turn.speaker == asking_host:
            turn.role = "host"
        elif turn.speaker in titled:
            turn.role = "guest"
        elif guest_names and not host_names:
            turn.role = "host"  # guests are known by name: anyone else is asking
        else:
            turn.role = "guest"


def _questions_from_turns(turns, preamble, guests, hosts, warnings: list[ParseWarning]) -> Dialogue:
    intro: list[str] = []
    questions: list[tuple[int, str, list[str]]] = []
    answer_speakers: list[set[str]] = []
    pending: list[Turn] = []

    def flush() -> None:
        if not pending:
            return
        prefix = len({t.speaker for t in pending}) > 1
        for turn in pending:
            lines = list(turn.lines)
            if prefix and lines:
                lines[0] = f"{turn.speaker}：{lines[0]}"
            questions[-1][2].extend(lines)
        pending.clear()

    closing = False  # the host has thanked the guest without asking anything more
    for turn in turns:
        text = "\n".join(turn.lines).strip()
        if turn.role == "host":
            closing = False
            if text and ASKING.search(text):
                flush()
                questions.append((turn.line, text, []))
                answer_speakers.append(set())
            elif not questions:
                intro.extend(turn.lines)
            elif text:
                warnings.append(ParseWarning(turn.line, f"主持人的串场话「{text[:15]}」不是提问，未导入为问题。"))
                closing = bool(COURTESY.search(text))
        elif questions and closing and _courtesy(text, labelled=True):
            warnings.append(ParseWarning(turn.line, f"结尾的致谢「{text}」未计入最后一个问题的回答。"))
        elif questions:
            pending.append(turn)
        else:
            intro.extend(turn.lines)
    flush()
    while questions and GREETING.match("".join(questions[0][2])):
        _, welcome, greeting = questions.pop(0)  # 「…今天我们请到了…，请他和大家聊聊。」「主持人好！」
        intro.extend([welcome, *greeting])
    return Dialogue(preamble, intro, questions, guests, hosts, warnings)

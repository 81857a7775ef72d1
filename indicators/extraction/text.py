"""The text the extractor reads: one character mapped to one (so offsets hold), clauses and sentences."""

import bisect
import re

# One character to one character, so offsets stay valid: full-width forms and the Traditional
# characters that occur in numbers, units and the cue words below. Not 「，」: it ends a clause and
# never separates thousands, so the patterns below name it beside 「,」.
_PAIRS = (
    "０0１1２2３3４4５5６6７7８8９9．.％%＋+－-−-～~：:；;（(）)　 ／/"
    "億亿萬万兩两個个項项戶户點点長长達达約约餘余過过計计總总產产區区資资數数類类業业務务稅税費费額额"
    "體体門门東东車车醫医藥药協协稱称術术劃划預预標标爭争為为與与較较對对經经濟济發发會会營营實实現现進进場场價价關关機机構构電电話话"
    "來来從从億亿積积農农應应權权噸吨畝亩輛辆臺台張张條条間间萬万衛卫療疗員员學学銷销貸贷擔担環环壓压縮缩"
    "億亿倍倍筆笔場场園园億亿創创準准網网億亿資资區区強强計计劃划區区純纯額额減减"
)
TABLE = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))
# Full-width Latin letters, as Chinese input methods type 「ＧＤＰ」, name the same indicator as GDP.
TABLE |= {code: code - 0xFEE0 for code in [*range(ord("Ａ"), ord("Ｚ") + 1), *range(ord("ａ"), ord("ｚ") + 1)]}
# A year written in characters, 「二〇二一年」, becomes the four digits it stands for (also one to one).
_CHINESE_YEAR = re.compile(r"(?:一九|二[〇零])[〇零一二三四五六七八九]{2}(?=年)")
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def normal_form(text: str) -> str:
    """``text`` with full-width forms, the Traditional characters of numbers and cue words and years
    written in characters (「二〇二一年」) mapped to what the patterns match, one character to one."""
    return _CHINESE_YEAR.sub(lambda year: year.group().translate(_YEAR_DIGITS), text.translate(TABLE))


# A part of a year, as statistics bulletins and leaders name one: 「上半年」「一季度」「前三季度」
# 「1-6月」「前5个月」「3月份」, and the year so far, 「今年以来」「年初以来」. A figure of one is no value
# of its whole year.
PART_OF_YEAR = re.compile(
    r"[上下]半年|(?:今年|年初)以来|年初至今"
    r"|(?:第|前)?[一二三四1-4](?:[至-][二三四2-4])?季度"
    r"|(?:1|一)[-~—至到](?:1[0-2]|[2-9]|十[一二]?|[二三四五六七八九])月份?"
    r"|前(?:1[01]|[2-9]|十[一二]?|[两二三四五六七八九])个月"
    r"|(?<!\d)(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份"
)

CLAUSE_END = re.compile(r"[,，;；。！!？?\n:：]")
SENTENCE_END = re.compile(r"[。！!？?\n]")


_WINDOW = 200  # a clause or sentence is read back at most this far


def last_end(pattern: re.Pattern, norm: str, position: int) -> int:
    """Offset just after the last match of a one-character ``pattern`` before ``position``, at most
    200 characters back. For a short text read once; a whole text is read through ``Boundaries``."""
    window_start = max(0, position - _WINDOW)
    ends = [m.end() for m in pattern.finditer(norm, window_start, position)]
    return ends[-1] if ends else window_start


class Boundaries:
    """Where the clauses and sentences of one text end, found in one pass: ``last_end`` for each
    figure by bisection, instead of reading the 200 characters before every figure again (the
    largest cost in a text dense with figures). Same answers as ``last_end``."""

    def __init__(self, norm: str) -> None:
        self._clause_ends = [m.start() for m in CLAUSE_END.finditer(norm)]
        self._sentence_ends = [m.start() for m in SENTENCE_END.finditer(norm)]

    def clause_start(self, position: int) -> int:
        """``last_end(CLAUSE_END, norm, position)``."""
        return _after_last(self._clause_ends, position)

    def sentence_start(self, position: int) -> int:
        """``last_end(SENTENCE_END, norm, position)``."""
        return _after_last(self._sentence_ends, position)


def _after_last(ends: list[int], position: int) -> int:
    window_start = max(0, position - _WINDOW)
    index = bisect.bisect_left(ends, position) - 1
    return ends[index] + 1 if index >= 0 and ends[index] >= window_start else window_start


def search_last(pattern: re.Pattern, text: str) -> str | None:
    matches = pattern.findall(text)
    return matches[-1] if matches else None


_QUOTE_ENDS = "。！？!?；;\n"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (ending in 。！？ or a line break) that holds ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in _QUOTE_ENDS) + 1
    right = [i for i in (text.find(c, end) for c in _QUOTE_ENDS) if i != -1]
    right_end = min(right) + 1 if right else len(text)
    if right_end > 0 and text[right_end - 1] == "\n":
        right_end -= 1
    return left, right_end

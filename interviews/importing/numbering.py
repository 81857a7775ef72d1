"""Word's automatic list numbers (numbering.xml), rendered as Word shows them.

An editor who types questions as a Word numbered list sees 「1.」「一、」「（一）」 in Word, but the
number is not in the paragraph's text. ``Numbering.label`` gives it back, paragraph by paragraph in
document order, the way Word counts:

- a paragraph is numbered by its own ``w:numPr`` or by its paragraph style's (``basedOn`` followed);
  ``numId`` 0 switches numbering off;
- counts are kept per abstract list definition and level, so list instances (``w:num``) of one
  definition continue each other, and an instance with a ``w:startOverride`` ("restart at 1")
  restarts the count the first time it is used;
- using a level restarts the levels below it (``w:lvlRestart`` can say otherwise);
- ``w:lvlText`` such as 「%1.」「（%1）」「%1.%2」 is filled in with each level's format: decimal,
  Chinese counting (十一, 一百零五), 〇-digits, 壹贰叁, 甲乙丙, ①②, full-width, letters, Roman;
  any other format falls back to decimal, and ``w:isLgl`` makes all levels decimal;
- bullets give nothing, and the tab Word puts after a number is left out (「1.问题」, as typed);
  a space suffix stays a space.
"""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = f"{W}val"
_CN_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _val(parent, tag: str) -> str | None:
    element = parent.find(f"{W}{tag}") if parent is not None else None
    return element.get(VAL) if element is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _counting(number: int, digits: str = _CN_DIGITS, units: str = "十百千", short_ten: bool = True) -> str:
    """十一, 二十, 一百零五 (or 壹拾壹 …) for 1-9999; decimal beyond."""
    if not 0 < number < 10000:
        return str(number)
    parts, zero = [], False
    text = str(number)
    for place, digit in zip(range(len(text) - 1, -1, -1), map(int, text), strict=True):
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[digit] + ("", *units)[place])
    result = "".join(parts)
    return result[1:] if short_ten and result.startswith(digits[1] + units[0]) else result


def _letters(number: int, alphabet: str) -> str:
    """A … Z, AA … ZZ, AAA: Word repeats the letter."""
    return alphabet[(number - 1) % 26] * ((number - 1) // 26 + 1) if number > 0 else str(number)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    result = ""
    for value, numeral in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        count, number = divmod(number, value)
        result += numeral * count
    return result


def _cycle(number: int, symbols: str) -> str:
    return symbols[(number - 1) % len(symbols)] if number > 0 else str(number)


def _enclosed(number: int, first: int) -> str:
    """①-⑳ style characters for 1-20; decimal beyond."""
    return chr(first + number - 1) if 0 < number <= 20 else str(number)


_CHINESE_COUNTING = ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting")
_CHINESE_COUNTING += ("taiwaneseCountingThousand", "ideographLegalTraditional")
FORMATS = {
    **dict.fromkeys(_CHINESE_COUNTING, _counting),
    "chineseLegalSimplified": lambda n: _counting(n, _LEGAL_DIGITS, "拾佰仟", short_ten=False),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _cycle(n, "甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": lambda n: _cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488),
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalZero": lambda n: f"{n:02d}",
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def format_number(number: int, fmt: str | None) -> str:
    """``number`` in a ``w:numFmt``; unknown formats as decimal."""
    return FORMATS.get(fmt or "decimal", str)(number)


class Numbering:
    """The list numbers of one document, counted as its paragraphs are read in order."""

    def __init__(self, numbering, styles):
        """``numbering`` and ``styles``: the root elements of numbering.xml and styles.xml, or None."""
        numbering = () if numbering is None else numbering
        self.nums = {num.get(f"{W}numId"): num for num in numbering if num.tag == f"{W}num"}
        self.abstracts = {a.get(f"{W}abstractNumId"): a for a in numbering if a.tag == f"{W}abstractNum"}
        styles = () if styles is None else styles
        self.styles = {style.get(f"{W}styleId"): style for style in styles if style.tag == f"{W}style"}
        self.default_style = next(
            (
                style_id
                for style_id, style in self.styles.items()
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true")
            ),
            None,
        )
        self.counts: dict[str, dict[int, int]] = {}  # abstract definition -> level -> last number shown
        self.started: set[tuple[str, int]] = set()  # (numId, level) already used

    def label(self, properties) -> str:
        """The number Word shows before a paragraph with these ``w:pPr`` (often ""), and count it."""
        found = self._list_of(properties)
        if found is None:
            return ""
        num_id, ilvl = found
        num = self.nums[num_id]
        abstract_id = self._abstract_id(num)
        levels = self._levels(num, abstract_id)
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counts = self.counts.setdefault(abstract_id or "", {})
        override = num.find(f"{W}lvlOverride[@{W}ilvl='{ilvl}']/{W}startOverride")
        if (num_id, ilvl) not in self.started and override is not None:
            counts[ilvl] = _int(override.get(VAL), 0)
        else:
            counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else self._start(lvl)
        self.started.add((num_id, ilvl))
        for deeper in [k for k in counts if k > ilvl]:
            restart = _int(_val(levels.get(deeper), "lvlRestart"), deeper)
            if restart and ilvl < restart:
                del counts[deeper]
        return self._render(lvl, levels, counts)

    def _render(self, lvl, levels, counts) -> str:
        if _val(lvl, "numFmt") == "bullet":
            return ""
        legal = lvl.find(f"{W}isLgl") is not None
        text = _val(lvl, "lvlText") or ""
        for ilvl in range(9):
            if f"%{ilvl + 1}" in text:
                shown = levels.get(ilvl)
                number = counts.get(ilvl, self._start(shown))
                fmt = "decimal" if legal else _val(shown, "numFmt")
                text = text.replace(f"%{ilvl + 1}", format_number(number, fmt))
        return text + (" " if _val(lvl, "suff") == "space" else "")

    def _list_of(self, properties) -> tuple[str, int] | None:
        """(numId, level) of a paragraph, from its own numbering or its style's; None if not in a list."""
        num_pr = properties.find(f"{W}numPr") if properties is not None else None
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        style_id = _val(properties, "pStyle") or self.default_style
        seen = set()
        while num_id is None and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            style_num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = _val(style_num_pr, "numId")
            ilvl = ilvl or _val(style_num_pr, "ilvl")
            style_id = _val(style, "basedOn")
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:  # a style's list may name its level by the style instead
            style_id = _val(properties, "pStyle")
            levels = self._levels(self.nums[num_id], self._abstract_id(self.nums[num_id]))
            ilvl = next((str(k) for k, lvl in levels.items() if style_id and _val(lvl, "pStyle") == style_id), "0")
        return num_id, _int(ilvl, 0)

    def _abstract_id(self, num) -> str | None:
        """The abstract definition of a list instance, following a list style's link once."""
        abstract_id = _val(num, "abstractNumId")
        link = _val(self.abstracts.get(abstract_id), "numStyleLink")
        style = self.styles.get(link)
        linked = self.nums.get(_val(style.find(f"{W}pPr/{W}numPr"), "numId")) if style is not None else None
        return _val(linked, "abstractNumId") if linked is not None else abstract_id

    def _levels(self, num, abstract_id) -> dict:
        abstract = self.abstracts.get(abstract_id)
        levels = (
            {} if abstract is None else {_int(lvl.get(f"{W}ilvl"), 0): lvl for lvl in abstract.iterchildren(f"{W}lvl")}
        )
        for override in num.iterchildren(f"{W}lvlOverride"):
            lvl = override.find(f"{W}lvl")
            if lvl is not None:
                levels[_int(override.get(f"{W}ilvl"), 0)] = lvl
        return levels

    @staticmethod
    def _start(lvl) -> int:
        return _int(_val(lvl, "start"), 0)

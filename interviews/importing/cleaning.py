"""First pass over a decoded transcript: what is not transcript text comes out here.

Input: the whole text. Output: ``Cleaned`` — the remaining lines (with their 1-based line numbers
in the original text), the metadata found, and warnings. Per line, in order:

- Traditional characters are converted to Simplified for the whole text first (OpenCC ``t2s``,
  phrase-level), when the text is Traditional (see ``simplify``); line numbers do not change;
- page furniture (share buttons, 「打印本页」, 「全文长 6575 字符」, ads …) is dropped with a warning;
- metadata lines are taken out: 「来源：人民网-吉林频道」 (source), 「2022年10月12日10:00」 (date, also
  in full-width digits),
  「记者 某某」/「责任编辑：某某」 (byline), a bare URL or 「原文链接：https://…」 (source URL);
  several on one line separated by spaces are fine;
- stray spaces between a number and its unit are removed (「58.8 亿元」 → 「58.8亿元」);
- a paragraph that repeats an earlier one word for word (ignoring spaces, at least
  ``MIN_DUPLICATE_CHARS`` long) is dropped with a warning.

Pure: no ORM, no I/O.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from interviews.structure import media_kind


@dataclass(frozen=True)
class ParseWarning:
    line: int  # 1-based line in the source text; 0 for the whole text
    message: str


MIN_DUPLICATE_CHARS = 12
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMBER_UNIT_SPACE = re.compile(r"(?<=\d)[ \t\u3000]+(?=[亿万千百元%％‰个户人项家倍年月日])")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９：／－．", "0123456789:/-.")
_SEGMENT_SPLIT = re.compile(r"[ \t\u3000]{2,}|[ \t\u3000]*[|｜][ \t\u3000]*")

JUNK = [
    re.compile(r"^(?:分享到|分享至|分享)[：:]?[\s\S]{0,30}$"),
    re.compile(r"^全文(?:共|长)?\s*[\d,，]+\s*(?:个)?字(?:符)?[\s\S]{0,20}$"),
    re.compile(r"^(?:本文)?(?:共|约)\s*[\d,，]+\s*字[，,]?\s*(?:阅读|预计)[\s\S]{0,20}$"),
    re.compile(r"^(?:阅读|浏览|点击)(?:量|次数|数)?[：:]\s*\d+\s*(?:次)?$"),
    re.compile(r"^[【\[［]?\s*(?:字体|字号)[：:][\s\S]{0,20}$"),
    re.compile(
        r"^(?:[【\[［(（]?\s*(?:打印(?:本页)?|关闭(?:窗口)?|收藏|返回顶部|返回|举报|纠错|点赞|评论|转发|微信|微博|"
        r"QQ空间|QQ|朋友圈|扫一扫|二维码|复制链接|推荐|顶部|加入收藏|上一篇|下一篇|相关新闻|相关阅读|推荐阅读|"
        r"热门推荐|延伸阅读|广告|网站地图|联系我们|视频加载中|点击播放|我要纠错)\s*[】\]］)）]?[\s/|｜·、]*)+$"
    ),
    re.compile(r"^(?:上一篇|下一篇)[：:][\s\S]{0,60}$"),
    re.compile(r"^(?:版权所有|Copyright|©)[\s\S]{0,80}$", re.IGNORECASE),
    re.compile(r"^扫(?:一扫|码)[\s\S]{0,30}$"),
    re.compile(r"^(?:广告|推广)(?:[：:][\s\S]{0,40})?$"),
]

_NAMES = r"[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4})*"
BYLINE = re.compile(
    rf"^[【\[（(]?\s*(?:本报|本网|新华社)?(?:记者|作者|文/图|文|图|编辑|责任编辑|责编|摄影|摄像|通讯员|审核|校对|主编|编审)"
    rf"(?:\s*[：:/｜|]\s*|\s+)(?P<names>{_NAMES})\s*[】\]）)]?$"
)
SOURCE = re.compile(r"^(?:来源|稿源|转自|出处|信息来源)\s*[：:]\s*(?P<source>\S.{0,60})$")
URL = re.compile(r"^(?:(?:原文)?(?:链接|地址|网址)\s*[：:]\s*)?(?P<url>https?://[^\s<>\"]+)$")
DATE = re.compile(
    r"^(?:(?:发布|更新)?(?:时间|日期)\s*[：:]\s*)?(?P<year>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<month>\d{1,2})\s*[月\-/.]\s*"
    r"(?P<day>\d{1,2})\s*日?(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?$"
)


@dataclass(frozen=True)
class Metadata:
    date: str = ""  # ISO yyyy-mm-dd
    source: str = ""
    source_url: str = ""
    byline: str = ""


@dataclass
class Cleaned:
    lines: list[tuple[int, str]]
    metadata: Metadata
    simplified: bool = False
    warnings: list[ParseWarning] = field(default_factory=list)


@cache
def t2s():
    import opencc  # imported lazily: loading the dictionaries costs ~50 ms, once

    return opencc.OpenCC("t2s")


def simplify(text: str) -> tuple[str, int]:
    """Text converted to Simplified, and how many characters changed.

    A Simplified text can hold the odd character OpenCC would still map (variants in names);
    it is only converted when at least 3 characters and 0.5% of its Han characters change,
    so a mainland transcript is never rewritten by accident.
    """
    converted = t2s().convert(text)
    if converted == text:
        return text, 0
    changed = sum(a != b for a, b in zip(text, converted, strict=False)) + abs(len(text) - len(converted))
    if changed >= 3 and changed * 200 >= len(_HAN.findall(text)):
        return converted, changed
    return text, 0


def is_junk(line: str) -> bool:
    return len(line) <= 100 and any(pattern.match(line) for pattern in JUNK)


def metadata_of(line: str) -> dict[str, str] | None:
    """The metadata fields a line holds, or None when any part of it is not metadata."""
    if len(line) > 120:
        return None
    found: dict[str, str] = {}
    for segment in re.split(r"(?=来源[：:])", line):
        for part in _SEGMENT_SPLIT.split(segment.strip()):
            part = part.strip()
            if not part:
                continue
            if match := DATE.match(part.translate(FULL_WIDTH_DIGITS)):
                found["date"] = f"{match['year']}-{int(match['month']):02d}-{int(match['day']):02d}"
            elif match := SOURCE.match(part):
                found["source"] = match["source"].strip()
            elif match := URL.match(part):
                found["source_url"] = match["url"]
            elif match := BYLINE.match(part):
                found["byline"] = " ".join(filter(None, [found.get("byline", ""), part]))
            else:
                return None
    return found or None


def clean_lines(text: str, *, convert: bool = True) -> Cleaned:
    warnings: list[ParseWarning] = []
    simplified = False
    if convert and _HAN.search(text):
        text, changed = simplify(text)
        if changed:
            simplified = True
            warnings.append(ParseWarning(0, f"稿件是繁体字，已转换为简体（{changed} 处）；原文保留在「原始稿件」中。"))
    meta: dict[str, str] = {}
    seen: set[str] = set()
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().strip("\ufeff\u200b")
        if not line:
            continue
        if is_junk(line):
            warnings.append(ParseWarning(number, f"「{line[:20]}」像是网页杂项（分享、广告、字数等），已忽略。"))
            continue
        # 「（摄影：某某）」 under a photo slot is its caption, not the article's byline.
        found = None if lines and media_kind(lines[-1][1]) else metadata_of(line)
        if found is not None:
            for key, value in found.items():
                meta.setdefault(key, value)
            continue
        line = _NUMBER_UNIT_SPACE.sub("", line)
        key = re.sub(r"\s+", "", line)
        if len(key) >= MIN_DUPLICATE_CHARS:
            if key in seen:
                warnings.append(ParseWarning(number, f"段落「{line[:20]}…」与前文重复，已删除重复的一段。"))
                continue
            seen.add(key)
        lines.append((number, line))
    return Cleaned(lines=lines, metadata=Metadata(**meta), simplified=simplified, warnings=warnings)

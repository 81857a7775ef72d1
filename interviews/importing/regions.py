"""The region an interview is about when its title does not name one after 「·」.

A known region (a name in the 地区 table, passed in by the caller) that begins the title or a
guest's position: 「南关区教育局局长」, 「朝阳区发改局」, 「中共长春市南关区委副书记」 (the most specific
of the names that follow one another: 南关区). Only the start counts, so 「广东城区改造」 does not
name 东城区, and only a whole name: in 「朝阳区域经济」 the name's last character begins another word
(区域, an area), so it does not name 朝阳区.

Pure: no ORM, no I/O.
"""

from collections.abc import Collection, Iterable

# The last character of a region's name followed by one of these makes a word of its own, not
# the end of the name: 「朝阳区域」 is 朝阳 + 区域. Not 「市场」「市民」「县城」: 「长春市场监管局」 is still
# Changchun's, and 「长春市民政局」「榆树县城建局」 are 民政局 and 城建局 of the region.
WORDS_AFTER = {"区": "域", "县": "域"}
# 「中共长春市委」: the party's organisations put this before the region.
PREFIXES = ("中共",)


def region_at_start(text: str, regions: Collection[str]) -> str:
    """The most specific known region ``text`` begins with (longest name first), or ""."""
    for prefix in PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    found = ""
    while name := _name_at_start(text, regions):
        found, text = name, text[len(name) :]
    return found


def _name_at_start(text: str, regions: Collection[str]) -> str:
    for name in sorted((r for r in regions if r and text.startswith(r)), key=len, reverse=True):
        following = text[len(name) : len(name) + 1]
        if not following or following not in WORDS_AFTER.get(name[-1], ""):
            return name
    return ""


def region_of(title: str, positions: Iterable[str], regions: Collection[str]) -> tuple[str, list[str]]:
    """The region the title begins with, else the one the guests' positions begin with.

    Returns (region, the different regions the positions name when they do not agree): guests
    from two regions leave the interview's region to the editor.
    """
    if not regions:
        return "", []
    if found := region_at_start(title, regions):
        return found, []
    named = list(dict.fromkeys(r for r in (region_at_start(p, regions) for p in positions) if r))
    return (named[0], []) if len(named) == 1 else ("", named)

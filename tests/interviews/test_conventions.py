"""Other ways district interviews are written (texts in tests/data/shapes/), as an editor reads them."""

from pathlib import Path

from interviews.importing.parser import parse_transcript
from interviews.structure import answer_blocks

SHAPES = Path(__file__).parent.parent / "data" / "shapes"


def parse(name: str):
    return parse_transcript((SHAPES / name).read_text(encoding="utf-8"))


def messages(parsed) -> str:
    return "\n".join(w.message for w in parsed.warnings)


def points(question) -> list[str]:
    return [p.text for p in question.points]


def test_full_width_date_beside_the_source_is_metadata():
    parsed = parse("dialogue-name-position.txt")

    assert (parsed.date, parsed.source) == ("2022-09-20", "长春日报")


def test_inline_enumeration_needs_its_markers_in_order_after_punctuation():
    # 「统一是」 is a word, and 「一是…三是」 skips a number: neither is a list.
    assert [b.kind for b in answer_blocks("标准统一是关键，二是其次。")] == ["paragraph"]
    assert [b.kind for b in answer_blocks("我们做了两件事：一是甲；三是丙。")] == ["paragraph"]
    blocks = answer_blocks("我们做了两件事：一是甲；二是乙。")
    assert [b.kind for b in blocks] == ["paragraph", "points"]
    assert blocks[0].text == "我们做了两件事："


def test_numbered_lines_and_bracketed_placeholders_in_an_answer():
    blocks = answer_blocks("开头。\n（图）\n1.甲。\n2、乙。\n「视频」\n2021年是关键一年。")

    assert [b.kind for b in blocks] == ["paragraph", "photo", "points", "paragraph"]
    assert [p.marker for p in blocks[2].points] == ["1.", "2、"]
    assert [b.kind for b in answer_blocks("1.只有一条。\n495.7亿元。")] == ["paragraph", "paragraph"]

"""Other ways district interviews are written (texts in tests/data/shapes/), as an editor reads them."""

from pathlib import Path

from interviews.importing.parser import ParsedGuest, parse_transcript
from interviews.structure import answer_blocks

SHAPES = Path(__file__).parent.parent / "data" / "shapes"


def parse(name: str):
    return parse_transcript((SHAPES / name).read_text(encoding="utf-8"))


def messages(parsed) -> str:
    return "\n".join(w.message for w in parsed.warnings)


def points(question) -> list[str]:
    return [p.text for p in question.points]


def test_speaker_labels_naming_the_guest_with_position_in_brackets():
    parsed = parse("dialogue-name-position.txt")

    assert parsed.shape == "dialogue"
    assert parsed.guests == (ParsedGuest("李某某", "九台区委书记"),)
    assert [q.text for q in parsed.questions] == ["李书记，这十年九台区在产业发展上有哪些突破？", "在生态环境方面呢？"]
    assert parsed.questions[0].answer.startswith("十年来，九台区从一个传统农业县")
    assert [p.marker for p in parsed.questions[0].points] == ["第一，", "第二，", "第三，"]
    assert [p.marker for p in parsed.questions[1].points] == ["首先，", "其次，", "最后，"]
    assert [(s.kind, s.question) for s in parsed.media_slots] == [("photo", 1)]


def test_closing_exchange_of_a_dialogue_is_not_part_of_the_last_answer():
    parsed = parse("dialogue-name-position.txt")

    assert parsed.questions[1].answer.endswith("最后，建成口袋公园35个。")
    assert "「谢谢！」" in messages(parsed)


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

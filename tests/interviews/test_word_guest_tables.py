"""Guests introduced in a Word table (name | position, or position | name) are guests, as in the text
form 「嘉宾：职务 姓名」.

The Word reader gives a table cell by cell, one line each, so the parser sees the name on one line and
the position on the next. Each test builds its .docx with python-docx (no database needed).
"""

import docx
import pytest

from interviews.importing.parser import ParsedGuest, parse_transcript
from tests.interviews.test_word import imported

TITLE = "【视频】e起点赞长春这十年|区县领导访谈·南关区"
QUESTIONS = ["1.十年来,南关区发展取得了哪些新突破、新成就?", "党的十八大以来的这十年,南关区稳步发展。"]
GUESTS = (
    ParsedGuest("刘某某", "长春市南关区委副书记、区长"),
    ParsedGuest("王某某", "长春市南关区发展和改革局局长"),
)
ROWS = [[guest.name, guest.position] for guest in GUESTS]


def add_table(document, rows: list[list[str]]) -> None:
    """A table of ``rows``; a "\n" in a cell's text starts another paragraph of the cell."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            cell = table.cell(row, column)
            first, *more = text.split("\n")
            cell.text = first
            for paragraph in more:
                cell.add_paragraph(paragraph)


def transcript(rows: list[list[str]], *, label: str = "", after: list[str] = QUESTIONS) -> str:
    """The text of a .docx: the title, an optional label line, the table, then ``after``."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    if label:
        document.add_paragraph(label)
    add_table(document, rows)
    for line in after:
        document.add_paragraph(line)
    return imported(document)


def test_a_two_column_table_of_names_and_positions_gives_the_guests():
    parsed = parse_transcript(transcript(ROWS))

    assert parsed.guests == GUESTS
    assert parsed.intro == ()  # the table only introduced the guests
    assert [q.text for q in parsed.questions] == ["十年来,南关区发展取得了哪些新突破、新成就?"]


@pytest.mark.parametrize("label", ["", "嘉宾：", "本期嘉宾"])
@pytest.mark.parametrize("header", [["嘉宾", "职务"], ["姓名", "职务"]])
def test_a_guest_table_with_a_header_row_and_a_label_above_it_reads_as_the_text_form(header, label):
    text_form = parse_transcript("\n".join([TITLE, *(f"嘉宾：{g.position} {g.name}" for g in GUESTS), *QUESTIONS]))

    parsed = parse_transcript(transcript([header, *ROWS], label=label))

    assert parsed.guests == text_form.guests == GUESTS
    assert parsed.intro == text_form.intro == ()


def test_a_three_column_table_with_serial_numbers_gives_the_guests():
    rows = [["序号", "姓名", "职务"], *([str(n), *row] for n, row in enumerate(ROWS, start=1))]

    parsed = parse_transcript(transcript(rows))

    assert parsed.guests == GUESTS
    assert parsed.intro == ()


def test_a_two_character_name_padded_to_align_in_its_cell_is_the_name():
    parsed = parse_transcript(transcript([["姓名", "职务"], ["王\u3000某", "长春市南关区发展和改革局局长"]]))

    assert parsed.guests == (ParsedGuest("王某", "长春市南关区发展和改革局局长"),)


def test_the_guests_of_a_table_are_the_ones_a_surname_and_title_label_stands_for():
    dialogue = ["主持人：刘区长，十年来南关区发展取得了哪些成就？", "刘区长：谢谢主持人。十年来，南关区稳步发展。"]
    dialogue += ["主持人：下一步有哪些打算？", "刘区长：一是抓项目建设；二是优化营商环境。"]

    parsed = parse_transcript(transcript([["嘉宾", "职务"], *ROWS], label="嘉宾：", after=dialogue))

    assert parsed.shape == "dialogue"
    assert parsed.guests == GUESTS
    assert [q.answer for q in parsed.questions] == [
        "谢谢主持人。十年来，南关区稳步发展。",
        "一是抓项目建设；二是优化营商环境。",
    ]
    assert not parsed.warnings


REVERSED = [[guest.position, guest.name] for guest in GUESTS]


@pytest.mark.parametrize(
    "header",
    [[], ["职务", "姓名"], ["职务", "嘉宾"], ["单位及职务", "姓名"]],
    ids=["no header", "职务|姓名", "职务|嘉宾", "单位及职务|姓名"],
)
def test_a_table_of_positions_then_names_gives_the_guests(header):
    parsed = parse_transcript(transcript([header, *REVERSED] if header else REVERSED))

    assert parsed.guests == GUESTS
    assert parsed.intro == ()


def test_a_table_of_serial_numbers_positions_and_names_gives_the_guests():
    rows = [["序号", "职务", "姓名"], *([str(n), *row] for n, row in enumerate(REVERSED, start=1))]

    parsed = parse_transcript(transcript(rows))

    assert parsed.guests == GUESTS
    assert parsed.intro == ()


def test_a_position_of_four_characters_first_in_its_row_is_still_a_position():
    # 「区委书记」 could be a name of four characters: the row only reads one way round.
    parsed = parse_transcript(transcript([["区委书记", "刘某某"], ["区发改局局长", "王某某"]]))

    assert parsed.guests == (ParsedGuest("刘某某", "区委书记"), ParsedGuest("王某某", "区发改局局长"))


TWO_TITLES = "中共长春市南关区委副书记\n南关区人民政府区长"
JOINED = "中共长春市南关区委副书记、南关区人民政府区长"


@pytest.mark.parametrize(
    "rows",
    [
        [["姓名", "职务"], ["刘某某", TWO_TITLES], list(ROWS[1])],
        [["刘某某", TWO_TITLES], list(ROWS[1])],
        [["职务", "姓名"], [TWO_TITLES, "刘某某"], list(REVERSED[1])],
        [[TWO_TITLES, "刘某某"], list(REVERSED[1])],
        [["序号", "姓名", "职务"], ["1", "刘某某", TWO_TITLES], ["2", *ROWS[1]]],
    ],
    ids=["header", "no header", "reversed with header", "reversed", "serial numbers"],
)
def test_a_position_cell_of_two_paragraphs_is_one_position_joined_with_a_comma(rows):
    parsed = parse_transcript(transcript(rows))

    assert parsed.guests == (ParsedGuest("刘某某", JOINED), GUESTS[1])
    assert parsed.intro == ()


def test_a_bare_title_in_its_own_paragraph_joins_the_position_as_in_the_text_form():
    text_form = parse_transcript("\n".join([TITLE, "嘉宾：长春市南关区委副书记、区长 刘某某", *QUESTIONS]))

    parsed = parse_transcript(transcript([["姓名", "职务"], ["刘某某", "长春市南关区委副书记\n区长"]]))

    assert parsed.guests == text_form.guests == (ParsedGuest("刘某某", "长春市南关区委副书记、区长"),)


FIGURES = [["指标", "2012年", "2021年"], ["地区生产总值", "300亿元", "520亿元"], ["常住人口", "60万人", "66万人"]]


def test_a_table_of_figures_in_an_answer_gives_no_guests_and_stays_in_the_answer():
    document = docx.Document()
    document.add_paragraph(TITLE)
    for line in QUESTIONS:
        document.add_paragraph(line)
    add_table(document, FIGURES)
    document.add_paragraph("2.下一步有哪些打算?")
    document.add_paragraph("继续努力。")

    parsed = parse_transcript(imported(document))

    assert parsed.guests == ()
    assert parsed.questions[0].answer.splitlines()[1:4] == ["指标", "2012年", "2021年"]
    assert len(parsed.questions) == 2


@pytest.mark.parametrize("swapped", [False, True], ids=["as made", "columns swapped"])
def test_a_table_that_is_not_a_guest_list_stays_in_the_introduction(swapped):
    rows = [row[:2] for row in [["主办单位", "长春市南关区委宣传部"], *FIGURES[1:]]]
    rows = [row[::-1] for row in rows] if swapped else rows

    parsed = parse_transcript(transcript(rows))

    assert parsed.guests == ()
    assert parsed.intro == tuple(cell for row in rows for cell in row)


def test_a_name_and_position_table_in_an_answer_does_not_introduce_guests():
    # Only the introduction introduces guests; a table in an answer is part of what the guest says.
    document = docx.Document()
    document.add_paragraph(TITLE)
    for line in QUESTIONS:
        document.add_paragraph(line)
    add_table(document, [["张某", "南关区桃源街道党工委书记"]])

    parsed = parse_transcript(imported(document))

    assert parsed.guests == ()
    assert parsed.questions[0].answer.endswith("张某\n南关区桃源街道党工委书记")

"""Word's automatic list numbers are imported as Word shows them, so numbered questions are found."""

import docx
import pytest
from docx.oxml import parse_xml

from interviews.importing.parser import parse_transcript
from tests.interviews.test_word import DELETED_MARK, NAMESPACES, append_xml, deleted, imported, run


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def define_list(document, abstract_id: int, levels: str, *nums: str) -> None:
    """Add an abstract list definition and its list instances (``<w:num>`` XML) to numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {NAMESPACES} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    first_num.addprevious(abstract)
    for num in nums:
        numbering.append(parse_xml(num.replace("<w:num ", f"<w:num {NAMESPACES} ", 1)))


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def numbered(text: str, num_id: int, ilvl: int = 0, mark: str = "") -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>{mark}</w:pPr>'
        f"{run(text)}</w:p>"
    )


def plain(text: str) -> str:
    return f"<w:p>{run(text)}</w:p>"


def test_questions_typed_as_a_numbered_list_are_found():
    document = docx.Document()
    define_list(document, 90, level(0, "decimal", "%1."), num(90, 90))
    append_xml(
        document,
        plain("【视频】e起点赞长春这十年|区县领导访谈·南关区")
        + numbered("十年来,南关区发展取得了哪些新突破、新成就?", 90)
        + plain("党的十八大以来的这十年……")
        + numbered("十年来,为推动地域经济发展,南关区采取了哪些措施?", 90)
        + plain("一是……")
        + numbered("新征程上,南关区将如何走好新时代的赶考之路?", 90)
        + plain("我们将……"),
    )

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text[:6], q.answer) for q in parsed.questions] == [
        (1, "十年来,南关", "党的十八大以来的这十年……"),
        (2, "十年来,为推", "一是……"),
        (3, "新征程上,南", "我们将……"),
    ]


@pytest.mark.parametrize(
    ("fmt", "text", "start", "labels"),
    [
        ("decimal", "%1.", 1, ["1.", "2."]),
        ("decimal", "%1、", 9, ["9、", "10、"]),
        ("chineseCounting", "%1、", 1, ["一、", "二、"]),
        ("chineseCounting", "%1、", 10, ["十、", "十一、"]),
        ("chineseCountingThousand", "（%1）", 19, ["（十九）", "（二十）"]),
        ("japaneseCounting", "第%1条", 99, ["第九十九条", "第一百条"]),
        ("ideographTraditional", "%1、", 1, ["甲、", "乙、"]),
        ("ideographDigital", "%1.", 10, ["一〇.", "一一."]),
        ("chineseLegalSimplified", "%1、", 1, ["壹、", "贰、"]),
        ("decimalEnclosedCircleChinese", "%1", 1, ["①", "②"]),
        ("decimalFullWidth", "%1．", 1, ["１．", "２．"]),
        ("decimalZero", "%1.", 1, ["01.", "02."]),
        ("upperRoman", "%1.", 4, ["IV.", "V."]),
        ("lowerLetter", "%1)", 26, ["z)", "aa)"]),
        ("hebrew1", "%1.", 1, ["1.", "2."]),  # a format we do not render falls back to decimal
    ],
)
def test_list_numbers_read_as_word_shows_them(fmt, text, start, labels):
    document = docx.Document()
    define_list(document, 90, level(0, fmt, text, start), num(90, 90))
    append_xml(document, numbered("甲项", 90) + numbered("乙项", 90))

    assert imported(document) == f"{labels[0]}甲项\n{labels[1]}乙项"


def test_chinese_numbered_questions_are_found():
    document = docx.Document()
    define_list(document, 90, level(0, "chineseCounting", "%1、"), num(90, 90))
    append_xml(
        document,
        plain("标题") + numbered("第一问？", 90) + plain("答一。") + numbered("第二问？", 90) + plain("答二。"),
    )

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text) for q in parsed.questions] == [(1, "第一问？"), (2, "第二问？")]


def test_sub_levels_restart_under_each_new_item_and_can_show_the_parent_number():
    document = docx.Document()
    levels = level(0, "chineseCounting", "%1、") + level(1, "chineseCountingThousand", "（%2）")
    levels += level(2, "decimal", "%1.%3", extra='<w:isLgl/><w:suff w:val="space"/>')
    define_list(document, 90, levels, num(90, 90))
    append_xml(
        document,
        numbered("甲", 90)
        + numbered("甲一", 90, 1)
        + numbered("甲二", 90, 1)
        + numbered("甲二细", 90, 2)
        + numbered("乙", 90)
        + numbered("乙一", 90, 1)
        + numbered("乙一细", 90, 2),
    )

    assert imported(document).splitlines() == [
        "一、甲",
        "（一）甲一",
        "（二）甲二",
        "1.1 甲二细",
        "二、乙",
        "（一）乙一",
        "2.1 乙一细",
    ]


def test_restart_numbering_starts_again_and_continue_numbering_continues():
    # Word's "restart at 1" makes a new list instance with a start override on the same definition;
    # an instance without an override continues the definition's count, as Word does.
    document = docx.Document()
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    define_list(document, 90, level(0, "decimal", "%1."), num(90, 90), num(91, 90, restart), num(92, 90))
    define_list(document, 93, level(0, "chineseCounting", "%1、"), num(93, 93))
    append_xml(
        document,
        numbered("a", 90)
        + numbered("b", 90)
        + numbered("甲", 93)
        + numbered("c", 91)
        + numbered("d", 91)
        + numbered("e", 92)
        + numbered("乙", 93),
    )

    assert imported(document).splitlines() == ["1.a", "2.b", "一、甲", "1.c", "2.d", "3.e", "二、乙"]


def test_numbering_from_a_paragraph_style_and_numbering_turned_off():
    document = docx.Document()
    document.add_paragraph("第一项", style="List Number")
    document.add_paragraph("第二项", style="List Number")
    append_xml(
        document,
        '<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
        f"{run('不编号')}</w:p>",
    )

    assert imported(document) == "1.第一项\n2.第二项\n不编号"


def test_a_deleted_numbered_question_does_not_take_a_number():
    document = docx.Document()
    define_list(document, 90, level(0, "decimal", "%1."), num(90, 90))
    append_xml(
        document,
        plain("标题")
        + numbered("第一问？", 90)
        + plain("答一。")
        + f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>{DELETED_MARK[7:-8]}</w:pPr>'
        + f"{deleted('删掉的问题？')}</w:p>"
        + numbered("第二问？", 90)
        + plain("答二。"),
    )

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text) for q in parsed.questions] == [(1, "第一问？"), (2, "第二问？")]
    assert not parsed.warnings


def test_bullets_and_empty_list_items_add_no_marks():
    document = docx.Document()
    define_list(document, 90, level(0, "bullet", "\uf0b7"), num(90, 90))
    define_list(document, 91, level(0, "decimal", "%1."), num(91, 91))
    append_xml(document, numbered("要点", 90) + numbered("", 91) + numbered("第二项", 91))

    assert imported(document) == "要点\n\n2.第二项"  # Word shows the empty item's 1. too, and counts it


def test_the_sample_with_its_questions_as_a_word_list_parses_like_the_text(sample_text, gold):
    document = docx.Document()
    define_list(document, 90, level(0, "decimal", "%1."), num(90, 90))
    body = ""
    for line in sample_text.splitlines():
        typed_number, dot, question = line.partition(".")
        if dot and typed_number.isdigit() and not question[:1].isdigit():
            body += numbered(question, 90)
        else:
            body += plain(line)
    append_xml(document, body)

    from_word = parse_transcript(imported(document))

    assert from_word == parse_transcript(sample_text)
    assert len(from_word.questions) == len(gold["questions"])

"""Word files as editors really leave them: tracked changes, tables, breaks, furniture (no database needed).

Each test builds a small .docx with python-docx, editing its XML with lxml where python-docx has no API,
and checks what the import gives: the text, and the questions the parser finds in it.
"""

import io

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from interviews.importing.parser import parse_transcript
from interviews.importing.sources import read_source

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def elements(xml: str) -> list:
    """Parse WordprocessingML fragments (prefixes w, r, mc, wp, a, wps, v) into python-docx elements."""
    return list(parse_xml(f"<w:body {NAMESPACES}>{xml}</w:body>"))


def append_xml(document, xml: str) -> None:
    """Add body content (paragraphs, tables) given as XML after what the document already holds."""
    section = document.element.body.sectPr
    for element in elements(xml):
        section.addprevious(element)


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def imported(document) -> str:
    [source] = read_source("访谈.docx", saved(document))
    assert not source.error, source.error
    return source.text


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


CHANGE = 'w:author="编辑" w:date="2022-09-01T00:00:00Z"'


def deleted(text: str) -> str:
    return f'<w:del w:id="1" {CHANGE}><w:r><w:delText>{text}</w:delText></w:r></w:del>'


def inserted(text: str) -> str:
    return f'<w:ins w:id="2" {CHANGE}>{run(text)}</w:ins>'


DELETED_MARK = f'<w:pPr><w:rPr><w:del w:id="3" {CHANGE}/></w:rPr></w:pPr>'


# -- Tracked changes (修订) left in the file read as if accepted ---------------------------------------


def test_tracked_insertions_are_imported_and_deletions_are_not():
    document = docx.Document()
    document.add_paragraph("【视频】e起点赞长春这十年|区县领导访谈·南关区")
    append_xml(
        document,
        f"<w:p>{run('1.十年来,')}{inserted('南关区')}{deleted('朝阳区')}{run('发展取得了哪些新成就?')}</w:p>"
        f"<w:p>{run('地区生产总值')}{deleted('从200亿元')}{inserted('增长到495.7亿元')}{run('。')}</w:p>",
    )

    parsed = parse_transcript(imported(document))

    assert [q.text for q in parsed.questions] == ["十年来,南关区发展取得了哪些新成就?"]
    assert parsed.questions[0].answer == "地区生产总值增长到495.7亿元。"


def test_moved_text_is_imported_once_where_it_was_moved_to():
    move = 'w:id="{}" ' + CHANGE
    document = docx.Document()
    append_xml(
        document,
        f"<w:p>{run('标题')}</w:p>"
        f"<w:p>{run('1.问题？')}</w:p>"
        f"<w:p><w:moveFrom {move.format(4)}>{run('挪走的一句。')}</w:moveFrom>{run('留下的一句。')}</w:p>"
        f"<w:p>{run('后面的段落。')}<w:moveTo {move.format(5)}>{run('挪走的一句。')}</w:moveTo></w:p>",
    )

    text = imported(document)

    assert text.count("挪走的一句。") == 1
    assert parse_transcript(text).questions[0].answer == "留下的一句。\n后面的段落。挪走的一句。"


def test_a_paragraph_deleted_with_tracked_changes_leaves_nothing_behind():
    document = docx.Document()
    append_xml(
        document,
        f"<w:p>{run('标题')}</w:p>"
        f"<w:p>{run('1.第一问？')}</w:p>"
        f"<w:p>{run('第一问的回答。')}</w:p>"
        f"<w:p>{DELETED_MARK}{deleted('2.删掉的问题？')}</w:p>"
        f"<w:p>{run('2.第二问？')}</w:p>"
        f"<w:p>{run('第二问的回答。')}</w:p>",
    )

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text, q.answer) for q in parsed.questions] == [
        (1, "第一问？", "第一问的回答。"),
        (2, "第二问？", "第二问的回答。"),
    ]
    assert not parsed.warnings


def test_a_deleted_paragraph_mark_joins_the_paragraph_with_the_next():
    document = docx.Document()
    append_xml(
        document,
        f"<w:p>{run('标题')}</w:p>"
        f"<w:p>{run('1.问题？')}</w:p>"
        f"<w:p>{DELETED_MARK}{run('回答的前半句，')}</w:p>"
        f"<w:p>{run('回答的后半句。')}</w:p>",
    )

    assert parse_transcript(imported(document)).questions[0].answer == "回答的前半句，回答的后半句。"


# -- Tables -----------------------------------------------------------------------------------------


def test_table_text_comes_in_document_order_one_cell_paragraph_a_line():
    document = docx.Document()
    document.add_paragraph("【视频】e起点赞长春这十年|区县领导访谈·南关区")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "嘉宾"
    table.cell(0, 1).text = "南关区委书记 张三"
    table.cell(0, 1).add_paragraph("南关区区长 李四")
    document.add_paragraph("1.十年来,南关区发展取得了哪些新成就?")
    document.add_paragraph("回答。")

    text = imported(document)

    assert text.splitlines()[:4] == [
        "【视频】e起点赞长春这十年|区县领导访谈·南关区",
        "嘉宾",
        "南关区委书记 张三",
        "南关区区长 李四",
    ]
    assert [q.text for q in parse_transcript(text).questions] == ["十年来,南关区发展取得了哪些新成就?"]


def test_questions_and_answers_typed_in_a_table_are_found():
    document = docx.Document()
    document.add_paragraph("【文字】区县领导访谈·南关区")
    table = document.add_table(rows=2, cols=2)
    for row, (question, answer) in enumerate([("1.第一问？", "第一问的回答。"), ("2.第二问？", "第二问的回答。")]):
        table.cell(row, 0).text = question
        table.cell(row, 1).text = answer

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text, q.answer) for q in parsed.questions] == [
        (1, "第一问？", "第一问的回答。"),
        (2, "第二问？", "第二问的回答。"),
    ]


def test_a_table_inside_a_table_cell_is_read_too():
    document = docx.Document()
    document.add_paragraph("标题")
    outer = document.add_table(rows=1, cols=1).cell(0, 0)
    outer.text = "外层"
    outer.add_table(rows=1, cols=1).cell(0, 0).text = "内层"

    assert imported(document).split() == ["标题", "外层", "内层"]


# -- Inside a paragraph -----------------------------------------------------------------------------


def test_a_soft_line_break_starts_a_new_line_and_tabs_stay():
    document = docx.Document()
    paragraph = document.add_paragraph("标题")
    paragraph.add_run().add_break()
    paragraph.add_run("副标题")
    document.add_paragraph("嘉宾：\t张三")

    assert imported(document) == "标题\n副标题\n嘉宾：\t张三"


def test_a_page_break_inside_a_paragraph_starts_a_new_line():
    document = docx.Document()
    append_xml(document, f'<w:p>{run("第一页的末句。")}<w:r><w:br w:type="page"/></w:r>{run("第二页。")}</w:p>')

    assert imported(document) == "第一页的末句。\n第二页。"


def test_hyperlinks_give_their_visible_text_not_the_address():
    document = docx.Document()
    append_xml(
        document,
        f'<w:p>{run("详见")}<w:hyperlink r:id="rId99" w:history="1">{run("南关区政府网站")}</w:hyperlink>'
        f"{run('。')}</w:p>",
    )

    assert imported(document) == "详见南关区政府网站。"


def test_fields_give_their_result_not_their_code():
    document = docx.Document()
    append_xml(
        document,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://www.nanguan.gov.cn" </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run("南关区政府网站")}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:fldSimple w:instr=" DATE ">{run("2022年9月1日")}</w:fldSimple></w:p>',
    )

    assert imported(document) == "南关区政府网站2022年9月1日"


def test_content_controls_and_smart_tags_give_their_text():
    document = docx.Document()
    append_xml(
        document,
        '<w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent>'
        f"<w:p>{run('【视频】区县领导访谈·南关区')}</w:p></w:sdtContent></w:sdt>"
        f"<w:p><w:sdt><w:sdtContent>{run('1.')}</w:sdtContent></w:sdt>"
        f'<w:smartTag w:uri="urn:x" w:element="place">{run("南关区")}</w:smartTag>{run("怎么样？")}</w:p>',
    )

    assert imported(document) == "【视频】区县领导访谈·南关区\n1.南关区怎么样？"


def test_pinyin_guides_and_hidden_text_stay_out():
    document = docx.Document()
    append_xml(
        document,
        "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhāng</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>张</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        f"{run('三')}<w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的批注）</w:t></w:r>"
        f'<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>同志</w:t></w:r></w:p>',
    )

    assert imported(document) == "张三同志"


# -- Page furniture and notes stay out --------------------------------------------------------------


def add_footnotes(document, note: str) -> None:
    xml = (
        f"<w:footnotes {NAMESPACES}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p>{run(note)}</w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def test_headers_footers_footnotes_and_comments_stay_out():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "南关区融媒体中心 内部稿件"
    section.footer.paragraphs[0].text = "第 1 页"
    document.add_paragraph("标题")
    paragraph = document.add_paragraph("1.问题？")
    document.add_comment(paragraph.runs, text="这里要核实", author="审核")
    add_footnotes(document, "数据来源：区统计局。")
    append_xml(document, f'<w:p>{run("回答。")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>')

    text = imported(document)

    assert text == "标题\n1.问题？\n回答。"


# -- Text boxes ---------------------------------------------------------------------------------------


def text_box(text: str) -> str:
    """A floating text box as Word 2010+ writes it: DrawingML, with a VML copy for older readers."""
    content = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:rect><v:textbox>{content}</v:textbox></v:rect></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_title_in_a_text_box_is_imported_once_before_its_paragraph():
    document = docx.Document()
    append_xml(
        document,
        f"<w:p>{text_box('【视频】e起点赞长春这十年|区县领导访谈·南关区')}{run('1.十年来,南关区发展取得了哪些新成就?')}</w:p>"
        f"<w:p>{run('回答。')}</w:p>",
    )

    parsed = parse_transcript(imported(document))

    assert parsed.title == "e起点赞长春这十年|区县领导访谈·南关区"
    assert [q.text for q in parsed.questions] == ["十年来,南关区发展取得了哪些新成就?"]
    assert not parsed.warnings


# -- Files from other word processors and Word templates -------------------------------------------------


def test_a_document_without_list_or_style_definitions_is_read():
    # LibreOffice and some online editors leave numbering.xml (and even styles.xml) out of the package.
    document = docx.Document()
    document.add_paragraph("标题")
    document.add_paragraph("1.问题？")
    for reltype in (RELATIONSHIP_TYPE.NUMBERING, RELATIONSHIP_TYPE.STYLES):
        [rid] = [rid for rid, rel in document.part.rels.items() if rel.reltype == reltype]
        document.part.drop_rel(rid)

    assert imported(document) == "标题\n1.问题？"


def test_a_table_of_contents_is_left_out():
    # Word puts its table of contents in a content control; its lines repeat the questions, with page numbers.
    document = docx.Document()
    append_xml(
        document,
        f"<w:p>{run('标题')}</w:p>"
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
        f"</w:docPartObj></w:sdtPr><w:sdtContent><w:p>{run('目录')}</w:p>"
        f"<w:p>{run('1.十年来,南关区发展取得了哪些新成就?')}<w:r><w:tab/></w:r>{run('1')}</w:p>"
        "</w:sdtContent></w:sdt>"
        f"<w:p>{run('1.十年来,南关区发展取得了哪些新成就?')}</w:p><w:p>{run('回答。')}</w:p>",
    )

    parsed = parse_transcript(imported(document))

    assert [(q.number, q.text, q.answer) for q in parsed.questions] == [
        (1, "十年来,南关区发展取得了哪些新成就?", "回答。")
    ]
    assert not parsed.warnings


def test_a_template_placeholder_nobody_filled_in_is_left_out():
    document = docx.Document()
    append_xml(
        document,
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        f"<w:p>{run('单击或点击此处输入文字。')}</w:p></w:sdtContent></w:sdt>"
        f"<w:p>{run('作者：')}<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{run('输入姓名')}"
        f"</w:sdtContent></w:sdt></w:p><w:p>{run('正文。')}</w:p>",
    )

    assert imported(document).split() == ["作者：", "正文。"]


def test_a_table_row_deleted_with_tracked_changes_is_left_out():
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "留下的行"
    table.cell(1, 0).text = "删掉的行"
    table.rows[1]._tr.get_or_add_trPr().append(elements(f'<w:del w:id="9" {CHANGE}/>')[0])

    assert imported(document).split() == ["标题", "留下的行"]

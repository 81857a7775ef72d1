"""The text of a Word (.docx) document as Word shows it, one paragraph a line.

python-docx's ``Document.paragraphs`` reads only the runs directly in body paragraphs, so it loses
what editors' files really hold. This walks the body XML instead:

- paragraphs and tables in document order; a table gives each cell's paragraphs as lines, row by
  row (a table inside a cell too);
- tracked changes (修订) read as if accepted: inserted and moved-to text in, deleted and moved-from
  text out; a paragraph whose mark was deleted joins the next one, and a wholly deleted one vanishes;
- a line break (or a page break) inside a paragraph starts a new line; tabs stay tabs;
- hyperlinks, field results, content controls and smart tags give their visible text; field codes,
  pinyin guides (ruby) and hidden text do not, nor does a table of contents (it repeats the questions
  with page numbers) or a template's placeholder nobody filled in (「单击或点击此处输入文字」);
- a text box (a title is often one) gives its paragraphs as lines before the paragraph it is anchored
  in, once (Word stores it twice, DrawingML and a VML copy);
- automatic list numbers are put in front of their paragraph as Word shows them (``numbering.py``).

Headers, footers, footnotes, endnotes and comments live in other parts of the package and stay out;
their reference marks in the body give no text. No ORM, no I/O: an opened python-docx document in.
"""

from .numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, TR, TC, SDT, SDT_CONTENT = (f"{W}{tag}" for tag in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
R, T, PPR, RPR, TR_PR = (f"{W}{tag}" for tag in ("r", "t", "pPr", "rPr", "trPr"))
INS, DEL, MOVE_FROM = f"{W}ins", f"{W}del", f"{W}moveFrom"
RUBY, RUBY_BASE, VANISH = f"{W}ruby", f"{W}rubyBase", f"{W}vanish"
TXBX_CONTENT, ALTERNATE_CONTENT = f"{W}txbxContent", f"{MC}AlternateContent"
# Elements that only wrap more of the same level (blocks in blocks, runs in a paragraph).
BLOCK_WRAPPERS = {TBL, TR, TC, SDT_CONTENT, f"{W}customXml", INS, f"{W}moveTo"}
INLINE_WRAPPERS = {SDT_CONTENT, INS, f"{W}moveTo", f"{W}hyperlink", f"{W}smartTag", f"{W}customXml"}
INLINE_WRAPPERS |= {f"{W}fldSimple", f"{W}dir", f"{W}bdo"}
# What a run's children show; anything else (field codes, deleted text, note marks) shows nothing.
RUN_TEXT = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
DRAWINGS = {f"{W}drawing", f"{W}pict", ALTERNATE_CONTENT}
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def document_lines(document) -> list[str]:
    """The lines of a python-docx ``Document``'s body, as an editor reads them in Word."""
    numbering = Numbering(_part(document, "numbering"), _part(document, "styles"))
    reader = _Reader(numbering)
    reader.blocks(document.element.body)
    reader.flush()
    return reader.lines


def _part(document, relationship: str):
    """The XML of a part of the package; None when the file has none (LibreOffice may leave them out)."""
    try:  # python-docx's own accessors would create the part, or raise NotImplementedError
        part = document.part.part_related_by(RELATIONSHIPS + relationship)
    except (KeyError, ValueError):  # none, or more than one
        return None
    return getattr(part, "element", None)  # a part python-docx could not read as XML has none


def _sdt_content(sdt) -> list:
    """What a content control shows, unless it is a table of contents or an unfilled placeholder."""
    properties = sdt.find(f"{W}sdtPr")
    if properties is not None:
        gallery = properties.find(f"{W}docPartObj/{W}docPartGallery")
        if _on(properties.find(f"{W}showingPlcHdr")) or (
            gallery is not None and gallery.get(f"{W}val", "").startswith("Table of Contents")
        ):
            return []
    return list(sdt.iterchildren(SDT_CONTENT))


def _on(toggle) -> bool:
    """A toggle property such as ``<w:vanish/>`` is on unless its value says off."""
    return toggle is not None and toggle.get(f"{W}val", "true") not in ("0", "false", "off")


def _removed(properties) -> bool:
    """A paragraph mark or table row deleted, or moved away, with tracked changes."""
    return properties is not None and (properties.find(DEL) is not None or properties.find(MOVE_FROM) is not None)


class _Reader:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.lines: list[str] = []
        self.carry = ""  # text of paragraphs whose mark was deleted: it runs on into the next paragraph

    def flush(self) -> None:
        if self.carry:
            self.lines.append(self.carry)
            self.carry = ""

    def blocks(self, parent) -> None:
        for child in parent:
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TR and _removed(child.find(TR_PR)):
                continue
            elif child.tag in BLOCK_WRAPPERS:
                if child.tag == TBL:
                    self.flush()
                self.blocks(child)
                if child.tag in (TBL, TC):
                    self.flush()  # a paragraph never runs on out of its cell
            elif child.tag == SDT:
                self.blocks(_sdt_content(child))
            elif child.tag == ALTERNATE_CONTENT:
                self.blocks(child[0] if len(child) else ())  # the first choice; the rest repeat it

    def paragraph(self, paragraph) -> None:
        boxes: list[str] = []
        text = self.inline(paragraph, boxes)
        self.lines.extend(boxes)
        properties = paragraph.find(PPR)
        mark = properties.find(RPR) if properties is not None else None
        if _removed(mark):
            self.carry += text
            return
        number = self.numbering.label(properties)
        text, self.carry = self.carry + text, ""
        self.lines.append(number + text if text.strip() else text)

    def inline(self, parent, boxes: list[str]) -> str:
        parts = []
        for child in parent:
            if child.tag == R:
                parts.append(self.run(child, boxes))
            elif child.tag in INLINE_WRAPPERS:
                parts.append(self.inline(child, boxes))
            elif child.tag == SDT:
                parts.extend(self.inline(content, boxes) for content in _sdt_content(child))
            elif child.tag == ALTERNATE_CONTENT:
                parts.append(self.inline(child[0] if len(child) else (), boxes))
        return "".join(parts)

    def run(self, run, boxes: list[str]) -> str:
        properties = run.find(RPR)
        if properties is not None and _on(properties.find(VANISH)):
            return ""
        parts = []
        for child in run:
            if child.tag == T:
                parts.append(child.text or "")
            elif child.tag in RUN_TEXT:
                parts.append(RUN_TEXT[child.tag])
            elif child.tag == RUBY:
                base = child.find(RUBY_BASE)  # the characters; w:rt above them is the guide
                parts.append(self.inline(base, boxes) if base is not None else "")
            elif child.tag in DRAWINGS:
                boxes.extend(self.text_boxes(child))
        return "".join(parts)

    def text_boxes(self, element) -> list[str]:
        """The lines of the text boxes in a drawing, each box once."""
        lines = []
        for child in element[:1] if element.tag == ALTERNATE_CONTENT else element:
            if child.tag == TXBX_CONTENT:
                box = _Reader(self.numbering)
                box.blocks(child)
                box.flush()
                lines.extend(box.lines)
            elif isinstance(child.tag, str):
                lines.extend(self.text_boxes(child))
        return lines

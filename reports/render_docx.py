"""Any `reports.document.Layout` as a Word (.docx) file (python-docx).

A4, Norwegian as the document language, black table borders (readable in black and white),
header rows repeated across pages, "Side X av Y" in the footer, pictures with a caption.
All user text goes in as plain runs; python-docx escapes it.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from reports.document import (
    Bullets,
    Heading,
    Image,
    Layout,
    PageBreak,
    Paragraph,
    Table,
)

LANGUAGE = "nb-NO"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
SIDE_MARGIN, TOP_MARGIN = 22, 20  # mm
TEXT_WIDTH_MM = 210 - 2 * SIDE_MARGIN


def render_docx(layout: Layout) -> bytes:
    """The whole layout as .docx bytes."""
    document = Document()
    _set_up(document, layout)
    for block in layout.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Image):
            _image(document, block)
        elif isinstance(block, PageBreak):
            document.add_page_break()
        else:
            raise TypeError(f"Ukjent blokk i dokumentet: {type(block).__name__}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document: DocxDocument, layout: Layout) -> None:
    props = document.core_properties
    props.title = f"{layout.title} – {layout.subtitle}"
    props.language = LANGUAGE
    props.author = "HMS-dashboard"
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    r_pr.append(lang)
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = Mm(SIDE_MARGIN)
        section.top_margin = section.bottom_margin = Mm(TOP_MARGIN)
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.add_run(f"{layout.footer}    ")
        footer.add_run("Side ")
        _field(footer, "PAGE", "1")
        footer.add_run(" av ")
        _field(footer, "NUMPAGES", "1")
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _paragraph(document: DocxDocument, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    if block.indent:
        paragraph.paragraph_format.left_indent = Mm(6)
    if block.label:
        paragraph.add_run(block.label).bold = True
        if block.text:
            paragraph.add_run(" ")
    if block.text:
        run = paragraph.add_run(block.text)
        if block.small:
            run.italic = True
            run.font.size = Pt(9.5)


def _table(document: DocxDocument, block: Table) -> None:
    if block.title:
        title = document.add_paragraph()
        title.add_run(block.title).bold = True
        title.paragraph_format.keep_with_next = True
        title.paragraph_format.space_after = Pt(3)
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for c, (cell, text) in enumerate(zip(header.cells, block.columns, strict=True)):
        _cell_text(cell, text, bold=True, align=block.column_align(c))
    for r, row in enumerate(block.rows):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, row, strict=True)):
            bold = (r, c) in block.strong_cells
            _cell_text(cell, text, bold=bold, align=block.column_align(c))
    if block.note:
        _small_italic(document.add_paragraph(), block.note)
    else:
        document.add_paragraph()


def _image(document: DocxDocument, block: Image) -> None:
    width = Mm(min(block.width_mm, TEXT_WIDTH_MM))
    document.add_picture(io.BytesIO(block.png), width=width)
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if block.caption:
        picture.paragraph_format.keep_with_next = True
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _small_italic(caption, block.caption)


def _small_italic(paragraph: DocxParagraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(9)


def _cell_text(cell, text: str, bold: bool, align: str = "L") -> None:
    paragraph = cell.paragraphs[0]
    if align == "R":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(9.5)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)

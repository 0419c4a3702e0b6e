"""The AMU agenda or minutes as a Word (.docx) file, drawn from `meeting_layout` blocks.

A4, black table borders (readable in black and white), header rows repeated across pages,
"Side X av Y" in the footer. All user text goes in as plain runs; python-docx escapes it.
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

from metrics.meeting_papers import MeetingSummary
from reports.meeting_layout import (
    Bullets,
    Heading,
    Layout,
    Paragraph,
    Table,
    meeting_layout,
)

LANGUAGE = "nb-NO"


def meeting_docx(summary: MeetingSummary, kind: str) -> bytes:
    """The agenda (`AGENDA`) or minutes (`MINUTES`) of one meeting as .docx bytes."""
    layout = meeting_layout(summary, kind)
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
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin = section.bottom_margin = Mm(20)
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
    for cell, text in zip(header.cells, block.columns, strict=True):
        _cell_text(cell, text, bold=True)
    for r, row in enumerate(block.rows):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell_text(cell, text, bold=(r, c) in block.strong_cells)
    if block.note:
        note = document.add_paragraph()
        run = note.add_run(block.note)
        run.italic = True
        run.font.size = Pt(9)
    else:
        document.add_paragraph()


def _cell_text(cell, text: str, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(9.5)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)

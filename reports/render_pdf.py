"""Any `reports.document.Layout` as an A4 PDF (fpdf2).

Black text, bold header rows and written-out markings ("(forfalt)"), so it reads the same
printed in black and white; "Side X av Y" in the footer; pictures kept whole on one page
with their caption. Uses DejaVu Sans when installed (æøå, −, –, «»); otherwise fpdf2's core
Helvetica with text transliterated to latin-1. User text is always drawn as plain text (no
markdown, no HTML).
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import FontFace
from PIL import Image as PILImage

from reports.document import (
    Bullets,
    Heading,
    Image,
    Layout,
    PageBreak,
    Paragraph,
    Table,
)

FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FAMILY_UNICODE = "DejaVu"
FAMILY_CORE = "helvetica"

HEADING_SIZES = {0: 18, 1: 13, 2: 12, 3: 11}
BODY_SIZE = 10.5
SMALL_SIZE = 9
TABLE_SIZE = 9
LINE = 5.2  # mm per body line
INDENT = 6  # mm, bullets and indented paragraphs
HEADER_FILL = (225, 225, 225)  # light grey: decoration only, bold carries the meaning
CAPTION_GAP = 1.5  # mm between a picture and its caption
_ALIGN = {"L": Align.L, "R": Align.R}

# Characters outside latin-1 that the core fonts cannot draw.
_LATIN1_SUBSTITUTES = {
    "\u2212": "-",  # minus
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2026": "...",
    "\u2022": "-",
    "\u20ac": "EUR",
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",
    "\u2007": " ",
    "\u200b": "",
}


def find_fonts() -> tuple[Path, Path] | None:
    """Regular and bold DejaVu Sans from the first of `FONT_DIRS` that has both, else None."""
    for folder in FONT_DIRS:
        regular, bold = (Path(folder) / name for name in FONT_FILES)
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def to_latin1(text: str) -> str:
    """Text the core fonts can draw: known look-alikes substituted, anything else '?'."""
    for char, substitute in _LATIN1_SUBSTITUTES.items():
        text = text.replace(char, substitute)
    return text.encode("latin-1", "replace").decode("latin-1")


class _DocumentPDF(FPDF):
    def __init__(self, layout: Layout) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.layout = layout
        fonts = find_fonts()
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font(FAMILY_UNICODE, "", str(fonts[0]))
            self.add_font(FAMILY_UNICODE, "B", str(fonts[1]))
            self.family = FAMILY_UNICODE
        else:
            self.family = FAMILY_CORE
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(self.t(f"{layout.title} – {layout.subtitle}"))
        self.set_author(self.t(layout.subtitle))
        self.set_creator("HMS-dashboard")
        self.set_lang("nb-NO")

    def t(self, text: str) -> str:
        """Text as the current font can draw it."""
        return text if self.unicode else to_latin1(text)

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-14)
        self.use(8.5)
        width = self.w - self.l_margin - self.r_margin
        self.cell(width * 0.7, 6, self.t(self.layout.footer), align="L")
        self.cell(width * 0.3, 6, f"Side {self.page_no()} av {self.str_alias_nb_pages}", align="R")


def render_pdf(layout: Layout) -> bytes:
    """The whole layout as PDF bytes."""
    pdf = _DocumentPDF(layout)
    pdf.add_page()
    for block in layout.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Bullets):
            _bullets(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Image):
            _image(pdf, block)
        elif isinstance(block, PageBreak):
            if pdf.get_y() > pdf.t_margin + 1:  # never an empty page
                pdf.add_page()
        else:
            raise TypeError(f"Ukjent blokk i dokumentet: {type(block).__name__}")
    return bytes(pdf.output())


def _heading(pdf: _DocumentPDF, block: Heading) -> None:
    size = HEADING_SIZES.get(block.level, BODY_SIZE)
    space_before = {0: 0, 1: 5, 2: 5, 3: 3}.get(block.level, 2)
    # Keep a heading together with at least a few lines of what follows.
    if pdf.will_page_break(space_before + size * 0.5 + 4 * LINE):
        pdf.add_page()
    elif pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(space_before)
    if block.level in (1, 2):
        pdf.start_section(pdf.t(block.text), level=block.level - 1)
    pdf.use(size, bold=True)
    pdf.multi_cell(0, size * 0.5, pdf.t(block.text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5 if block.level else 0.5)


def _paragraph(pdf: _DocumentPDF, block: Paragraph) -> None:
    size = SMALL_SIZE if block.small else BODY_SIZE
    height = LINE * size / BODY_SIZE
    margin = pdf.l_margin
    pdf.set_left_margin(margin + (INDENT if block.indent else 0))  # write() wraps to it
    pdf.set_x(pdf.l_margin)
    if block.label:
        pdf.use(size, bold=True)
        pdf.write(height, pdf.t(block.label + (" " if block.text else "")))
    if block.text:
        pdf.use(size)
        pdf.write(height, pdf.t(block.text))
    pdf.ln(height + 1)
    pdf.set_left_margin(margin)


def _bullets(pdf: _DocumentPDF, block: Bullets) -> None:
    pdf.use(BODY_SIZE)
    width = pdf.w - pdf.l_margin - pdf.r_margin - INDENT
    for item in block.items:
        pdf.set_x(pdf.l_margin)
        pdf.cell(INDENT, LINE, pdf.t("–"), align="C")
        pdf.multi_cell(width, LINE, pdf.t(item), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _col_widths(pdf: _DocumentPDF, block: Table) -> tuple[float, ...]:
    """Column widths in mm: natural widths, the widest columns capped until the table fits.

    A column never gets narrower than its longest word, nor than its longest short cell
    (case numbers, dates, 'ikke satt'), so those stay on one line.
    """
    available = pdf.w - pdf.l_margin - pdf.r_margin
    pad = 3.0
    natural, minimum = [], []
    for c, heading in enumerate(block.columns):
        texts = [pdf.t(t) for t in (heading, *(row[c] for row in block.rows))]
        pdf.use(TABLE_SIZE, bold=True)
        nat = pdf.get_string_width(texts[0])
        low = max((pdf.get_string_width(w) for w in texts[0].split()), default=0)
        pdf.use(TABLE_SIZE)
        for t in texts[1:]:
            nat = max(nat, pdf.get_string_width(t))
            units = [t] if len(t) <= 12 else t.split()
            low = max(low, *(pdf.get_string_width(u) for u in units), 0)
        natural.append(nat + pad)
        minimum.append(min(low + pad, available / len(block.columns)))
    if sum(natural) <= available:
        return tuple(natural)
    lo, hi = 0.0, max(natural)
    for _ in range(40):  # binary search for the cap that makes the columns fill the page
        cap = (lo + hi) / 2
        total = sum(max(m, min(n, cap)) for n, m in zip(natural, minimum, strict=True))
        lo, hi = (cap, hi) if total < available else (lo, cap)
    return tuple(max(m, min(n, lo)) for n, m in zip(natural, minimum, strict=True))


def _table(pdf: _DocumentPDF, block: Table) -> None:
    if block.title:
        if pdf.will_page_break(6 * LINE):
            pdf.add_page()
        pdf.use(BODY_SIZE, bold=True)
        pdf.multi_cell(0, LINE, pdf.t(block.title), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.use(TABLE_SIZE)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=_col_widths(pdf, block),
        text_align="LEFT",
        line_height=TABLE_SIZE * 0.5,
        padding=1.2,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        first_row_as_headings=True,
        repeat_headings=1,
        markdown=False,
    ) as table:
        header = table.row()
        for c, text in enumerate(block.columns):
            header.cell(pdf.t(text), align=_ALIGN[block.column_align(c)])
        for r, values in enumerate(block.rows):
            row = table.row()
            for c, text in enumerate(values):
                style = bold if (r, c) in block.strong_cells else None
                row.cell(pdf.t(text), align=_ALIGN[block.column_align(c)], style=style)
    pdf.ln(1.5)
    if block.note:
        _paragraph(pdf, Paragraph(block.note, small=True))
    pdf.ln(1)


def _image(pdf: _DocumentPDF, block: Image) -> None:
    """The picture centred, scaled to fit the page, moved whole to a new page if needed."""
    pixels_w, pixels_h = PILImage.open(io.BytesIO(block.png)).size
    caption_h = (LINE * SMALL_SIZE / BODY_SIZE + CAPTION_GAP + 1) if block.caption else 0
    room_w = pdf.w - pdf.l_margin - pdf.r_margin
    room_h = pdf.h - pdf.t_margin - pdf.b_margin - caption_h - 2
    width = min(block.width_mm, room_w, room_h * pixels_w / pixels_h)
    height = width * pixels_h / pixels_w
    if pdf.will_page_break(height + caption_h + 2):
        pdf.add_page()
    elif pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(1)
    alt = pdf.t(block.caption) if block.caption else None
    pdf.image(io.BytesIO(block.png), x=Align.C, w=width, h=height, alt_text=alt)
    pdf.set_y(pdf.get_y() + CAPTION_GAP)  # image() leaves y under the picture
    if block.caption:
        size = SMALL_SIZE
        pdf.use(size)
        pdf.multi_cell(0, LINE * size / BODY_SIZE, pdf.t(block.caption), align="C",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)

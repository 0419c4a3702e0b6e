"""The format-neutral building blocks of every document the reports write.

A document is a `Layout`: a title, a footer line and a flat tuple of blocks (headings,
paragraphs, bullet lists, tables, images, page breaks). `render_docx` and `render_pdf` draw
the same Layout, so the Word file and the PDF always say the same thing. The text helpers
here turn values into clean Norwegian plain text; `plain` never lets a Python repr ("None",
"nan") or an XML-invalid control character through.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from babel.dates import format_date

LOCALE = "nb_NO"
MISSING = "–"
ALIGNMENTS = ("L", "R")

# Control characters other than tab and newline are not allowed in XML (docx) and print as
# boxes in PDFs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 document title, 1 section, 2 case/subsection, 3 part of one


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # drawn in bold before the text, e.g. 'Ansvarlig:'
    small: bool = False  # notes and explanations
    indent: bool = False  # details under a numbered line (Ansvarlig/Frist under a decision)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    note: str = ""
    strong_cells: frozenset[tuple[int, int]] = frozenset()  # (row, column) drawn in bold
    align: tuple[str, ...] = ()  # 'L' or 'R' per column; empty means all left

    def __post_init__(self) -> None:
        if self.align and len(self.align) != len(self.columns):
            raise ValueError(
                f"align har {len(self.align)} verdier for {len(self.columns)} kolonner"
            )
        if any(a not in ALIGNMENTS for a in self.align):
            raise ValueError(f"align må bestå av {ALIGNMENTS}, fikk {self.align!r}")

    def column_align(self, column: int) -> str:
        """'L' or 'R' for one column."""
        return self.align[column] if self.align else "L"


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes), `width_mm` wide on the page, with an optional caption below."""

    png: bytes = field(repr=False)
    width_mm: float = 160.0
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    """What follows starts on a new page."""


Block = Heading | Paragraph | Bullets | Table | Image | PageBreak


@dataclass(frozen=True)
class Layout:
    title: str  # 'Referat'
    subtitle: str  # 'Nordvik kommune – HAMU'
    footer: str  # 'HAMU – referat – 3. mars 2025', printed on every page
    blocks: tuple[Block, ...]


# --- text helpers ------------------------------------------------------------------------


def plain(value: object) -> str:
    """User text as clean plain text: '' for None/NaN, no control characters, \\n newlines."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def long_date(value: dt.date) -> str:
    """3. mars 2025"""
    return format_date(value, "d. MMMM y", locale=LOCALE)


def short_date(value: dt.date | None, empty: str = MISSING) -> str:
    """03.03.2025 (tables); `empty` when there is no date."""
    if value is None:
        return empty
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"

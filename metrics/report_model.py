"""The annual reports as data: sections of typed tables and text, format-neutral.

`metrics/annual_report.py` fills it from the same metric functions the pages call; the
Excel, Word and PDF writers in `reports/` only lay it out. Values stay typed (numbers are
numbers, so Excel gets number cells); a suppressed figure is a `Hidden` cell carrying the
words every output shows.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from core.formatting import fmt_number, fmt_percent, fmt_pp
from core.names import ascii_slug

AMU, HMS = "amu", "hms"
KINDS = (AMU, HMS)

# Column kinds: how a value is formatted (Word/PDF) and which number format it gets (Excel).
TEXT = "text"  # str
INT = "int"  # whole count
NUMBER = "number"  # one decimal (dagsverk, days, rates per million hours)
PERCENT = "percent"  # a percentage as a number of percent (6.8 means 6,8 %)
PP = "pp"  # a change in percentage points, signed
DATE = "date"  # dt.date


@dataclass(frozen=True)
class Hidden:
    """A suppressed figure: never a number in any output."""

    text: str  # 'skjult (færre enn 5)' or 'skjult (for å beskytte en annen celle)'


Cell = str | int | float | dt.date | Hidden | None


def display(value: Cell, kind: str) -> str:
    """One cell as text, Norwegian style; '–' for an empty cell."""
    if isinstance(value, Hidden):
        return value.text
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == PERCENT:
        return fmt_percent(value)
    if kind == PP:
        return fmt_pp(value)
    if kind == NUMBER:
        return fmt_number(value, 1)
    if kind == INT:
        return fmt_number(value, 0)
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


@dataclass(frozen=True)
class Column:
    name: str  # Norwegian header
    kind: str = TEXT


@dataclass(frozen=True)
class ReportTable:
    key: str  # short ASCII id, unique in the report; the Excel sheet name comes from `sheet`
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # datagrunnlag: period, scope and sources of the figures
    sheet: str = ""  # Excel sheet name (≤ 31 characters, no []:*?/\)

    def display_rows(self) -> tuple[tuple[str, ...], ...]:
        """Every cell as the page, Word and PDF show it (6,8 %; +0,4 pp; skjult (…))."""
        return tuple(
            tuple(display(v, c.kind) for v, c in zip(row, self.columns, strict=True))
            for row in self.rows
        )


@dataclass(frozen=True)
class Chart:
    """A figure the writers draw with the same Plotly code as the pages (ui/charts.py)."""

    key: str  # 'sick_leave_trend' | 'deviation_trend'
    title: str
    data: object  # the metric result the chart function takes (e.g. a SickLeaveTrend)
    extra: object = None  # e.g. the benchmark series of a sick-leave trend


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()  # generated text (counts, summaries)
    tables: tuple[ReportTable, ...] = ()
    charts: tuple[Chart, ...] = ()
    free_text: str | None = None  # written by the user in the app, saved per year and scope
    free_text_hint: str = ""  # what to write there, shown in the draft when it is empty


@dataclass(frozen=True)
class Source:
    import_id: int
    kind: str  # sykefravaer, avvik, vernerunde, vedtak
    file_name: str
    imported_at: dt.datetime
    imported_by: str


@dataclass(frozen=True)
class AnnualReport:
    kind: str  # AMU or HMS
    title: str  # 'AMU-årsrapport 2025'
    organisation: str
    year: int
    scope_id: int
    scope: str  # unit name
    scope_level: str  # virksomhet, sektor, enhet
    generated: dt.date
    threshold: int
    sections: tuple[Section, ...]
    sources: tuple[Source, ...] = ()
    method: tuple[str, ...] = field(default_factory=tuple)  # «Slik har vi regnet»

    @property
    def tables(self) -> tuple[ReportTable, ...]:
        return tuple(t for s in self.sections for t in s.tables)

    def file_stem(self) -> str:
        """`<kind>-arsrapport-<year>[-<scope>]` (the scope only below the virksomhet)."""
        stem = f"{self.kind}-arsrapport-{self.year}"
        return stem if self.scope_level == "virksomhet" else f"{stem}-{ascii_slug(self.scope)}"

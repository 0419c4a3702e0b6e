"""The annual report workbook: sheets, number formats, hidden cells and formula-safe text."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from metrics.report_model import (
    AMU,
    DATE,
    INT,
    NUMBER,
    PERCENT,
    PP,
    AnnualReport,
    Column,
    Hidden,
    ReportTable,
    Section,
    Source,
)
from reports.annual_xlsx import annual_xlsx, sheet_name

HIDDEN_FEW = "skjult (færre enn 5)"
HIDDEN_OTHER = "skjult (for å beskytte en annen celle)"
INJECTIONS = ("=SUM(A1:A3)", "+47 99999999", "-5", "@user", "\tTab", "\rCR")
FREE_TEXT = '=HYPERLINK("http://x")'
LONG_TITLE = "Avvik per enhet/kategori: hele året 2025"  # 40 characters, with / and :


@pytest.fixture
def report() -> AnnualReport:
    sick = ReportTable(
        key="sykefravaer",
        title="Sykefravær per enhet 2025",
        columns=(
            Column("Enhet"),
            Column("Ansatte", INT),
            Column("Tapte dagsverk", NUMBER),
            Column("Sykefravær", PERCENT),
            Column("Endring", PP),
            Column("Sist oppdatert", DATE),
        ),
        rows=(
            ("Helse og omsorg", 1234, 456.75, 6.8, 0.4, dt.date(2025, 12, 31)),
            (
                "Barnehage Sør",
                Hidden(HIDDEN_FEW),
                Hidden(HIDDEN_FEW),
                Hidden(HIDDEN_FEW),
                Hidden(HIDDEN_FEW),
                None,
            ),
            ("Barnehage Nord", 12, 30.0, Hidden(HIDDEN_OTHER), -1.2, dt.date(2025, 6, 1)),
        ),  # fmt: skip
        note="Datagrunnlag: sykefraværsstatistikk 2025 for Testkommune og enhetene under.",
        sheet="Sykefravær",
    )
    deviations = ReportTable(
        key="avvik",
        title=LONG_TITLE,
        columns=(Column("Beskrivelse"), Column("Antall", INT)),
        rows=tuple((text, i) for i, text in enumerate(INJECTIONS)),
    )
    rounds = ReportTable(
        key="vernerunder",
        title="Vernerunder",
        columns=(Column("Enhet"), Column("Dato", DATE), Column("Dekning", PERCENT)),
        rows=(("Skole Vest", dt.date(2025, 3, 14), 100.0),),
        sheet="Sykefravær",  # the same sheet name as the first table
    )
    return AnnualReport(
        kind=AMU,
        title="AMU-årsrapport 2025",
        organisation="Testkommune",
        year=2025,
        scope_id=1,
        scope="Testkommune",
        scope_level="virksomhet",
        generated=dt.date(2026, 1, 15),
        threshold=5,
        sections=(
            Section(
                key="sykefravaer",
                title="Sykefravær",
                paragraphs=("Sykefraværet var 6,8 % i 2025.",),
                tables=(sick,),
                free_text=FREE_TEXT,
            ),
            Section(key="hms", title="Avvik og vernerunder", tables=(deviations, rounds)),
        ),
        sources=(
            Source(
                1, "sykefravaer", "sykefravaer_2025.xlsx", dt.datetime(2026, 1, 5, 9, 30), "kari"
            ),
            Source(2, "avvik", "avvik-eksport.csv", dt.datetime(2026, 1, 6, 14, 0), "ola"),
        ),
        method=("Sykefravær = tapte dagsverk / avtalte dagsverk × 100.",),
    )


@pytest.fixture
def book(report):
    return openpyxl.load_workbook(io.BytesIO(annual_xlsx(report)))


def _excel_text(value: str) -> str:
    """The string as Excel reads it: OOXML keeps control characters as _xHHHH_ escapes
    (xlsxwriter writes "\r" as "_x000D_"), which openpyxl leaves undecoded."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def _cells(ws) -> list:
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _find(ws, value):
    hits = [c for c in _cells(ws) if c.value == value]
    assert hits, f"{value!r} not on {ws.title}"
    return hits[0]


def test_sheet_names_are_legal_unique_and_forside_first(book):
    names = book.sheetnames
    assert names == [
        "Forside",
        "Tekst",
        "Sykefravær",
        "Avvik per enhet-kategori hele å",
        "Sykefravær (2)",
    ]
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")


def test_sheet_name_suffix_fits_within_31_characters():
    taken: set[str] = set()
    first = sheet_name("x" * 40, taken)
    second = sheet_name("X" * 40, taken)
    assert first == "x" * 31
    assert second == "X" * 27 + " (2)"
    assert sheet_name("'[Liste]'", taken) == "(Liste)"


def test_table_sheet_layout(book):
    ws = book["Sykefravær"]
    assert ws["A1"].value == "Sykefravær per enhet 2025"
    assert ws["A1"].font.b
    assert ws["A2"].value.startswith("Datagrunnlag:")
    assert "A2:F2" in {str(r) for r in ws.merged_cells.ranges}
    headers = [c.value for c in ws[3]]
    assert headers == [
        "Enhet",
        "Ansatte",
        "Tapte dagsverk",
        "Sykefravær",
        "Endring",
        "Sist oppdatert",
    ]
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "B4"
    assert ws.auto_filter.ref == "A3:F6"
    for letter in "ABCDEF":
        assert 8 <= ws.column_dimensions[letter].width <= 61


def test_table_without_note_has_header_in_row_2(book):
    ws = book["Avvik per enhet-kategori hele å"]
    assert ws["A1"].value == LONG_TITLE
    assert [c.value for c in ws[2]] == ["Beskrivelse", "Antall"]
    assert ws.freeze_panes == "B3"


def test_numbers_are_number_cells_with_formats(book):
    ws = book["Sykefravær"]
    count, days, percent, change, date = (ws.cell(4, c) for c in range(2, 7))
    assert count.value == 1234 and count.number_format == "#,##0"
    assert days.value == pytest.approx(456.75) and days.number_format == "#,##0.0"
    assert percent.data_type == "n"
    assert percent.value == pytest.approx(0.068) and percent.number_format == "0.0 %"
    assert change.value == pytest.approx(0.4)
    assert change.number_format == '+0.0" pp";-0.0" pp";0.0" pp"'
    assert ws.cell(6, 5).value == pytest.approx(-1.2)
    assert isinstance(date.value, dt.datetime) and date.value.date() == dt.date(2025, 12, 31)
    assert date.number_format == "dd.mm.yyyy"
    rounds = book["Sykefravær (2)"]
    assert rounds["C3"].value == pytest.approx(1.0)
    assert rounds["B3"].number_format == "dd.mm.yyyy"


def test_hidden_cells_are_text_and_none_is_empty(book):
    ws = book["Sykefravær"]
    for col in range(2, 6):
        cell = ws.cell(5, col)
        assert cell.data_type == "s" and cell.value == HIDDEN_FEW
        assert cell.font.i
    assert ws.cell(5, 6).value is None
    other = ws.cell(6, 4)
    assert other.data_type == "s" and other.value == HIDDEN_OTHER


def test_injection_strings_stay_text(book):
    ws = book["Avvik per enhet-kategori hele å"]
    values = [ws.cell(row, 1) for row in range(3, 3 + len(INJECTIONS))]
    for cell, text in zip(values, INJECTIONS, strict=True):
        assert cell.data_type == "s"
        assert _excel_text(cell.value) == text
    free = _find(book["Tekst"], FREE_TEXT)
    assert free.data_type == "s"
    assert not [c for ws in book for c in _cells(ws) if c.data_type == "f"]


def test_text_sheet_has_sections_paragraphs_and_free_text(book):
    ws = book["Tekst"]
    assert _find(ws, "Sykefravær").font.b
    assert _find(ws, "Sykefraværet var 6,8 % i 2025.")
    assert "Avvik og vernerunder" not in {c.value for c in _cells(ws)}  # nothing but tables


def test_cover_lists_facts_sources_sheets_and_method(book, report):
    ws = book["Forside"]
    texts = [str(c.value) for c in _cells(ws)]
    joined = "\n".join(texts)
    assert ws["A1"].value == "AMU-årsrapport 2025"
    for source in report.sources:
        assert source.file_name in texts
    assert "Tall for grupper med færre enn 5 personer vises ikke" in joined
    assert "Testkommune (virksomhet)" in texts
    generated = _find(ws, dt.datetime(2026, 1, 15))
    assert generated.number_format == "dd.mm.yyyy"
    for name in book.sheetnames:
        assert name in texts
    for table in report.tables:
        assert table.title in texts
    assert report.method[0] in texts


def test_document_properties(book):
    props = book.properties
    assert props.title == "AMU-årsrapport 2025"
    assert props.subject == "Årsrapport"
    assert props.creator == "HMS-dashboard"
    assert props.created == dt.datetime(2026, 1, 15)


def test_same_report_gives_same_bytes(report):
    assert annual_xlsx(report) == annual_xlsx(report)


def test_report_without_text_or_sources(report):
    bare = AnnualReport(
        kind=report.kind,
        title=report.title,
        organisation=report.organisation,
        year=report.year,
        scope_id=report.scope_id,
        scope="Skole Vest",
        scope_level="enhet",
        generated=report.generated,
        threshold=3,
        sections=(Section(key="x", title="Tall", tables=report.sections[1].tables),),
    )
    wb = openpyxl.load_workbook(io.BytesIO(annual_xlsx(bare)))
    assert wb.sheetnames == ["Forside", "Avvik per enhet-kategori hele å", "Sykefravær"]
    joined = "\n".join(str(c.value) for c in _cells(wb["Forside"]))
    assert "færre enn 3 personer" in joined

"""The annual reports on the sample organisation: every figure is the metric layer's, hidden
cells stay hidden in every format, injected text stays text, and the CLI writes the files."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import openpyxl
import pytest

import cli
from core.formatting import fmt_percent
from core.periods import YEAR, Period
from metrics.annual_report import annual_report
from metrics.deviations import deviation_table
from metrics.report_model import Hidden
from metrics.sick_leave import sick_leave_table
from reports.annual import annual_files
from store import open_database
from store.org import org_tree
from store.report_texts import report_texts, save_report_text
from tests.conftest import ROOT

TODAY = dt.date(2026, 1, 15)
HIDDEN = "skjult (færre enn 5)"
INJECTED = '=HYPERLINK("http://x")'


@pytest.fixture
def demo(demo_db_file, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    db = open_database(path)
    yield db
    db.close()


def unit(db, name: str) -> int:
    tree = org_tree(db)
    return int(tree[tree["name"] == name]["id"].iloc[0])


def table(report, key):
    return next(t for t in report.tables if t.key == key)


def test_figures_are_the_metric_layers(demo, tmp_path):
    top = unit(demo, "Nordvik kommune")
    report = annual_report(demo, "amu", 2025, top, TODAY)
    year = sick_leave_table(demo, Period(YEAR, 2025, 1))
    rows = {r[0]: r for r in table(report, "sykefravaer_aar").rows}
    for u in (year.unit(top), *year.children(top)):
        assert rows[u.unit][1] == u.percent and rows[u.unit][4] == u.change_pp
    devs = deviation_table(demo, Period(YEAR, 2025, 1), dt.date(2025, 12, 31))
    registered = {r[0]: r[1] for r in table(report, "avvik_kategori").rows}
    assert registered["Nordvik kommune"] == devs.unit(top).registered
    assert [s.title for s in report.sections][:2] == ["Utvalgets virksomhet", "Sykefravær"]
    meetings = table(report, "moter").rows
    assert {r[0] for r in meetings} == {"HAMU", "AMU Helse og omsorg", "AMU Oppvekst"}
    assert all(r[1] == 4 for r in meetings)  # four meetings held by each in 2025
    files = {s.file_name for s in report.sources}
    assert {"sykefravaer_2025-h1.csv", "sykefravaer_2025-k3-k4.csv"} <= files
    assert "sykefravaer_2023-2024.xlsx" not in files  # no 2025 rows in it
    assert "sykefravaer_2025-h1.csv" in table(report, "sykefravaer_aar").note

    # The files say the same: Excel holds the number, Word and PDF the page's words for it.
    files = annual_files(report, charts=False)
    sheet = openpyxl.load_workbook(io.BytesIO(files.xlsx))["Sykefravær året"]
    by_unit = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    cell = by_unit["Nordvik kommune"][1]
    assert cell.value == pytest.approx(year.unit(top).percent / 100, abs=1e-12)
    assert cell.number_format == "0.0 %"
    shown = fmt_percent(year.unit(top).percent)
    words = [c.text for t in docx.Document(io.BytesIO(files.docx)).tables
             for r in t.rows for c in r.cells]  # fmt: skip
    assert shown in words
    if shutil.which("pdftotext"):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(files.pdf)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert shown.replace("\u00a0", " ") in text.replace("\u00a0", " ")


def test_a_sector_report_hides_small_units_everywhere(demo, tmp_path):
    scope = unit(demo, "Administrasjon")
    report = annual_report(demo, "amu", 2025, scope, TODAY)
    assert report.file_stem() == "amu-arsrapport-2025-administrasjon"
    rows = {r[0]: r for r in table(report, "sykefravaer_kvartal").rows}
    assert all(c == Hidden(HIDDEN) for c in rows["Lærlingkontoret"][1:])
    assert isinstance(rows["Servicetorget"][1], Hidden)  # the secondary cell
    files = annual_files(report, charts=False)
    sheet = openpyxl.load_workbook(io.BytesIO(files.xlsx))["Sykefravær per kvartal"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert HIDDEN in values
    hidden_numbers = [
        c for row in sheet.iter_rows() if row[0].value == "Lærlingkontoret" for c in row[1:]
    ]
    assert hidden_numbers and all(c.data_type == "s" for c in hidden_numbers)
    text = "\n".join(
        cell.text for t in docx.Document(io.BytesIO(files.docx)).tables
        for row in t.rows for cell in row.cells
    )  # fmt: skip
    assert HIDDEN in text and "skjult (for å beskytte en annen celle)" in text


def test_free_text_is_saved_per_year_and_scope_and_stays_text(demo):
    top = unit(demo, "Nordvik kommune")
    assert save_report_text(demo, "hms", 2025, top, "tilsyn", INJECTED, "leder")
    assert not save_report_text(demo, "hms", 2025, top, "tilsyn", INJECTED, "leder")
    assert report_texts(demo, "hms", 2024, top) == {}
    report = annual_report(demo, "hms", 2025, top, TODAY)
    assert next(s for s in report.sections if s.key == "tilsyn").free_text == INJECTED
    book = openpyxl.load_workbook(io.BytesIO(annual_files(report, charts=False).xlsx))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value == INJECTED]
    assert cells and all(c.data_type == "s" for c in cells)


def test_cli_writes_the_three_files_and_pdf_pages_for_review(demo, tmp_path, capsys):
    demo.close()
    out = tmp_path / "ut"
    path = tmp_path / "demo.duckdb"
    code = cli.main(["report", "--year", "2025", "--kind", "amu", "--out", str(out),
                     "--scope", "Helse og omsorg", "--no-charts", "--db", str(path)])  # fmt: skip
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"amu-arsrapport-2025-helse-og-omsorg.{s}" for s in ("docx", "pdf", "xlsx")]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = out / "amu-arsrapport-2025-helse-og-omsorg.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "AMU-årsrapport 2025" in text and "Slik har vi regnet" in text and "Side 1 av" in text
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", str(pdf),
                        str(artifacts / "arsrapport")], check=True)  # fmt: skip
    code = cli.main(["report", "--year", "2025", "--kind", "amu", "--out", str(out),
                     "--scope", "Finnes ikke", "--db", str(path)])  # fmt: skip
    assert code == 1 and "Finnes ikke" in capsys.readouterr().err

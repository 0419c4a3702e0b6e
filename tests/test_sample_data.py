"""The committed sample files of Nordvik kommune: reproducible, in their dialects, and telling the
story the README promises (small units, secondary suppression, one worsening and one improving
unit). Reads the real files with plain tools, independently of the project's loaders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from sample_data import generate as g

SAMPLE = Path(g.__file__).resolve().parent
CSV_FILES = (g.FILE_CSV_MONTHS, g.FILE_CSV_QUARTERS, g.FILE_TARGETS)
BOM = b"\xef\xbb\xbf"
MONTHS = {name: i + 1 for i, name in enumerate(g.MONTH_NAMES_NB)}


def num(text: str) -> float:
    """1 234,5 / 1\u00a0234,5 / 6,8 % -> float."""
    return float(text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace(",", "."))


def xlsx_rows(path: Path) -> tuple[list[tuple], tuple]:
    """(data rows, grand-total row) below the header on row 4."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb[g.XLSX_SHEET]
        rows = [r for r in ws.iter_rows(min_row=g.XLSX_HEADER_ROW + 1, values_only=True)]
    finally:
        wb.close()
    return rows[:-1], rows[-1]


def xlsx_sheet(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [r for r in wb[g.XLSX_SHEET].iter_rows(values_only=True)]
    finally:
        wb.close()


def months_csv() -> list[list[str]]:
    text = (SAMPLE / g.FILE_CSV_MONTHS).read_bytes().decode("cp1252")
    return [line.split(";") for line in text.split("\r\n")[1:] if line]


def quarters_csv() -> list[list[str]]:
    text = (SAMPLE / g.FILE_CSV_QUARTERS).read_bytes().decode("utf-8-sig")
    return [line.split(";") for line in text.split("\n")[3:] if line]


@pytest.fixture(scope="module")
def xlsx():
    return xlsx_rows(SAMPLE / g.FILE_XLSX)


@pytest.fixture(scope="module")
def unit_months(xlsx) -> list[tuple[int, str, str, int, float, float]]:
    """(year, sektor, enhet, persons, avtalte, tapte) per unit and period from all three files."""
    out = []
    for r in xlsx[0]:
        out.append((r[0].year, r[2], r[3], r[4], r[5], r[8]))
    for f in months_csv():
        if f[0] == g.CSV_TOTAL_LABEL or f[1].startswith(g.CSV_SUBTOTAL_PREFIX):
            continue
        year = int(f[0].split()[1])
        out.append((year, f[1], f[2], int(f[3]), num(f[4]), num(f[5]) + num(f[6])))
    for f in quarters_csv():
        out.append((int(f[0].split()[-1]), f[1], f[2], int(f[3]), num(f[4]), num(f[7])))
    return out


def test_regenerating_gives_identical_files(tmp_path):
    paths = g.generate(tmp_path)
    assert {p.name for p in paths} == {g.FILE_XLSX, *CSV_FILES}
    for name in CSV_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    assert xlsx_sheet(tmp_path / g.FILE_XLSX) == xlsx_sheet(SAMPLE / g.FILE_XLSX)


def test_months_csv_is_windows_1252_with_crlf():
    data = (SAMPLE / g.FILE_CSV_MONTHS).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert text.startswith(";".join(g.CSV_MONTHS_HEADER) + "\r\n")
    assert "Måned" in text and "Ø" in text
    assert text.count("\n") == text.count("\r\n")
    assert "januar 2025;Sum Oppvekst;;;" in text
    assert text.rstrip("\r\n").splitlines()[-1].startswith("Totalt;")


def test_months_csv_totals_add_up():
    rows = months_csv()
    data = [f for f in rows if f[2]]
    total = next(f for f in rows if f[0] == g.CSV_TOTAL_LABEL)
    for col in (4, 5, 6):
        assert num(total[col]) == pytest.approx(sum(num(f[col]) for f in data), abs=1e-6)
    sub = next(f for f in rows if f[0] == "mars 2025" and f[1] == "Sum Helse og omsorg")
    block = [f for f in data if f[0] == "mars 2025" and f[1] == "Helse og omsorg"]
    assert num(sub[4]) == pytest.approx(sum(num(f[4]) for f in block), abs=1e-6)


def test_quarters_csv_is_utf8_with_bom_and_grouped_numbers():
    data = (SAMPLE / g.FILE_CSV_QUARTERS).read_bytes()
    assert data.startswith(BOM)
    assert b"\r\n" not in data
    lines = data.decode("utf-8-sig").split("\n")
    assert lines[:3] == [*g.CSV_QUARTERS_TITLES, ";".join(g.CSV_QUARTERS_HEADER)]
    body = "\n".join(lines[3:])
    assert "\u00a0" in body  # no-break space as thousands separator on some rows
    assert any(" " in f[4] for f in quarters_csv())  # a normal space on others
    assert {f[0] for f in quarters_csv()} == {"3. kvartal 2025", "4. kvartal 2025"}
    assert all(f[8].endswith(" %") for f in quarters_csv())


def test_xlsx_layout(xlsx):
    sheet = xlsx_sheet(SAMPLE / g.FILE_XLSX)
    assert sheet[0][0] == g.XLSX_TITLE and sheet[1][0] == g.XLSX_SELECTION
    assert all(v is None for v in sheet[2])
    assert sheet[3] == g.XLSX_HEADER
    rows, total = xlsx
    assert all(isinstance(r[0], dt.datetime) and r[0].day == 1 for r in rows)
    assert total[0] == g.XLSX_TOTAL_LABEL
    for col in (5, 6, 7, 8):
        assert total[col] == pytest.approx(sum(r[col] for r in rows), abs=1e-6)


def test_xlsx_figures_are_consistent(xlsx):
    rows, _ = xlsx
    seen = set()
    for r in rows:
        _, virksomhet, _, enhet, persons, avtalte, egen, lege, tapte, pct = r
        assert virksomhet == g.VIRKSOMHET
        assert 0 <= tapte <= avtalte
        assert egen + lege == pytest.approx(tapte, abs=1e-9)
        assert pct == pytest.approx(round(tapte / avtalte * 100, 1), abs=0.051)
        key = (r[0], enhet)
        assert key not in seen
        seen.add(key)
    assert len({r[0] for r in rows}) == 24
    assert any(r[7] != int(r[7]) for r in rows)  # part-time and graded sick leave


def test_files_cover_2023_to_2025_without_overlap(xlsx):
    months = {(r[0].year, r[0].month) for r in xlsx[0]}
    for f in months_csv():
        if f[0] != g.CSV_TOTAL_LABEL:
            name, year = f[0].split()
            months.add((int(year), MONTHS[name]))
    assert months == {(y, m) for y in (2023, 2024) for m in range(1, 13)} | {
        (2025, m) for m in range(1, 7)
    }
    # The quarterly file adds 2025-07..2025-12.
    assert {int(f[0][0]) for f in quarters_csv()} == {3, 4}


def test_same_names_in_all_files(xlsx):
    expected = {(u.sektor, u.enhet) for u in g.UNITS}
    assert {(r[2], r[3]) for r in xlsx[0]} == expected
    assert {(f[1], f[2]) for f in months_csv() if f[2]} == expected
    assert {(f[1], f[2]) for f in quarters_csv()} == expected


def test_small_units_and_secondary_suppression_showcase(unit_months):
    small = set(g.SMALL_UNITS)
    for _, _, enhet, persons, _, _ in unit_months:
        if enhet in small:
            assert persons < 5, enhet
        else:
            assert persons >= 6, enhet
    per_sector = defaultdict(set)
    for u in g.UNITS:
        if u.enhet in small:
            per_sector[u.sektor].add(u.enhet)
    sectors_with_one = [s for s, units in per_sector.items() if len(units) == 1]
    assert sectors_with_one == [g.SECONDARY_SUPPRESSION_SECTOR]
    # The sibling the rule hides is clearly the smallest ordinary unit of that sector.
    sizes = defaultdict(list)
    for _, sektor, enhet, persons, _, _ in unit_months:
        if sektor == g.SECONDARY_SUPPRESSION_SECTOR and enhet not in small:
            sizes[enhet].append(persons)
    sibling = max(sizes.pop(g.SECONDARY_SUPPRESSION_SIBLING))
    assert sibling < min(min(v) for v in sizes.values())


def test_worsening_and_improving_units(unit_months):
    sums = defaultdict(lambda: [0.0, 0.0])
    for year, _, enhet, _, avtalte, tapte in unit_months:
        sums[(enhet, year)][0] += avtalte
        sums[(enhet, year)][1] += tapte

    def pct(enhet: str, year: int) -> float:
        avtalte, tapte = sums[(enhet, year)]
        return tapte / avtalte * 100

    worse = [pct(g.WORSENING_UNIT, y) for y in (2023, 2024, 2025)]
    better = [pct(g.IMPROVING_UNIT, y) for y in (2023, 2024, 2025)]
    assert worse[0] < worse[1] < worse[2] and worse[2] - worse[0] > 4
    assert better[0] > better[1] > better[2] and better[0] - better[2] > 3


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("rows", [1000, 1600])
def test_large_export_has_exact_row_count(tmp_path, fmt, rows):
    path = tmp_path / f"stor.{fmt}"
    g.write_large_export(path, rows, fmt)
    if fmt == "xlsx":
        sheet = xlsx_sheet(path)
        assert sheet[3] == g.XLSX_HEADER
        data = [(r[0], r[3]) for r in sheet[4:]]
    else:
        lines = path.read_bytes().decode("cp1252").split("\r\n")
        assert lines[0] == ";".join(g.CSV_MONTHS_HEADER) and lines[-1] == ""
        data = [tuple(line.split(";")[0:3:2]) for line in lines[1:-1]]
    assert len(data) == rows
    assert len(set(data)) == rows  # every (period, enhet) once

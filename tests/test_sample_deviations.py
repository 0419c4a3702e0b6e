"""The committed deviation (avvik) and safety-round (vernerunde) sample files of Nordvik kommune:
reproducible, in their dialects, and telling the story the README promises (an overdue unit,
injuries in small units, units without a round in 2025, open high-risk findings). Reads the
files with plain tools; the project's loaders are tried at the end when they exist."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from sample_data import deviations as dev
from sample_data import safety_rounds as sr
from sample_data.generate import SMALL_UNITS, UNITS, generate_hms

SAMPLE = Path(dev.__file__).resolve().parent
CSV_FILES = (dev.FILE_CSV, sr.FILE_CSV)
XLSX_FILES = (dev.FILE_XLSX, sr.FILE_XLSX)
REFERENCE = dt.date(2025, 12, 31)
SPELLINGS = (
    "Personskade", "HMS - personskade", "Nestenulykke", "Farlig forhold", "Vold og trusler",
    "Vold/trusler", "Trussel om vold", "Miljø", "Materiell skade", "Psykososialt arbeidsmiljø",
    "Brann", "Forbedringsforslag", "Annet",
)  # fmt: skip


def sheet(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [r for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def csv_rows(name: str, encoding: str) -> list[dict[str, str]]:
    text = (SAMPLE / name).read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def day(value: str) -> dt.date | None:
    """dd.mm.yyyy, dd.mm.yyyy hh:mm or yyyy-mm-dd; None when blank."""
    if not value:
        return None
    if "-" in value:
        return dt.date.fromisoformat(value)
    return dt.datetime.strptime(value[:10], "%d.%m.%Y").date()


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    rows = sheet(SAMPLE / dev.FILE_XLSX)
    assert rows[dev.XLSX_HEADER_ROW - 1] == dev.XLSX_HEADER
    out = []
    for r in rows[dev.XLSX_HEADER_ROW :]:
        row = dict(zip(dev.XLSX_HEADER, r, strict=True))
        for k in ("Registrert", "Frist", "Lukket"):
            row[k] = row[k].date() if row[k] is not None else None
        out.append(row)
    return out


@pytest.fixture(scope="module")
def export() -> list[dict[str, str]]:
    return csv_rows(dev.FILE_CSV, "cp1252")


@pytest.fixture(scope="module")
def rounds() -> list[dict]:
    """Rows of both safety-round files under the xlsx header names, dates as dates."""
    rows = sheet(SAMPLE / sr.FILE_XLSX)
    assert rows[sr.XLSX_HEADER_ROW - 1] == sr.XLSX_HEADER
    out = []
    for r in rows[sr.XLSX_HEADER_ROW :]:
        row = dict(zip(sr.XLSX_HEADER, r, strict=True))
        for k in ("Dato", "Frist", "Lukket dato"):
            row[k] = row[k].date() if row[k] is not None else None
        out.append(row | {"fil": "xlsx"})
    for r in csv_rows(sr.FILE_CSV, "utf-8-sig"):
        row = dict(zip(sr.XLSX_HEADER, r.values(), strict=True))
        for k in ("Dato", "Frist", "Lukket dato"):
            row[k] = day(row[k])
        for k in ("Sannsynlighet", "Konsekvens", "Risiko"):
            row[k] = int(row[k]) if row[k] else None
        out.append({k: (None if v == "" else v) for k, v in row.items()} | {"fil": "csv"})
    return out


def test_regenerating_gives_identical_files(tmp_path):
    paths = generate_hms(tmp_path)
    assert {p.name for p in paths} == {*CSV_FILES, *XLSX_FILES}
    for name in CSV_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    for name in XLSX_FILES:
        assert sheet(tmp_path / name) == sheet(SAMPLE / name), name


def test_case_numbers_and_volume(cases, export):
    assert 2300 <= len(cases) <= 2700
    numbers = [c["Saksnr"] for c in cases]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"AV-(\d{4})-\d{4}", n) for n in numbers)
    assert numbers == sorted(numbers, key=lambda n: (n[3:7], n))  # increasing within a year
    assert {c["Registrert"].year for c in cases} == {2023, 2024, 2025}
    ids = [r["ID"] for r in export]
    assert len(set(ids)) == len(ids)
    # The csv repeats every 2025 case of the xlsx under the same saksnummer.
    assert set(ids) == {n for n in numbers if n.startswith("AV-2025-")}
    # Bigger units report more; winter more than July.
    per_unit = Counter(c["Enhet"] for c in cases)
    assert per_unit.most_common(1)[0][0] == "Vågen sykehjem"
    per_month = Counter(c["Registrert"].month for c in cases)
    assert per_month[1] > 2 * per_month[7]


def test_categories(cases, export):
    kinds = Counter(c["Kategori"] for c in cases)
    assert set(kinds) == set(SPELLINGS)
    assert 0.08 <= kinds["Forbedringsforslag"] / len(cases) <= 0.13
    assert {r["Hendelsestype"] for r in export} <= set(SPELLINGS) - {"Vold/trusler"}

    def top(sektor: str, n: int) -> set[str]:
        return {
            k
            for k, _ in Counter(c["Kategori"] for c in cases if c["Sektor"] == sektor).most_common(
                n
            )
        }

    assert {"Personskade", "Vold og trusler"} <= top("Helse og omsorg", 2)
    assert {"Vold og trusler", "Psykososialt arbeidsmiljø"} <= top("Oppvekst", 3)
    assert top("Teknisk drift", 3) <= {"HMS - personskade", "Nestenulykke", "Farlig forhold"}


def test_dates_and_statuses(cases, export):
    for c in cases:
        assert 14 <= (c["Frist"] - c["Registrert"]).days <= 60, c["Saksnr"]
        assert (c["Status"] == "Lukket") == (c["Lukket"] is not None), c["Saksnr"]
        if c["Lukket"] is not None:
            assert c["Lukket"] >= c["Registrert"], c["Saksnr"]
        assert c["Alvorlighetsgrad"] in (1, 2, 3, 4, 5) or c["Kategori"] == "Forbedringsforslag"
    closed = sorted((c["Lukket"] - c["Registrert"]).days for c in cases if c["Lukket"])
    assert 10 <= closed[len(closed) // 2] <= 18  # median about two weeks
    late_2025 = [c for c in cases if c["Registrert"] >= dt.date(2025, 11, 1)]
    assert sum(c["Status"] != "Lukket" for c in late_2025) >= len(late_2025) // 4
    for r in export:
        registered, closed_on = day(r["Meldt dato"]), day(r["Avsluttet dato"])
        assert (r["Saksstatus"] == "Lukket") == (closed_on is not None)
        assert closed_on is None or closed_on >= registered
        assert r["Alvorlighet"] in ("Lav", "Middels", "Høy", "")
    assert any(" " in r["Meldt dato"] for r in export)  # some with a time of day


def test_csv_export_is_a_later_state_of_the_same_cases(cases, export):
    by_number = {c["Saksnr"]: c for c in cases}
    newly_closed = 0
    for r in export:
        c = by_number[r["ID"]]
        assert day(r["Meldt dato"]) == c["Registrert"] and r["Avdeling"] == c["Enhet"]
        assert r["Hendelsestype"] == c["Kategori"] and day(r["Tidsfrist"]) == c["Frist"]
        assert r["Alvorlighet"] == dev.severity_word(c["Alvorlighetsgrad"])
        if c["Status"] == "Lukket":
            assert day(r["Avsluttet dato"]) == c["Lukket"]
        elif r["Saksstatus"] == "Lukket":
            newly_closed += 1
    assert newly_closed >= 10


def test_injuries(cases):
    injuries = [c for c in cases if c["Skadetype"]]
    assert {c["Skadetype"] for c in injuries} == {
        "Fraværsskade",
        "Medisinsk behandling",
        "Førstehjelp",
    }
    for c in cases:
        if c["Skadetype"] == "Fraværsskade":
            assert 1 <= c["Fraværsdager"] <= 30
        else:
            assert c["Fraværsdager"] is None
    per_small = Counter(c["Enhet"] for c in injuries if c["Enhet"] in SMALL_UNITS)
    assert 1 in per_small.values()  # a single injury in a small unit: the app must hide it


def test_one_unit_with_many_overdue_cases(cases):
    overdue = Counter(
        c["Enhet"] for c in cases if c["Status"] != "Lukket" and c["Frist"] < REFERENCE
    )
    unit, count = overdue.most_common(1)[0]
    assert unit == dev.OVERDUE_UNIT and count >= 15
    assert overdue.most_common(2)[1][1] < count / 2


def test_deviation_csv_dialect():
    data = (SAMPLE / dev.FILE_CSV).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert text.startswith(";".join(dev.CSV_HEADER) + "\r\n")
    assert text.count("\n") == text.count("\r\n")
    assert '"' in text  # descriptions holding ; or " are quoted


def test_safety_round_files_and_overlap(rounds):
    data = (SAMPLE / sr.FILE_CSV).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ";".join(sr.CSV_HEADER).encode() + b"\r\n")
    assert re.search(rb"\r\n2025-\d\d-\d\d;", data)
    in_csv = {(r["Dato"], r["Enhet"]) for r in rounds if r["fil"] == "csv"}
    in_xlsx = {(r["Dato"], r["Enhet"]) for r in rounds if r["fil"] == "xlsx"}
    assert not in_csv & in_xlsx
    assert all(
        r["Sektor"] == "Helse og omsorg" and r["Dato"].year == 2025
        for r in rounds
        if r["fil"] == "csv"
    )
    assert not any(
        r["Sektor"] == "Helse og omsorg" and r["Dato"].year == 2025
        for r in rounds
        if r["fil"] == "xlsx"
    )


def test_rounds_per_unit_and_year(rounds):
    units = {u.enhet for u in UNITS}
    per_year = {y: Counter() for y in sr.YEARS}
    for key in {(r["Dato"], r["Enhet"]) for r in rounds}:
        per_year[key[0].year][key[1]] += 1
    assert 3 <= len(sr.MISSING[2025]) <= 4
    for year, seen in per_year.items():
        assert set(seen) == units - set(sr.MISSING[year]), year
        assert {u for u, n in seen.items() if n == 2} == set(sr.TWICE[year]), year
    months = Counter(d.month for d, _ in {(r["Dato"], r["Enhet"]) for r in rounds})
    assert months[4] + months[5] + months[9] + months[10] > sum(months.values()) / 2


def test_findings(rounds):
    findings = [r for r in rounds if r["Funn"]]
    empty = [r for r in rounds if not r["Funn"]]
    assert empty and all(r["Deltakere"] for r in empty)
    for r in empty:
        assert all(r[k] is None for k in sr.XLSX_HEADER[4:]), r
    for r in findings:
        assert r["Risiko"] == r["Sannsynlighet"] * r["Konsekvens"], r
        assert r["Ansvarlig"] in ("Enhetsleder", "Verneombud", "Driftsleder", "Eiendom")
        assert (r["Status"] == "Lukket") == (r["Lukket dato"] is not None)
        assert r["Frist"] >= r["Dato"]
    assert {(r["Sannsynlighet"], r["Konsekvens"]) for r in findings} == {
        (s, k) for s in range(1, 6) for k in range(1, 6)
    }
    high = [r for r in findings if r["Risiko"] >= 15]
    assert 0.05 <= len(high) / len(findings) <= 0.2
    open_high_2025 = [r for r in high if r["Dato"].year == 2025 and r["Status"] != "Lukket"]
    assert len(open_high_2025) >= 3
    overdue = [r for r in findings if r["Status"] != "Lukket" and r["Frist"] < REFERENCE]
    assert len(overdue) >= 5
    per_round = Counter((r["Dato"], r["Enhet"]) for r in findings)
    assert max(per_round.values()) <= 6
    assert all("," in r["Deltakere"] for r in rounds)  # roles, e.g. "Enhetsleder, verneombud"


LOADERS = {
    dev.FILE_XLSX: ("data_loaders.deviations", "load_deviations", dev.XLSX_HEADER),
    dev.FILE_CSV: ("data_loaders.deviations", "load_deviations", dev.CSV_HEADER),
    sr.FILE_XLSX: ("data_loaders.safety_rounds", "load_safety_rounds", sr.XLSX_HEADER),
    sr.FILE_CSV: ("data_loaders.safety_rounds", "load_safety_rounds", sr.CSV_HEADER),
}
_batches: dict[str, object] = {}


def load(name: str):
    """The file through the project's loader (skips when the loader does not exist yet)."""
    module, func, _ = LOADERS[name]
    loader = getattr(pytest.importorskip(module), func)
    if name not in _batches:
        from data_loaders.batch import SourceFile

        _batches[name] = loader(SourceFile(name, (SAMPLE / name).read_bytes()))
    return _batches[name]


@pytest.mark.parametrize("name", LOADERS)
def test_files_load_through_the_loaders(name):
    batch = load(name)
    assert len(batch.frame) == batch.rows_read > 0
    assert not batch.dropped_rows


@pytest.mark.parametrize(
    "name",
    [
        dev.FILE_XLSX,
        dev.FILE_CSV,
        sr.FILE_XLSX,
        sr.FILE_CSV,
    ],
)
def test_loaders_recognise_every_column(name):
    assert set(load(name).column_map.values()) == set(LOADERS[name][2])

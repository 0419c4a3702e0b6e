"""Large deviation (avvik) and safety-round (vernerunde) exports for benchmarks, for the same
organisation as the large sick-leave export (`large.py`: «Storvik kommune», 12 sectors x 125
units, or fewer units spread over the same sectors).

- `write_large_deviations`: any number of cases registered 2021-01-01 … 2025-12-31, status as
  on 31.12.2025, in the dialect of the sample avvik files: xlsx (sheet «Avvik», title and
  export line above the header on row 3, date cells, severity 1–5 as numbers) or Windows-1252
  csv (`;`, CRLF, dates `31.01.2025`, severity `Lav`/`Middels`/`Høy`, fields holding `;`
  quoted), both with the header `Saksnr | Registrert | Sektor | Enhet | Kategori | ...`.
  Drawn with numpy in one go and written with xlsxwriter's constant_memory mode.
- `write_large_safety_rounds`: one round per unit and year with 0–6 findings, in the xlsx
  dialect of the sample vernerunder file.

Every value is one the loaders accept, so the files load without errors or warnings.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import xlsxwriter

from sample_data import safety_rounds as sr
from sample_data.deviations import (
    CATEGORY_KEYS,
    CLOSED,
    FIRST_AID,
    IN_PROGRESS,
    LABELS,
    LOST_TIME,
    MEDICAL,
    OPEN,
    PROFILES,
    TEXTS,
    XLSX_HEADER,
    XLSX_SHEET,
    write_table_xlsx,
)
from sample_data.large import LARGE_VIRKSOMHET, large_units

FIRST_DAY = dt.date(2021, 1, 1)
EXPORT = dt.datetime(2025, 12, 31, 15, 42)  # both files show statuses as on this day
YEARS = tuple(range(FIRST_DAY.year, EXPORT.year + 1))
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_STATUS = (OPEN, IN_PROGRESS, CLOSED)
_INJURY = ("", LOST_TIME, MEDICAL, FIRST_AID)
_SEVERITY_WORD = ("", "Lav", "Lav", "Middels", "Høy", "Høy")  # index: grade 0 (none) .. 5

# The category mix of the whole sample organisation (mean of the kinds of unit), and the
# descriptions that fit any unit in any season.
_MIX = np.array([w for _, w, _ in PROFILES.values()], dtype=float).sum(axis=0)
_MIX /= _MIX.sum()
_PLAIN_TEXTS = [[text for tags, text in TEXTS[key] if not tags] for key in CATEGORY_KEYS]
_PERSONSKADE, _VOLD, _FORBEDRING = (CATEGORY_KEYS.index(k) for k in ("personskade", "vold",
                                                                     "forbedring"))  # fmt: skip


def _cases(rows: int, seed: int, units: int | None) -> dict[str, np.ndarray]:
    """Every case as columns of equal length, in registration order.

    Days count from FIRST_DAY; `closed` is -1 for a case not closed at EXPORT; `grade` 0 means
    no severity; `injury` indexes _INJURY; `days` is 0 unless lost time.
    """
    org = large_units(units)
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 0.8, len(org))
    span = (EXPORT.date() - FIRST_DAY).days + 1
    day = np.sort(rng.integers(0, span, rows))
    unit = rng.choice(len(org), rows, p=size / size.sum())
    cat = rng.choice(len(CATEGORY_KEYS), rows, p=_MIX)
    grade = rng.integers(1, 6, rows)
    grade[(cat == _FORBEDRING) & (rng.random(rows) < 0.8)] = 0
    frist = day + rng.integers(14, 61, rows)
    closes = day + rng.integers(3, 61, rows)
    closed = np.where((rng.random(rows) >= 0.03) & (closes < span), closes, -1)
    acknowledged = (span - 1 - day) >= rng.integers(1, 21, rows)
    status = np.where(closed >= 0, 2, np.where(acknowledged, 1, 0))
    u = rng.random(rows)
    injury = np.zeros(rows, dtype=np.int64)
    hurt = (cat == _PERSONSKADE) | ((cat == _VOLD) & (rng.random(rows) < 0.15))
    injury[hurt] = np.select([u[hurt] < 0.22, u[hurt] < 0.55], [1, 2], 3)
    days = np.where(injury == 1, rng.integers(1, 31, rows), 0)
    n_texts = np.array([len(t) for t in _PLAIN_TEXTS])
    text = (rng.random(rows) * n_texts[cat]).astype(np.int64)
    year = (np.datetime64(FIRST_DAY, "D") + day).astype("datetime64[Y]").astype(np.int64) + 1970
    seq = np.arange(rows) - np.searchsorted(year, year, side="left") + 1
    return {"day": day, "unit": unit, "cat": cat, "grade": grade, "frist": frist,
            "closed": closed, "status": status, "injury": injury, "days": days, "text": text,
            "year": year, "seq": seq}  # fmt: skip


def _rows(c: dict[str, np.ndarray], org: list[tuple[str, str]]) -> Iterable[tuple]:
    """(saksnr, registered, sektor, enhet, kategori, grade, status, frist, closed, skadetype,
    fraværsdager, beskrivelse) per case; dates as days from FIRST_DAY, -1 / 0 / '' for none."""
    labels = [LABELS[k] for k in CATEGORY_KEYS]
    for y, s, d, u, k, g, st, f, cl, i, n, t in zip(
        *(c[k].tolist() for k in ("year", "seq", "day", "unit", "cat", "grade", "status",
                                  "frist", "closed", "injury", "days", "text")),
        strict=True,
    ):  # fmt: skip
        sektor, enhet = org[u]
        yield (f"AV-{y}-{s:06d}", d, sektor, enhet, labels[k], g, _STATUS[st], f, cl,
               _INJURY[i], n, _PLAIN_TEXTS[k][t])  # fmt: skip


def write_large_deviations(
    path: Path, rows: int, fmt: str, seed: int = 7, units: int | None = None
) -> None:
    """Write `rows` deviation cases of Storvik kommune (`units`: see large.large_units).

    `fmt` "xlsx" or "csv" (see the module docstring); saksnummer AV-<year>-<nnnnnn> are unique
    and run in registration order. About 3 % of cases are never closed, the rest close 3–60
    days after registration when that is before the export date.
    """
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"ukjent format: {fmt}")
    if rows < 0:
        raise ValueError("rows må være 0 eller mer")
    org = large_units(units)
    cases = _rows(_cases(rows, seed, units), org)
    if fmt == "xlsx":
        _write_xlsx(path, cases)
    else:
        _write_csv(path, cases)


def _write_xlsx(path: Path, cases: Iterable[tuple]) -> None:
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    wb.set_properties({"author": "HMS-rådgiver", "company": LARGE_VIRKSOMHET, "created": EXPORT})
    ws = wb.add_worksheet(XLSX_SHEET)
    date = wb.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
    ws.set_column(0, 0, 15)
    ws.set_column(1, 1, 11, date)
    ws.set_column(2, 4, 26)
    ws.set_column(7, 8, 11, date)
    ws.set_column(11, 11, 60)
    ws.write_string(0, 0, f"Avviksrapport – {LARGE_VIRKSOMHET}", wb.add_format({"bold": True}))
    ws.write_string(
        1, 0, f"Eksportert {EXPORT:%d.%m.%Y %H:%M} – alle enheter, {YEARS[0]}–{YEARS[-1]}"
    )
    ws.write_row(2, 0, XLSX_HEADER)
    first = (FIRST_DAY - _EXCEL_EPOCH).days  # Excel's serial number of FIRST_DAY
    w_str, w_num = ws.write_string, ws.write_number
    for r, (nr, reg, sektor, enhet, kat, g, status, frist, closed, skade, n, text) in enumerate(
        cases, start=3
    ):
        w_str(r, 0, nr)
        w_num(r, 1, first + reg, date)
        w_str(r, 2, sektor)
        w_str(r, 3, enhet)
        w_str(r, 4, kat)
        if g:
            w_num(r, 5, g)
        w_str(r, 6, status)
        w_num(r, 7, first + frist, date)
        if closed >= 0:
            w_num(r, 8, first + closed, date)
        if skade:
            w_str(r, 9, skade)
        if n:
            w_num(r, 10, n)
        w_str(r, 11, text)
    wb.close()


def _write_csv(path: Path, cases: Iterable[tuple]) -> None:
    span = (EXPORT.date() - FIRST_DAY).days + 61  # deadlines reach 60 days past the export
    dates = [f"{FIRST_DAY + dt.timedelta(days=d):%d.%m.%Y}" for d in range(span)]
    with open(path, "w", encoding="cp1252", newline="") as f:
        out = csv.writer(f, delimiter=";", lineterminator="\r\n")
        out.writerow(XLSX_HEADER)
        out.writerows(
            (nr, dates[reg], sektor, enhet, kat, _SEVERITY_WORD[g], status, dates[frist],
             dates[closed] if closed >= 0 else "", skade, n or "", text)
            for nr, reg, sektor, enhet, kat, g, status, frist, closed, skade, n, text in cases
        )  # fmt: skip


def write_large_safety_rounds(
    path: Path, years: Sequence[int] = YEARS, seed: int = 7, units: int | None = None
) -> int:
    """Write one safety round per unit and year (xlsx), statuses as on 31.12.2025.

    Each round has 0–6 findings from the templates that fit any unit; a round without findings
    is one row with empty finding columns. Returns the number of data rows written.
    """
    rng = sr.Rng(seed)
    plain = [t for t in sr.TEMPLATES if not t.kinds]
    participants = sr.PARTICIPANTS[""]
    rows = []
    for year in years:
        for sektor, enhet in large_units(units):
            day = sr._round_date(rng, year, sr.MONTHS)
            head = (day, sektor, enhet, rng.choice(participants))
            pool = list(plain)
            n = rng.pick(sr.FINDINGS_COUNT)
            if n == 0:
                rows.append((*head, *[None] * 9))
            for _ in range(n):
                t = pool.pop(rng.between(0, len(pool) - 1))
                s, k = rng.pick(sr.PROBABILITY), rng.between(*t.k_range)
                f = sr._finding(rng, t, day, s, k, stuck=rng.chance(0.03))
                rows.append(
                    (*head, t.funn, s, k, s * k, t.tiltak, t.ansvarlig, f.frist, f.status,
                     f.closed)
                )  # fmt: skip
    title = f"Vernerunder og funn – {LARGE_VIRKSOMHET} {years[0]}–{years[-1]}"
    widths = (11, 16, 26, 36, 50, 8, 8, 8, 40, 14, 11, 16, 11)
    write_table_xlsx(path, sr.XLSX_SHEET, (title,), sr.XLSX_HEADER, rows, widths, EXPORT)
    return len(rows)

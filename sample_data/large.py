"""Large sick-leave exports for benchmarks: a 1 500-unit organisation, «Storvik kommune», written
in dialect 1 (xlsx) or dialect 2 (Windows-1252 csv) with any number of data rows. `units` picks
a smaller organisation spread evenly over the same 12 sectors (large_hms.py uses the same units
for deviations and safety rounds).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import xlsxwriter

from core.periods import ordinal_to_year_month, weekdays_in_months
from sample_data.dialects import (
    CSV_MONTHS_HEADER,
    XLSX_HEADER,
    XLSX_HEADER_ROW,
    XLSX_SHEET,
    month_display,
    months_csv_line,
)
from sample_data.organisation import LAST_MONTH, nb_key
from sample_data.simulate import EGEN_SEASON, LEGE_SEASON, percent_tenths

LARGE_VIRKSOMHET = "Storvik kommune"
LARGE_PLACES = (
    "Bakkeby", "Bjørnevik", "Dalen", "Eidet", "Fjellheim", "Fossum", "Grønli", "Haugland",
    "Holmen", "Kleiva", "Lia", "Lunde", "Myra", "Nesset", "Rognes", "Sandvik", "Skogly",
    "Stranda", "Sætre", "Tangen", "Tveit", "Vika", "Øvre Moen", "Åsland", "Ødegården",
)  # fmt: skip
LARGE_SECTORS = (
    ("Grunnskole", ("skole", "barneskole", "ungdomsskole", "oppvekstsenter", "SFO")),
    ("Barnehage", ("barnehage", "naturbarnehage", "familiebarnehage", "åpen barnehage",
                   "friluftsbarnehage")),
    ("Sykehjem", ("sykehjem", "korttidsavdeling", "demensavdeling", "rehabilitering",
                  "skjermet enhet")),
    ("Hjemmetjenester", ("hjemmetjeneste", "hjemmesykepleie", "praktisk bistand",
                         "nattpatrulje", "dagsenter")),
    ("Bolig og habilitering", ("bofellesskap", "avlastningsbolig", "omsorgsbolig",
                               "boveiledning", "aktivitetssenter")),
    ("Helse", ("helsestasjon", "legekontor", "fysioterapi", "ergoterapi", "jordmortjeneste")),
    ("Psykisk helse og rus", ("psykisk helseteam", "rusteam", "lavterskeltilbud", "ettervern",
                              "miljøteam")),
    ("Teknisk drift", ("driftsstasjon", "veidrift", "vannverk", "renseanlegg", "parkdrift")),
    ("Eiendom", ("vaktmestertjeneste", "renhold", "byggdrift", "boligforvaltning",
                 "energisentral")),
    ("Kultur og fritid", ("bibliotek", "kulturhus", "fritidsklubb", "idrettshall",
                          "svømmehall")),
    ("Brann og beredskap", ("brannstasjon", "feiervesen", "beredskapslager",
                            "brannforebyggende", "redningstjeneste")),
    ("Administrasjon", ("servicekontor", "økonomikontor", "personalkontor", "IKT-avdeling",
                        "arkiv")),
)  # fmt: skip


def large_units(count: int | None = None) -> list[tuple[str, str]]:
    """(sektor, enhet) of the benchmark organisation: 12 sectors x 125 units, sorted.

    With `count`, that many of them taken at even steps through the sorted list, so a smaller
    organisation still spreads over every sector (from 12 units up).
    """
    units = [
        (sektor, f"{place} {kind}")
        for sektor, kinds in LARGE_SECTORS
        for kind in kinds
        for place in LARGE_PLACES
    ]
    units.sort(key=lambda u: (nb_key(u[0]), nb_key(u[1])))
    if count is None or count == len(units):
        return units
    if not 1 <= count <= len(units):
        raise ValueError(f"units må være mellom 1 og {len(units)}")
    return [units[i * len(units) // count] for i in range(count)]


def _unit_sizes(draw: np.ndarray, mean_persons: float | None) -> np.ndarray:
    """Persons per unit from the lognormal draw, clipped to 2…150; with `mean_persons`, the draw
    is first scaled (bisection on one factor) so that the clipped sizes have about that mean."""
    if mean_persons is None:
        return np.clip(np.round(draw), 2, 150).astype(np.int64)
    if not 2 <= mean_persons <= 150:
        raise ValueError("mean_persons må være mellom 2 og 150")
    lo, hi = 0.0, 1_000.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.clip(np.round(draw * mid), 2, 150).mean() < mean_persons:
            lo = mid
        else:
            hi = mid
    return np.clip(np.round(draw * hi), 2, 150).astype(np.int64)


def write_large_export(
    path: Path,
    rows: int,
    fmt: str,
    seed: int = 7,
    units: int | None = None,
    mean_persons: float | None = None,
) -> None:
    """Write a realistic sick-leave export with exactly `rows` data rows, for benchmarks.

    `fmt` "xlsx" gives dialect 1 (title rows, header on row 4, periode as `2025-03` text, no
    totals row); "csv" gives the Windows-1252 `;` dialect 2 without subtotal rows. The
    organisation has 1 500 units under 12 sectors (`units`: fewer, see large_units); months go
    back from 2025-12 as far as `rows` needs, every (enhet, month) pair once (only the earliest
    month may be partial): 200 units and 12 000 rows are 60 whole months, 2021-01 … 2025-12.
    Written month by month, so memory stays flat however large `rows` is. Unit sizes are drawn
    lognormal (median 16, about 21 persons on average, 2…150); `mean_persons` scales them to that
    average instead (the same shape, so a few units still have fewer than 5 persons).
    """
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"ukjent format: {fmt}")
    if rows < 0:
        raise ValueError("rows må være 0 eller mer")
    org = large_units(units)
    n = len(org)
    rng = np.random.default_rng(seed)
    base_persons = _unit_sizes(rng.lognormal(np.log(16), 0.8, n), mean_persons)
    share = rng.uniform(0.75, 1.0, n)
    lege_base = rng.uniform(0.03, 0.09, n)
    egen_base = rng.uniform(0.008, 0.016, n)
    n_months = max(1, math.ceil(rows / n))
    first = LAST_MONTH - n_months + 1
    first_take = rows - (n_months - 1) * n

    sink = _XlsxSink(path) if fmt == "xlsx" else _CsvSink(path)
    try:
        for k, ordinal in enumerate(range(first, LAST_MONTH + 1)):
            take = first_take if k == 0 else n
            weekdays = weekdays_in_months(ordinal, ordinal)
            month = ordinal % 12
            persons = np.maximum(1, base_persons + rng.integers(-1, 2, n))
            avtalte = np.round(persons * weekdays * share * 10).astype(np.int64)
            lege_rate = lege_base * LEGE_SEASON[month] * rng.lognormal(0.0, 0.35, n)
            egen_rate = egen_base * EGEN_SEASON[month] * rng.lognormal(0.0, 0.3, n)
            lege = np.round(avtalte * np.minimum(lege_rate, 0.6)).astype(np.int64)
            egen = np.round(avtalte * np.minimum(egen_rate, 0.1)).astype(np.int64)
            pct = percent_tenths(egen + lege, avtalte)
            sink.write_month(
                ordinal,
                zip(
                    org[:take],
                    persons[:take].tolist(),
                    avtalte[:take].tolist(),
                    egen[:take].tolist(),
                    lege[:take].tolist(),
                    pct[:take].tolist(),
                    strict=True,
                ),
            )
    finally:
        sink.close()


# One data row: ((sektor, enhet), persons, avtalte_t, egen_t, lege_t, pct_t).
_Row = tuple[tuple[str, str], int, int, int, int, int]


class _XlsxSink:
    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self.ws = self.wb.add_worksheet(XLSX_SHEET)
        self.ws.write_string(0, 0, f"Sykefraværsstatistikk – {LARGE_VIRKSOMHET}")
        self.ws.write_string(1, 0, "Utvalg: alle enheter, egen- og legemeldt")
        self.ws.write_row(XLSX_HEADER_ROW - 1, 0, XLSX_HEADER)
        self.row = XLSX_HEADER_ROW

    def write_month(self, ordinal: int, rows: Iterable[_Row]) -> None:
        year, month = ordinal_to_year_month(ordinal)
        label = f"{year}-{month:02d}"
        write_row, r = self.ws.write_row, self.row
        for (sektor, enhet), p, a, e, g, c in rows:
            write_row(
                r,
                0,
                (
                    label,
                    LARGE_VIRKSOMHET,
                    sektor,
                    enhet,
                    p,
                    a / 10,
                    e / 10,
                    g / 10,
                    (e + g) / 10,
                    c / 10,
                ),
            )
            r += 1
        self.row = r

    def close(self) -> None:
        self.wb.close()


class _CsvSink:
    def __init__(self, path: Path) -> None:
        self.f = open(path, "w", encoding="cp1252", newline="")  # noqa: SIM115
        self.f.write(";".join(CSV_MONTHS_HEADER) + "\r\n")

    def write_month(self, ordinal: int, rows: Iterable[_Row]) -> None:
        label = month_display(ordinal)
        self.f.write(
            "".join(
                months_csv_line(label, sektor, enhet, p, a, e, g, c) + "\r\n"
                for (sektor, enhet), p, a, e, g, c in rows
            )
        )

    def close(self) -> None:
        self.f.close()

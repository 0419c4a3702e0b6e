"""Generator of the sample sick-leave exports for the fictional Nordvik kommune.

The dashboard ships with sample data so that it can be tried, demonstrated and tested without
real (and sensitive) HR figures. This module simulates monthly sick leave 2023-01..2025-12 for
about 40 units of Nordvik kommune, person by person (headcount drift, part-time positions,
self-certified and doctor-certified absence, graded sick leave, winter peaks), and writes the
result in three dialects real Norwegian HR systems produce:

- `sykefravaer_2023-2024.xlsx`: monthly, xlsx with title rows and a grand-total row at the bottom;
- `sykefravaer_2025-h1.csv`: monthly, Excel "CSV (semikolondelt)" from a Norwegian PC
  (Windows-1252, `;`, decimal comma, CRLF) with sector subtotals and a final total;
- `sykefravaer_2025-k3-k4.csv`: quarterly, UTF-8 with BOM, LF, thousands separators (space and
  no-break space) and percentages written `6,8 %`.

Together they cover 2023-01..2025-12 without overlap. It also writes `targets.csv` (sick-leave
targets) and offers `write_large_export` for benchmarks.

Run `python -m sample_data.generate` from the repository root to rewrite the committed files.
The seed is fixed and only `random.Random.random()` (whose stream Python guarantees across
versions) drives the simulation, so a rerun gives byte-identical CSVs and identical xlsx cells.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import xlsxwriter

from core.periods import MONTH_NAMES_NB, month_ordinal, ordinal_to_year_month, weekdays_in_months

T = TypeVar("T")

SEED = 1652  # picked among seeds so that the two trend units stand out clearly from the noise
VIRKSOMHET = "Nordvik kommune"
FIRST_MONTH = month_ordinal(2023, 1)
LAST_MONTH = month_ordinal(2025, 12)
BURN_IN_MONTHS = 12  # simulated before 2023-01 so that long sick-leave spells are under way

OUT_DIR = Path(__file__).resolve().parent
FILE_XLSX = "sykefravaer_2023-2024.xlsx"
FILE_CSV_MONTHS = "sykefravaer_2025-h1.csv"
FILE_CSV_QUARTERS = "sykefravaer_2025-k3-k4.csv"
FILE_TARGETS = "targets.csv"

XLSX_SHEET = "Sykefravær"
XLSX_TITLE = "Sykefraværsstatistikk – Nordvik kommune"
XLSX_SELECTION = "Utvalg: 01.2023–12.2024, alle enheter, egen- og legemeldt"
XLSX_HEADER_ROW = 4  # as Excel numbers rows
XLSX_HEADER = (
    "Periode",
    "Virksomhet",
    "Sektor",
    "Enhet",
    "Antall ansatte",
    "Avtalte dagsverk",
    "Egenmeldte dagsverk",
    "Legemeldte dagsverk",
    "Tapte dagsverk",
    "Sykefravær %",
)
XLSX_TOTAL_LABEL = "Sum"

CSV_MONTHS_HEADER = (
    "Måned",
    "Tjenesteområde",
    "Ansvarssted",
    "Antall personer",
    "Mulige dagsverk",
    "Egenmeldt",
    "Legemeldt",
    "Fravær %",
)
CSV_SUBTOTAL_PREFIX = "Sum "
CSV_TOTAL_LABEL = "Totalt"

CSV_QUARTERS_TITLES = ("Sykefravær per kvartal", "Nordvik kommune, 2025")
CSV_QUARTERS_HEADER = (
    "Kvartal",
    "Område",
    "Org.enhet",
    "Ansatte",
    "Avtalte dagsverk",
    "Tapte dagsverk egenmeldt",
    "Tapte dagsverk legemeldt",
    "Tapte dagsverk",
    "Sykefraværsprosent",
)

TARGETS_HEADER = ("år", "enhet_nivå", "enhet", "mål_prosent")
TARGETS = (
    (2023, "virksomhet", VIRKSOMHET, 65),  # percent in tenths
    (2024, "virksomhet", VIRKSOMHET, 65),
    (2025, "virksomhet", VIRKSOMHET, 65),
    (2023, "sektor", "Helse og omsorg", 80),
    (2024, "sektor", "Helse og omsorg", 80),
    (2025, "sektor", "Helse og omsorg", 80),
    (2024, "enhet", "Solbakken sykehjem", 90),
    (2025, "enhet", "Solbakken sykehjem", 90),
    (2025, "enhet", "Nordvik skole", 60),
)

NBSP = "\u00a0"


# --------------------------------------------------------------------------------------------
# The organisation
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitSpec:
    """One enhet: its typical headcount and sick leave (percent of avtalte dagsverk)."""

    sektor: str
    enhet: str
    persons: int
    lege: float  # typical legemeldt percentage (at 2023-01 when lege_end is set)
    egen: float  # typical egenmeldt percentage
    lege_end: float | None = None  # legemeldt percentage at 2025-12: a steady trend
    part_time: float = 0.25  # share of positions below 100 %

    @property
    def small(self) -> bool:
        return self.persons < 5

    @property
    def bounds(self) -> tuple[int, int]:
        """Headcount range the unit drifts within: small units stay < 5, the others >= 6."""
        if self.small:
            return max(2, self.persons - 1), 4
        spread = max(1, round(self.persons * 0.08))
        return max(6, self.persons - spread), self.persons + spread

    def lege_at(self, ordinal: int) -> float:
        if self.lege_end is None:
            return self.lege
        share = min(1.0, max(0.0, (ordinal - FIRST_MONTH) / (LAST_MONTH - FIRST_MONTH)))
        return self.lege + (self.lege_end - self.lege) * share


def _u(sektor: str, rows: Sequence[tuple]) -> list[UnitSpec]:
    return [UnitSpec(sektor, *row) for row in rows]


OPPVEKST, HELSE, TEKNISK, KULTUR, ADMIN = (
    "Oppvekst",
    "Helse og omsorg",
    "Teknisk drift",
    "Kultur og fritid",
    "Administrasjon",
)
WORSENING_UNIT = "Solbakken sykehjem"  # legemeldt 6 % -> 12 % over 2023..2025
IMPROVING_UNIT = "Nordvik skole"  # legemeldt 8 % -> 3 % over 2023..2025
# Small units (< 5 persons). Kultur og fritid has two of them; Administrasjon has exactly one,
# Lærlingkontoret, so the secondary-suppression rule hides its next-smallest sibling,
# Servicetorget (6-8 persons, every other Administrasjon unit has 10 or more).
SMALL_UNITS = ("Nordvik kino", "Frivilligsentralen", "Lærlingkontoret")
SECONDARY_SUPPRESSION_SECTOR = ADMIN
SECONDARY_SUPPRESSION_SIBLING = "Servicetorget"

UNITS: tuple[UnitSpec, ...] = tuple(
    _u(
        OPPVEKST,
        [
            ("Nordvik skole", 52, 8.5, 1.3, 2.8),
            ("Strand skole", 34, 5.2, 1.3),
            ("Bjørkøy oppvekstsenter", 21, 5.8, 1.4),
            ("Nordvik ungdomsskole", 46, 4.9, 1.2),
            ("Haugen barnehage", 22, 7.2, 1.6, None, 0.35),
            ("Sjøgløtt barnehage", 17, 6.8, 1.5, None, 0.35),
            ("Åsen barnehage", 15, 7.5, 1.6, None, 0.35),
            ("Måkeskjær barnehage", 12, 6.4, 1.5, None, 0.35),
            ("Tussebo barnehage", 10, 6.9, 1.7, None, 0.35),
            ("PP-tjenesten", 8, 4.2, 1.0),
            ("Voksenopplæringen", 11, 4.6, 1.1),
        ],
    )
    + _u(
        HELSE,
        [
            ("Vågen sykehjem", 118, 9.0, 1.4, None, 0.6),
            ("Solbakken sykehjem", 46, 5.5, 1.3, 12.5, 0.6),
            ("Hjemmetjenesten sone nord", 64, 8.6, 1.4, None, 0.55),
            ("Hjemmetjenesten sone sør", 57, 8.2, 1.3, None, 0.55),
            ("Bofellesskapet Løvåsen", 29, 9.4, 1.5, None, 0.6),
            ("Bofellesskapet Fjæra", 24, 8.8, 1.4, None, 0.6),
            ("Psykisk helse og rus", 18, 7.4, 1.2, None, 0.3),
            ("Helsestasjonen", 13, 5.5, 1.1, None, 0.35),
            ("Legekontoret", 12, 5.1, 1.0, None, 0.3),
            ("Sentralkjøkkenet", 10, 7.8, 1.3, None, 0.4),
            ("Fysio- og ergoterapi", 9, 5.0, 1.0, None, 0.35),
        ],
    )
    + _u(
        TEKNISK,
        [
            ("Vei og park", 23, 5.4, 1.1, None, 0.1),
            ("Vann og avløp", 15, 4.6, 1.0, None, 0.1),
            ("Eiendom", 19, 5.0, 1.1, None, 0.15),
            ("Renhold", 31, 8.4, 1.5, None, 0.5),
            ("Brann og redning", 27, 4.2, 0.9, None, 0.4),
            ("Plan og byggesak", 9, 3.6, 0.9, None, 0.15),
        ],
    )
    + _u(
        KULTUR,
        [
            ("Biblioteket", 9, 4.4, 1.1, None, 0.4),
            ("Kulturskolen", 16, 3.8, 1.0, None, 0.6),
            ("Kulturhuset Bølgen", 7, 4.6, 1.2, None, 0.4),
            ("Nordvikhallen", 6, 5.2, 1.1, None, 0.3),
            ("Nordvik kino", 3, 4.0, 1.0, None, 0.6),
            ("Frivilligsentralen", 4, 4.5, 1.1, None, 0.4),
        ],
    )
    + _u(
        ADMIN,
        [
            ("Rådmannens stab", 11, 3.4, 0.9, None, 0.1),
            ("Økonomi", 14, 4.1, 1.0, None, 0.15),
            ("Personal og organisasjon", 12, 4.4, 1.1, None, 0.15),
            ("IKT", 10, 3.2, 0.9, None, 0.1),
            ("Servicetorget", 7, 5.6, 1.3, None, 0.3),
            ("Lærlingkontoret", 4, 3.5, 1.2, None, 0.25),
        ],
    )
)


def _normalised(values: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(values) / len(values)
    return tuple(v / mean for v in values)


# Seasonal multipliers by calendar month (Jan..Dec): winter peaks, a low July.
# Spells started in a month last into the next ones, so new legemeldt spells peak a little
# before the absence does. Both tables average 1.0.
LEGE_SEASON = _normalised((1.45, 1.20, 0.95, 0.85, 0.85, 0.75, 0.50, 0.95, 1.05, 1.20, 1.40, 1.45))
EGEN_SEASON = _normalised((1.55, 1.45, 1.10, 0.90, 0.80, 0.75, 0.40, 0.80, 1.00, 1.10, 1.30, 1.45))

# Position shares (stillingsprosent) of part-time positions, with weights.
PART_TIME = ((50, 3.0), (60, 2.0), (65, 1.0), (70, 2.0), (75, 3.0), (80, 3.0), (90, 1.0))

# Doctor-certified spells: (weight, fewest and most weekdays, sick-leave grades in % with weights).
LEGE_SPELLS = (
    (0.55, 3, 12, ((100, 1.0),)),
    (0.33, 13, 40, ((100, 0.7), (50, 0.2), (60, 0.1))),
    (0.12, 41, 130, ((100, 0.5), (50, 0.3), (40, 0.1), (80, 0.1))),
)
MEAN_SPELL_LOAD = sum(  # expected weekdays x grade of one spell, to calibrate the start rate
    w * (lo + hi) / 2 * sum(g * gw for g, gw in grades) / 100 for w, lo, hi, grades in LEGE_SPELLS
)
EGEN_SPELL_DAYS = (1, 3)  # an egenmelding covers 1-3 days
MEAN_WEEKDAYS = 21.7


# --------------------------------------------------------------------------------------------
# Random numbers that stay reproducible across Python versions
# --------------------------------------------------------------------------------------------
class _Rng:
    """Random draws built only on `random.Random.random()`, whose stream Python keeps stable."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def between(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return lo + min(hi - lo, int(self._r.random() * (hi - lo + 1)))

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        x = self._r.random() * sum(w for _, w in weighted)
        for value, w in weighted:
            x -= w
            if x < 0:
                return value
        return weighted[-1][0]

    def poisson(self, lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, self._r.random()
        while p > limit:
            k += 1
            p *= self._r.random()
        return k


# --------------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------------
@dataclass
class _Person:
    share: int  # stillingsprosent, 50..100
    spell_left: int = 0  # weekdays left of a doctor-certified spell
    grade: int = 100  # sick-leave grade of that spell, percent


@dataclass(frozen=True)
class MonthFigures:
    """One unit in one month, dagsverk in tenths (rounded half-up as HR systems round)."""

    ordinal: int
    sektor: str
    enhet: str
    persons: int
    avtalte_t: int
    egen_t: int
    lege_t: int

    @property
    def tapte_t(self) -> int:
        return self.egen_t + self.lege_t


_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def nb_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order (… x y z æ ø å)."""
    return text.lower().translate(_NB_ORDER)


def row_key(row: MonthFigures) -> tuple[int, str, str]:
    return row.ordinal, nb_key(row.sektor), nb_key(row.enhet)


def _tenths(numerator: int, denominator: int) -> int:
    """numerator / denominator in tenths, rounded half-up, in exact integer arithmetic."""
    return (20 * numerator + denominator) // (2 * denominator)


def percent_tenths(tapte_t: int, avtalte_t: int) -> int:
    """tapte / avtalte x 100 in tenths of a percent, rounded half-up."""
    return (2000 * tapte_t + avtalte_t) // (2 * avtalte_t)


def _new_person(rng: _Rng, unit: UnitSpec) -> _Person:
    share = 100 if rng.random() >= unit.part_time else rng.pick(PART_TIME)
    return _Person(share)


def _drift(rng: _Rng, unit: UnitSpec, roster: list[_Person]) -> None:
    """Hiring and leaving: the headcount moves a little around its typical value, in bounds."""
    lo, hi = unit.bounds
    n = len(roster)
    rate = 0.03 if unit.small else 0.015
    target = n + rng.poisson(n * rate) - rng.poisson(n * rate)
    if n != unit.persons and rng.random() < 0.15:  # vacancies get filled, surpluses shrink
        target += 1 if n < unit.persons else -1
    target = min(hi, max(lo, target))
    while len(roster) < target:
        roster.append(_new_person(rng, unit))
    while len(roster) > target:
        roster.pop(rng.between(0, len(roster) - 1))


def _simulate_month(rng: _Rng, unit: UnitSpec, roster: list[_Person], ordinal: int) -> MonthFigures:
    weekdays = weekdays_in_months(ordinal, ordinal)
    month = ordinal % 12
    lege_rate = unit.lege_at(ordinal) / 100 * LEGE_SEASON[month]
    egen_rate = unit.egen / 100 * EGEN_SEASON[month]
    # Chance that a person not already on sick leave starts a spell this month.
    p_start = lege_rate * MEAN_WEEKDAYS / MEAN_SPELL_LOAD / max(0.5, 1 - lege_rate)
    egen_spells = egen_rate * weekdays / (sum(EGEN_SPELL_DAYS) / 2)
    # Exact integers: avtalte and egenmeldt in 1/100 dagsverk (days x percent), legemeldt in
    # 1/10 000 dagsverk (days x percent x grade percent).
    avtalte = egen = lege = 0
    for person in roster:
        avtalte += weekdays * person.share
        available = weekdays
        if person.spell_left == 0 and rng.random() < p_start:
            _, lo, hi, grades = rng.pick([(s, s[0]) for s in LEGE_SPELLS])
            person.spell_left = rng.between(lo, hi)
            person.grade = rng.pick(grades)
            available = weekdays - rng.between(0, weekdays - 1)
        lege_days = min(person.spell_left, available)
        person.spell_left -= lege_days
        lege += lege_days * person.share * person.grade
        egen_days = sum(rng.between(*EGEN_SPELL_DAYS) for _ in range(rng.poisson(egen_spells)))
        egen += min(egen_days, weekdays - lege_days) * person.share
    figures = MonthFigures(
        ordinal,
        unit.sektor,
        unit.enhet,
        len(roster),
        _tenths(avtalte, 100),
        _tenths(egen, 100),
        _tenths(lege, 10_000),
    )
    assert 0 <= figures.tapte_t <= figures.avtalte_t, figures
    return figures


def simulate(seed: int = SEED) -> list[MonthFigures]:
    """Monthly figures per unit 2023-01..2025-12, sorted by month, sektor and enhet."""
    rng = _Rng(seed)
    rosters = {u.enhet: [_new_person(rng, u) for _ in range(u.persons)] for u in UNITS}
    rows = []
    for ordinal in range(FIRST_MONTH - BURN_IN_MONTHS, LAST_MONTH + 1):
        for unit in UNITS:
            roster = rosters[unit.enhet]
            if ordinal > FIRST_MONTH - BURN_IN_MONTHS:
                _drift(rng, unit, roster)
            figures = _simulate_month(rng, unit, roster, ordinal)
            if ordinal >= FIRST_MONTH:
                rows.append(figures)
    return sorted(rows, key=row_key)


# --------------------------------------------------------------------------------------------
# Number formats
# --------------------------------------------------------------------------------------------
def general_number(tenths: int) -> str:
    """A value as Excel's General format writes it on a Norwegian PC: 1234,5 or 21."""
    whole, tenth = divmod(tenths, 10)
    return str(whole) if tenth == 0 else f"{whole},{tenth}"


def grouped_number(tenths: int, sep: str) -> str:
    """A value as the format `# ##0,0` writes it: 1 234,5 with `sep` between thousands."""
    whole, tenth = divmod(tenths, 10)
    return f"{whole:,}".replace(",", sep) + f",{tenth}"


def month_display(ordinal: int) -> str:
    year, month = ordinal_to_year_month(ordinal)
    return f"{MONTH_NAMES_NB[month - 1]} {year}"


def _sektors(rows: Iterable[MonthFigures]) -> list[str]:
    return sorted({r.sektor for r in rows}, key=nb_key)


# --------------------------------------------------------------------------------------------
# The three dialects
# --------------------------------------------------------------------------------------------
def write_xlsx(path: Path, rows: Sequence[MonthFigures]) -> None:
    """Dialect 1: monthly xlsx, title rows, header on row 4, a grand-total row at the bottom."""
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    # A fixed creation time keeps the file's bytes identical between runs.
    wb.set_properties(
        {
            "title": XLSX_TITLE,
            "author": "Personal og organisasjon",
            "company": VIRKSOMHET,
            "created": dt.datetime(2025, 1, 6, 8, 0, 0),
        }
    )
    ws = wb.add_worksheet(XLSX_SHEET)
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    month = wb.add_format({"num_format": "mm.yyyy", "align": "left"})
    count = wb.add_format({"num_format": "0"})
    days = wb.add_format({"num_format": "#,##0.0"})
    pct = wb.add_format({"num_format": "0.0"})
    bold = wb.add_format({"bold": True, "top": 1})
    bold_days = wb.add_format({"bold": True, "top": 1, "num_format": "#,##0.0"})
    bold_pct = wb.add_format({"bold": True, "top": 1, "num_format": "0.0"})

    ws.write_string(0, 0, XLSX_TITLE, title)
    ws.write_string(1, 0, XLSX_SELECTION)
    header = XLSX_HEADER_ROW - 1
    ws.write_row(header, 0, XLSX_HEADER, head)
    for i, r in enumerate(rows, start=header + 1):
        year, mon = ordinal_to_year_month(r.ordinal)
        ws.write_datetime(i, 0, dt.datetime(year, mon, 1), month)
        ws.write_string(i, 1, VIRKSOMHET)
        ws.write_string(i, 2, r.sektor)
        ws.write_string(i, 3, r.enhet)
        ws.write_number(i, 4, r.persons, count)
        ws.write_number(i, 5, r.avtalte_t / 10, days)
        ws.write_number(i, 6, r.egen_t / 10, days)
        ws.write_number(i, 7, r.lege_t / 10, days)
        ws.write_number(i, 8, r.tapte_t / 10, days)
        ws.write_number(i, 9, percent_tenths(r.tapte_t, r.avtalte_t) / 10, pct)
    total = header + 1 + len(rows)
    sums = [sum(getattr(r, f) for r in rows) for f in ("avtalte_t", "egen_t", "lege_t", "tapte_t")]
    ws.write_string(total, 0, XLSX_TOTAL_LABEL, bold)
    for col in range(1, 5):
        ws.write_blank(total, col, None, bold)
    for col, value in enumerate(sums, start=5):
        ws.write_number(total, col, value / 10, bold_days)
    ws.write_number(total, 9, percent_tenths(sums[3], sums[0]) / 10, bold_pct)

    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 17)
    ws.set_column(2, 2, 18)
    ws.set_column(3, 3, 28)
    ws.set_column(4, 9, 13)
    ws.set_row(header, 32)
    ws.freeze_panes(header + 1, 0)
    ws.autofilter(header, 0, total - 1, len(XLSX_HEADER) - 1)
    wb.close()


def write_csv_months(path: Path, rows: Sequence[MonthFigures]) -> None:
    """Dialect 2: monthly csv as Excel "CSV (semikolondelt)" saves it on a Norwegian PC.

    Windows-1252, `;`, decimal comma, CRLF; a `Sum <sektor>` row after each sector block of a
    month and a `Totalt` row at the end.
    """

    def sums_line(first: str, second: str, block: Sequence[MonthFigures]) -> str:
        avt, egen, lege = (
            sum(getattr(r, f) for r in block) for f in ("avtalte_t", "egen_t", "lege_t")
        )
        pct = percent_tenths(egen + lege, avt)
        nums = ";".join(general_number(v) for v in (avt, egen, lege, pct))
        return f"{first};{second};;;{nums}"

    lines = [";".join(CSV_MONTHS_HEADER)]
    for ordinal in sorted({r.ordinal for r in rows}):
        label = month_display(ordinal)
        for sektor in _sektors(rows):
            block = [r for r in rows if r.ordinal == ordinal and r.sektor == sektor]
            for r in block:
                nums = (r.avtalte_t, r.egen_t, r.lege_t, percent_tenths(r.tapte_t, r.avtalte_t))
                lines.append(
                    f"{label};{r.sektor};{r.enhet};{r.persons};"
                    + ";".join(general_number(v) for v in nums)
                )
            lines.append(sums_line(label, CSV_SUBTOTAL_PREFIX + sektor, block))
    lines.append(sums_line(CSV_TOTAL_LABEL, "", rows))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


@dataclass(frozen=True)
class QuarterFigures:
    year: int
    quarter: int
    sektor: str
    enhet: str
    persons: int  # the largest monthly headcount of the quarter
    avtalte_t: int
    egen_t: int
    lege_t: int

    @property
    def tapte_t(self) -> int:
        return self.egen_t + self.lege_t


def to_quarters(rows: Sequence[MonthFigures]) -> list[QuarterFigures]:
    """Sum whole quarters of monthly figures (persons: the quarter's largest headcount)."""
    groups: dict[tuple[int, int, str, str], list[MonthFigures]] = {}
    for r in rows:
        year, month = ordinal_to_year_month(r.ordinal)
        groups.setdefault((year, (month - 1) // 3 + 1, r.sektor, r.enhet), []).append(r)
    out = []
    for (year, quarter, sektor, enhet), block in groups.items():
        assert len(block) == 3, (year, quarter, enhet)
        out.append(
            QuarterFigures(
                year,
                quarter,
                sektor,
                enhet,
                max(r.persons for r in block),
                sum(r.avtalte_t for r in block),
                sum(r.egen_t for r in block),
                sum(r.lege_t for r in block),
            )
        )
    return sorted(out, key=lambda q: (q.year, q.quarter, nb_key(q.sektor), nb_key(q.enhet)))


def write_csv_quarters(path: Path, quarters: Sequence[QuarterFigures]) -> None:
    """Dialect 3: quarterly csv, UTF-8 with BOM, LF, thousands separators, `6,8 %`.

    Rows alternate between a normal space and a no-break space as thousands separator, as files
    pass through different tools. No totals row.
    """
    lines = [*CSV_QUARTERS_TITLES, ";".join(CSV_QUARTERS_HEADER)]
    for i, q in enumerate(quarters):
        sep = " " if i % 2 == 0 else NBSP
        nums = (q.avtalte_t, q.egen_t, q.lege_t, q.tapte_t)
        pct = grouped_number(percent_tenths(q.tapte_t, q.avtalte_t), sep)
        lines.append(
            f"{q.quarter}. kvartal {q.year};{q.sektor};{q.enhet};{q.persons};"
            + ";".join(grouped_number(v, sep) for v in nums)
            + f";{pct} %"
        )
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))


def write_targets(path: Path) -> None:
    """Sick-leave targets: UTF-8, `;`, decimal comma."""
    lines = [";".join(TARGETS_HEADER)]
    lines += [f"{y};{level};{name};{grouped_number(t, '')}" for y, level, name, t in TARGETS]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def generate(out_dir: Path = OUT_DIR, seed: int = SEED) -> list[Path]:
    """Simulate Nordvik kommune and write the committed sample files into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = simulate(seed)
    y2025 = month_ordinal(2025, 1)
    paths = [out_dir / f for f in (FILE_XLSX, FILE_CSV_MONTHS, FILE_CSV_QUARTERS, FILE_TARGETS)]
    write_xlsx(paths[0], [r for r in rows if r.ordinal < y2025])
    write_csv_months(paths[1], [r for r in rows if y2025 <= r.ordinal <= y2025 + 5])
    write_csv_quarters(paths[2], to_quarters([r for r in rows if r.ordinal >= y2025 + 6]))
    write_targets(paths[3])
    return paths


# --------------------------------------------------------------------------------------------
# Large exports for benchmarks
# --------------------------------------------------------------------------------------------
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


def large_units() -> list[tuple[str, str]]:
    """(sektor, enhet) of the benchmark organisation: 12 sectors x 125 units, sorted."""
    units = [
        (sektor, f"{place} {kind}")
        for sektor, kinds in LARGE_SECTORS
        for kind in kinds
        for place in LARGE_PLACES
    ]
    return sorted(units, key=lambda u: (nb_key(u[0]), nb_key(u[1])))


def write_large_export(path: Path, rows: int, fmt: str, seed: int = 7) -> None:
    """Write a realistic sick-leave export with exactly `rows` data rows, for benchmarks.

    `fmt` "xlsx" gives dialect 1 (title rows, header on row 4, periode as `2025-03` text, no
    totals row); "csv" gives the Windows-1252 `;` dialect 2 without subtotal rows. The
    organisation has 1 500 units under 12 sectors; months go back from 2025-12 as far as
    `rows` needs, every (enhet, month) pair once (only the earliest month may be partial).
    Written month by month, so memory stays flat however large `rows` is.
    """
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"ukjent format: {fmt}")
    if rows < 0:
        raise ValueError("rows må være 0 eller mer")
    units = large_units()
    n = len(units)
    rng = np.random.default_rng(seed)
    base_persons = np.clip(np.round(rng.lognormal(np.log(16), 0.8, n)), 2, 150).astype(np.int64)
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
            tapte = egen + lege
            pct = (2000 * tapte + avtalte) // (2 * avtalte)
            sink.write_month(
                ordinal,
                units[:take],
                persons[:take].tolist(),
                avtalte[:take].tolist(),
                egen[:take].tolist(),
                lege[:take].tolist(),
                pct[:take].tolist(),
            )
    finally:
        sink.close()


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

    def write_month(
        self,
        ordinal: int,
        units: list[tuple[str, str]],
        persons: list[int],
        avtalte: list[int],
        egen: list[int],
        lege: list[int],
        pct: list[int],
    ) -> None:
        year, month = ordinal_to_year_month(ordinal)
        label = f"{year}-{month:02d}"
        write_row, r = self.ws.write_row, self.row
        for (sektor, enhet), p, a, e, g, c in zip(
            units, persons, avtalte, egen, lege, pct, strict=True
        ):
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

    def write_month(
        self,
        ordinal: int,
        units: list[tuple[str, str]],
        persons: list[int],
        avtalte: list[int],
        egen: list[int],
        lege: list[int],
        pct: list[int],
    ) -> None:
        label = month_display(ordinal)
        g = general_number
        self.f.write(
            "".join(
                f"{label};{sektor};{enhet};{p};{g(a)};{g(e)};{g(lg)};{g(c)}\r\n"
                for (sektor, enhet), p, a, e, lg, c in zip(
                    units, persons, avtalte, egen, lege, pct, strict=True
                )
            )
        )

    def close(self) -> None:
        self.f.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Skriv eksempeldata for Nordvik kommune (eller en stor eksport for ytelsestester).",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="mappe filene skrives til")
    parser.add_argument("--large", type=Path, help="skriv en stor eksport hit (.xlsx eller .csv)")
    parser.add_argument("--rows", type=int, default=200_000, help="antall datarader i --large")
    args = parser.parse_args(argv)
    if args.large is not None:
        write_large_export(args.large, args.rows, args.large.suffix.lstrip(".").lower())
        print(f"skrev {args.large} ({args.rows} rader)")
        return
    for path in generate(args.out):
        print(f"skrev {path}")


if __name__ == "__main__":
    main()

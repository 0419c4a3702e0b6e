"""Writers of the sample files in the three dialects real Norwegian HR systems produce, plus
the targets file.

- `sykefravaer_2023-2024.xlsx`: monthly, xlsx with title rows and a grand-total row at the bottom;
- `sykefravaer_2025-h1.csv`: monthly, Excel "CSV (semikolondelt)" from a Norwegian PC
  (Windows-1252, `;`, decimal comma, CRLF) with sector subtotals and a final total;
- `sykefravaer_2025-k3-k4.csv`: quarterly, UTF-8 with BOM, LF, thousands separators (space and
  no-break space) and percentages written `6,8 %`;
- `targets.csv`: sick-leave targets, UTF-8, `;`, decimal comma.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from core.periods import MONTH_NAMES_NB, ordinal_to_year_month
from sample_data.organisation import TARGETS, VIRKSOMHET, nb_key
from sample_data.simulate import MonthFigures, percent_tenths

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

NBSP = "\u00a0"


# --------------------------------------------------------------------------------------------
# Number formats and shared pieces
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


def months_csv_line(
    period: str,
    sektor: str,
    enhet: str,
    persons: int | str,
    avtalte_t: int,
    egen_t: int,
    lege_t: int,
    pct_t: int,
) -> str:
    """One line (without line end) of the monthly `;` csv, dialect 2."""
    g = general_number
    return f"{period};{sektor};{enhet};{persons};{g(avtalte_t)};{g(egen_t)};{g(lege_t)};{g(pct_t)}"


def _sums(rows: Iterable[MonthFigures]) -> tuple[int, int, int]:
    """Summed (avtalte_t, egen_t, lege_t) of `rows`."""
    avtalte = egen = lege = 0
    for r in rows:
        avtalte, egen, lege = avtalte + r.avtalte_t, egen + r.egen_t, lege + r.lege_t
    return avtalte, egen, lege


def _sektors(rows: Iterable[MonthFigures]) -> list[str]:
    return sorted({r.sektor for r in rows}, key=nb_key)


# --------------------------------------------------------------------------------------------
# The three dialects and the targets
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
    avtalte, egen, lege = _sums(rows)
    ws.write_string(total, 0, XLSX_TOTAL_LABEL, bold)
    for col in range(1, 5):
        ws.write_blank(total, col, None, bold)
    for col, value in enumerate((avtalte, egen, lege, egen + lege), start=5):
        ws.write_number(total, col, value / 10, bold_days)
    ws.write_number(total, 9, percent_tenths(egen + lege, avtalte) / 10, bold_pct)

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
        avtalte, egen, lege = _sums(block)
        pct = percent_tenths(egen + lege, avtalte)
        return months_csv_line(first, second, "", "", avtalte, egen, lege, pct)

    lines = [";".join(CSV_MONTHS_HEADER)]
    sektors = _sektors(rows)
    for ordinal in sorted({r.ordinal for r in rows}):
        label = month_display(ordinal)
        for sektor in sektors:
            block = [r for r in rows if r.ordinal == ordinal and r.sektor == sektor]
            for r in block:
                pct = percent_tenths(r.tapte_t, r.avtalte_t)
                lines.append(
                    months_csv_line(
                        label, r.sektor, r.enhet, r.persons, r.avtalte_t, r.egen_t, r.lege_t, pct
                    )
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
        persons = max(r.persons for r in block)
        out.append(QuarterFigures(year, quarter, sektor, enhet, persons, *_sums(block)))
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

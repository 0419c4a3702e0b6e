"""The sick-leave loader: one uploaded file to one validated Batch, or a LoadError with every
problem found.

Steps: detect the format from the bytes and read the cells (readers), find the header row
and map its columns (headers), parse periods and numbers column by column (numbers,
core.periods), set totals aside and check them (totals), validate every data row, and build
the canonical frame. Validation is lazy: all problems are collected before raising, each with
a reason code and the file, sheet, Excel row and column header where it was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.formatting import fmt_percent
from core.periods import Period, parse_period
from data_loaders import headers as hdr
from data_loaders import readers
from data_loaders.batch import SICK_LEAVE_COLUMNS, Batch, SourceFile
from data_loaders.issues import (
    DUPLICATE_ROW,
    EMPTY_FILE,
    MISSING_COLUMN,
    MISSING_VALUE,
    NEGATIVE,
    NO_HEADER,
    NOT_A_NUMBER,
    NOTE_ROWS_SKIPPED,
    OVERLAPPING_PERIODS,
    PARTS_DISAGREE,
    PERCENT_MISMATCH,
    TAPTE_GT_AVTALTE,
    TOO_MANY_FIELDS,
    TOTALS_DROPPED,
    TOTALS_MISMATCH,
    UNKNOWN_PERIOD,
    ZERO_AVTALTE,
    Issue,
    LoadError,
)
from data_loaders.numbers import Numbers, as_text, parse_numbers
from data_loaders.totals import TotalRow, check_totals, marker_mask

KIND = "sykefravaer"
PARTS_TOLERANCE = 0.05  # dagsverk: tapte vs egenmeldt + legemeldt
PERCENT_TOLERANCE = 0.05  # percentage points: given percentage vs tapte / avtalte
MAX_ROW_WARNINGS = 20  # row-level warnings of one kind listed one by one, the rest counted
ACCEPTED_PERIODS = (
    "2025-03, 03.2025, mars 2025, en Excel-dato, 2025-K1, 2025K1, K1 2025, "
    "1. kvartal 2025, 2025-T1 eller 2025"
)


def load_sick_leave(source: SourceFile, mapping: Mapping[str, str] | None = None) -> Batch:
    """Read, check and convert one sick-leave export (xlsx or csv).

    `mapping` (canonical field -> header as written in the file) overrides the synonym table
    for this file. Raises LoadError carrying every problem found; nothing is half-loaded.
    """
    fmt = readers.detect_format(source.name, source.data)
    matcher = hdr.HeaderMatcher(mapping)
    table, h = _choose_table(source, fmt, matcher)
    return _Load(source, table, h, matcher).run()


def _choose_table(
    source: SourceFile, fmt: str, matcher: hdr.HeaderMatcher
) -> tuple[readers.RawTable, int]:
    """The first visible sheet (or the csv) with a recognisable header row, and that row."""
    if fmt == readers.CSV:
        candidates = iter([readers.csv_table(source.name, source.data, matcher.header_at)])
    else:
        candidates = readers.xlsx_tables(source.name, source.data)
    seen: list[readers.RawTable] = []
    for table in candidates:
        head = table.head()
        h = matcher.header_at(head)
        if h is not None:
            return table, h
        if any(any(c is not None for c in row) for row in head) or not table.is_blank:
            seen.append(table)
    if not seen:
        raise readers.fail(
            source.name, EMPTY_FILE, "Filen er tom: den har ingen celler med innhold."
        )
    first = seen[0]
    sheets = ", ".join(f"«{t.sheet}»" for t in seen if t.sheet)
    where = f" (ark {sheets})" if sheets else ""
    text = (
        f"Fant ingen overskriftsrad med kjente kolonnenavn blant de første {readers.HEAD_ROWS} "
        f"radene{where}. Overskriftsraden må ha minst {hdr.MIN_KNOWN} kolonner vi kjenner igjen, "
        "for eksempel Periode, Enhet, Avtalte dagsverk og Tapte dagsverk. "
        "Du kan også koble kolonnene selv."
    )
    issue = Issue(NO_HEADER, text, source.name, first.sheet if len(seen) == 1 else None)
    guess = max(first.head(), key=lambda row: sum(c is not None for c in row), default=[])
    raise LoadError((issue,), found_headers=tuple(c.strip() for c in guess if c is not None))


@dataclass
class _Load:
    """One run of the loader over a table whose header row is known."""

    source: SourceFile
    table: readers.RawTable
    h: int  # index of the header row in table.cells
    matcher: hdr.HeaderMatcher
    errors: list[tuple[int, int, Issue]] = field(default_factory=list)  # (row, col, issue)
    warnings: list[Issue] = field(default_factory=list)

    # -- helpers -----------------------------------------------------------------------
    def issue(self, code: str, text: str, row: int | None = None, col: int | None = None) -> Issue:
        column = self.header_cells[col] if col is not None else None
        return Issue(code, text, self.source.name, self.table.sheet, row, column)

    def error(self, code: str, text: str, row: int | None = None, col: int | None = None) -> None:
        self.errors.append((row or 0, -1 if col is None else col, self.issue(code, text, row, col)))

    def raw(self, col: int, idx: np.ndarray) -> list[str]:
        """The cells as written (stripped) at these body positions, fetched in one go."""
        values = self.body[col].iloc[idx].tolist()
        return ["" if v is None or v != v else str(v).strip() for v in values]

    # -- steps ---------------------------------------------------------------------------
    def run(self) -> Batch:
        cells = self.table.cells
        self.header_cells = [(c or "").strip() for c in self.table.head(self.h + 1)[self.h]]
        self.header_row = self.table.first_row + self.h
        match = self.match = self.matcher.match(self.header_cells)
        self.check_structure(match)
        self.cols = match.columns
        self.body = cells.iloc[self.h + 1 :].reset_index(drop=True)
        self.rows = np.arange(len(self.body), dtype=np.int64) + self.header_row + 1
        n = len(self.body)

        text = {f: self.text_column(f) for f in hdr.TEXT_FIELDS}
        year = as_text(self.body[match.year_column]) if match.year_column is not None else None
        nums: dict[str, Numbers] = {
            f: parse_numbers(self.body[self.cols[f]]) for f in hdr.NUMBER_FIELDS if f in self.cols
        }
        blank = {f: s.isna().to_numpy() for f, s in text.items()}

        # Row classes: empty (skipped silently), totals, notes, data.
        empty = np.ones(n, dtype=bool)
        for f in self.cols:
            empty &= blank[f] if f in blank else nums[f].blank
        if year is not None:
            empty &= year.isna().to_numpy()
        has_unit = ~(blank["sektor"] & blank["enhet"])
        has_number = np.zeros(n, dtype=bool)
        for num in nums.values():
            has_number |= ~num.blank
        marked = np.zeros(n, dtype=bool)
        for f in hdr.TEXT_FIELDS:
            if f in self.cols:
                marked |= marker_mask(text[f])
        total = ~empty & (marked | (~has_unit & has_number))
        # Text without figures: notes under the table, or group headings ("Oppvekst" alone).
        note = ~empty & ~total & ~has_number & (~has_unit | blank["periode"])
        data = ~empty & ~total & ~note
        data &= ~self.check_width(data)

        # Periods: parse each distinct spelling once.
        kind, month_from, month_to, period_ok = self.parse_periods(text["periode"], year, data)

        # Numbers.
        persons = self.number("antall_personer", nums, data, required=False)
        avtalte = self.number("avtalte_dagsverk", nums, data, required=True)
        has_tapte = "tapte_dagsverk" in self.cols
        egen = self.number("egenmeldt_dagsverk", nums, data, required=not has_tapte)
        lege = self.number("legemeldt_dagsverk", nums, data, required=not has_tapte)
        tapte = (
            self.number("tapte_dagsverk", nums, data, required=True) if has_tapte else egen + lege
        )
        if not has_tapte:
            self.cols_tapte = [self.cols["egenmeldt_dagsverk"], self.cols["legemeldt_dagsverk"]]
        else:
            self.cols_tapte = [self.cols["tapte_dagsverk"]]

        ok = data & np.isfinite(avtalte) & np.isfinite(tapte) & (avtalte >= 0) & (tapte >= 0)
        self.check_tapte(ok, avtalte, tapte)
        if has_tapte and "egenmeldt_dagsverk" in self.cols and "legemeldt_dagsverk" in self.cols:
            self.check_parts(ok & np.isfinite(egen) & np.isfinite(lege), tapte, egen, lege)
        units = [text[f] for f in ("virksomhet", "sektor", "enhet")]
        self.check_duplicates(data & period_ok, units, month_from, month_to, text["periode"])

        if self.errors:
            self.errors.sort(key=lambda e: (e[0], e[1]))
            raise LoadError(tuple(e[2] for e in self.errors))

        zero = data & (avtalte == 0) & (tapte == 0)
        keep = data & ~zero
        frame = pd.DataFrame(
            {
                "virksomhet": text["virksomhet"][keep].reset_index(drop=True),
                "sektor": text["sektor"][keep].reset_index(drop=True),
                "enhet": text["enhet"][keep].reset_index(drop=True),
                "period_kind": kind[keep],
                "month_from": month_from[keep],
                "month_to": month_to[keep],
                "persons": persons[keep],
                "avtalte": avtalte[keep],
                "tapte": tapte[keep],
                "egenmeldt": egen[keep],
                "legemeldt": lege[keep],
                "source_row": self.rows[keep],
            }
        )
        frame = frame.loc[:, list(SICK_LEAVE_COLUMNS)]

        self.warn_percent(keep, avtalte, tapte, nums.get("sykefravaer_prosent"))
        self.warn_totals(total, text, nums, frame, egen_lege=(egen, lege))
        self.warn_rows(
            note,
            NOTE_ROWS_SKIPPED,
            "uten tall og uten enhet eller periode er hoppet over (merknader eller "
            "mellomoverskrifter)",
        )
        self.warn_rows(
            zero,
            ZERO_AVTALTE,
            "med 0 avtalte og 0 tapte dagsverk er hoppet over; de har ikke noe å telle",
        )
        column_map = {f: self.header_cells[c] for f, c in self.cols.items()}
        if match.year_column is not None:
            column_map[hdr.YEAR_FIELD] = self.header_cells[match.year_column]
        return Batch(
            kind=KIND,
            file_name=self.source.name,
            sha256=self.source.sha256,
            sheet=self.table.sheet,
            dialect=self.table.dialect,
            header_row=int(self.header_row),
            rows_read=int((~empty).sum()),
            frame=frame,
            column_map=column_map,
            dropped_rows=tuple(int(r) for r in self.rows[total]),
            warnings=tuple(self.warnings),
        )

    def check_structure(self, match: hdr.ColumnMatch) -> None:
        issues = [self.issue(code, text, self.header_row) for code, text in match.problems]
        missing = hdr.missing_fields(match.columns)
        if missing:
            found = ", ".join(f"«{c}»" for c in self.header_cells if c) or "ingen"
            for what in missing:
                issues.append(
                    self.issue(
                        MISSING_COLUMN,
                        f"Fant ingen kolonne for {what}. Overskriftsraden (rad "
                        f"{self.header_row}) har disse kolonnene: {found}. "
                        "Du kan koble kolonnene selv på importsiden.",
                        self.header_row,
                    )
                )
        if issues:
            raise LoadError(tuple(issues), found_headers=tuple(c for c in self.header_cells if c))

    def text_column(self, f: str) -> pd.Series:
        """Stripped text with inner runs of whitespace made one space; NA when blank/absent."""
        if f not in self.cols:
            return pd.Series([None] * len(self.body), dtype="str")
        text = as_text(self.body[self.cols[f]])
        if f != "periode":
            text = text.str.replace("[ \t\r\n\u00a0\u2007\u202f]+", " ", regex=True)
        return text

    def check_width(self, rows: np.ndarray) -> np.ndarray:
        """csv: rows with filled fields beyond the header's last field (errors)."""
        width = self.table.fixed_width
        extra = np.zeros(len(self.body), dtype=bool)
        if width is None:
            return extra
        for c in self.body.columns[width:]:
            extra |= ~as_text(self.body[c]).isna().to_numpy()
        extra &= rows
        for i in np.flatnonzero(extra):
            self.error(
                TOO_MANY_FIELDS,
                f"Raden har flere felt enn overskriftsraden ({width}). Står det et tall med "
                "desimalkomma i en kommaseparert fil uten anførselstegn, eller et skilletegn "
                "i et navn?",
                int(self.rows[i]),
            )
        return extra

    def parse_periods(
        self, periode: pd.Series, year: pd.Series | None, data: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        col = self.cols["periode"]
        missing = periode.isna().to_numpy()
        key = periode
        if year is not None:
            missing = missing | year.isna().to_numpy()
            key = year.fillna("") + "\x1f" + periode.fillna("")
        codes, uniques = pd.factorize(key.where(pd.Series(data & ~missing)))
        parsed = [self.parse_one(u, year is not None) for u in uniques]  # few distinct
        kinds = np.array([p.kind if p else "" for p in parsed] + [""], dtype=object)
        first = np.array([p.first_month if p else -1 for p in parsed] + [-1], dtype=np.int64)
        last = np.array([p.last_month if p else -1 for p in parsed] + [-1], dtype=np.int64)
        kind, month_from, month_to = kinds[codes], first[codes], last[codes]
        ok = data & ~missing & (month_from >= 0)
        for i in np.flatnonzero(data & missing):
            self.error(MISSING_VALUE, "Perioden mangler.", int(self.rows[i]), col)
        idx = np.flatnonzero(data & ~missing & (month_from < 0))
        shown_all = periode.iloc[idx].tolist()
        if year is not None:
            shown_all = [
                f"{y} {p}" for y, p in zip(year.iloc[idx].tolist(), shown_all, strict=True)
            ]
        for i, shown in zip(idx, shown_all, strict=True):
            self.error(
                UNKNOWN_PERIOD,
                f"«{shown}» er ikke en periode vi kjenner igjen. Skriv for eksempel "
                f"{ACCEPTED_PERIODS}.",
                int(self.rows[i]),
                col,
            )
        return kind.astype(str), month_from, month_to, ok

    def parse_one(self, key: str, combined: bool) -> Period | None:
        if not combined:
            return parse_period(key)
        year_text, sub = key.split("\x1f", 1)
        return combine_year(year_text, sub, self.match.sub_period_kind or "")

    def number(
        self, f: str, nums: dict[str, Numbers], data: np.ndarray, required: bool
    ) -> np.ndarray:
        """Values of a number column, with not_a_number / negative / missing_value recorded."""
        if f not in nums:
            return np.full(len(data), np.nan)
        num, col = nums[f], self.cols[f]
        idx = np.flatnonzero(data & num.bad)
        for i, raw in zip(idx, self.raw(col, idx), strict=True):
            self.error(NOT_A_NUMBER, f"«{raw}» er ikke et tall.", int(self.rows[i]), col)
        idx = np.flatnonzero(data & (num.values < 0))
        label = hdr.FIELD_LABELS[f]
        for i, raw in zip(idx, self.raw(col, idx), strict=True):
            text = f"«{raw}» er negativt; {label} kan ikke være under null."
            self.error(NEGATIVE, text, int(self.rows[i]), col)
        if required:
            text = f"Cellen er tom, men {label} må fylles ut."
            for i in np.flatnonzero(data & num.blank):
                self.error(MISSING_VALUE, text, int(self.rows[i]), col)
        return num.values

    def check_tapte(self, ok: np.ndarray, avtalte: np.ndarray, tapte: np.ndarray) -> None:
        over = ok & ((tapte > avtalte + 1e-9) | ((avtalte == 0) & (tapte > 0)))
        what = "Tapte dagsverk" if len(self.cols_tapte) == 1 else "Egen- og legemeldte dagsverk"
        for i in np.flatnonzero(over):
            if avtalte[i] == 0:
                text = (
                    f"Avtalte dagsverk er 0, men {what.lower()} er {_fmt(tapte[i])}. "
                    "Det kan ikke tapes dagsverk som ikke er avtalt."
                )
            else:
                text = (
                    f"{what} ({_fmt(tapte[i])}) er flere enn avtalte dagsverk "
                    f"({_fmt(avtalte[i])}). Sjekk om kolonnene er byttet om."
                )
            self.error(TAPTE_GT_AVTALTE, text, int(self.rows[i]), self.cols_tapte[0])

    def check_parts(
        self, ok: np.ndarray, tapte: np.ndarray, egen: np.ndarray, lege: np.ndarray
    ) -> None:
        off = ok & (np.abs(tapte - (egen + lege)) > PARTS_TOLERANCE + 1e-9)
        for i in np.flatnonzero(off):
            self.error(
                PARTS_DISAGREE,
                f"Tapte dagsverk ({_fmt(tapte[i])}) er ikke summen av egenmeldte "
                f"({_fmt(egen[i])}) og legemeldte ({_fmt(lege[i])}) dagsverk, som er "
                f"{_fmt(egen[i] + lege[i])}.",
                int(self.rows[i]),
                self.cols["tapte_dagsverk"],
            )

    def check_duplicates(
        self,
        rows: np.ndarray,
        units: list[pd.Series],
        month_from: np.ndarray,
        month_to: np.ndarray,
        periode: pd.Series,
    ) -> None:
        """The same unit twice in a period, or in overlapping periods (2025-01 and 2025-K1).

        Vectorised: sort by (unit, first month, last month); a row equal to the one before
        is a duplicate, a row starting before the unit's months so far end is an overlap.
        """
        idx = np.flatnonzero(rows)
        if len(idx) < 2:
            return
        unit = np.zeros(len(idx), dtype=np.int64)
        for series in units:  # combine the three names into one integer code
            codes, uniques = pd.factorize(series.iloc[idx], use_na_sentinel=True)
            unit = unit * (len(uniques) + 1) + codes + 1
        unit = pd.factorize(unit)[0].astype(np.int64)
        a, b = month_from[idx], month_to[idx]
        order = np.lexsort((b, a, unit))  # stable: file order within equal keys
        u, a, b, idx = unit[order], a[order], b[order], idx[order]
        same_unit = np.r_[False, u[1:] == u[:-1]]
        dup = same_unit & np.r_[False, (a[1:] == a[:-1]) & (b[1:] == b[:-1])]
        run_start = np.maximum.accumulate(np.where(dup, 0, np.arange(len(u))))
        col = self.cols["periode"]
        for k in np.flatnonzero(dup):
            first = idx[run_start[k]]
            self.error(
                DUPLICATE_ROW,
                f"{self.unit_name(units, idx[k])} har allerede en rad for "
                f"{periode.iloc[first]} (rad {self.rows[first]}). "
                "Hver enhet kan bare ha én rad per periode.",
                int(self.rows[idx[k]]),
                col,
            )
        # Overlaps among the distinct rows: running maximum of month_to within each unit.
        keep = ~dup
        u, a, b, idx = u[keep], a[keep], b[keep], idx[keep]
        span = int(b.max()) + 1 if len(b) else 1
        reach = np.maximum.accumulate(b + u * span) - u * span
        holder = np.maximum.accumulate(np.where(b == reach, np.arange(len(b)), 0))
        same_unit = np.r_[False, u[1:] == u[:-1]]
        overlap = same_unit & (a <= np.r_[-1, reach[:-1]])
        for k in np.flatnonzero(overlap):
            other = idx[holder[k - 1]]
            self.error(
                OVERLAPPING_PERIODS,
                f"{self.unit_name(units, idx[k])}: perioden {periode.iloc[idx[k]]} overlapper "
                f"med {periode.iloc[other]} på rad {self.rows[other]}, så de samme månedene "
                "ville blitt telt to ganger.",
                int(self.rows[idx[k]]),
                col,
            )

    @staticmethod
    def unit_name(units: list[pd.Series], i: int) -> str:
        names = [s.iloc[i] for s in units]
        return "«" + " / ".join(str(x) for x in names if isinstance(x, str)) + "»"

    # -- warnings ------------------------------------------------------------------------
    def warn_percent(
        self, rows: np.ndarray, avtalte: np.ndarray, tapte: np.ndarray, pct: Numbers | None
    ) -> None:
        if pct is None:
            return
        col = self.cols["sykefravaer_prosent"]
        with np.errstate(divide="ignore", invalid="ignore"):
            computed = tapte / avtalte * 100
        given = pct.values
        fits = (np.abs(given - computed) <= PERCENT_TOLERANCE + 1e-9) | (
            np.abs(given * 100 - computed) <= PERCENT_TOLERANCE + 1e-9
        )
        check = rows & (avtalte > 0) & ~pct.blank
        bad_text = check & pct.bad
        off = check & ~pct.bad & ~fits
        listed: list[Issue] = []
        idx = np.flatnonzero(bad_text | off)
        n_off = len(idx)
        idx = idx[:MAX_ROW_WARNINGS]
        for i, raw in zip(idx, self.raw(col, idx), strict=True):
            if bad_text[i]:
                text = f"«{raw}» er ikke et tall, så prosenten kunne ikke kontrolleres."
            else:
                shown = given[i] * 100 if abs(given[i]) <= 1 and computed[i] > 1 else given[i]
                text = (
                    f"Filen oppgir {fmt_percent(shown, 2)}, men tapte / avtalte dagsverk gir "
                    f"{fmt_percent(computed[i], 2)}. Prosenten i filen brukes ikke; den regnes "
                    "ut fra dagsverkene."
                )
            listed.append(self.issue(PERCENT_MISMATCH, text, int(self.rows[i]), col))
        self.warnings.extend(listed)
        if n_off > MAX_ROW_WARNINGS:
            self.warnings.append(
                self.issue(
                    PERCENT_MISMATCH,
                    f"… og {n_off - MAX_ROW_WARNINGS} rader til der prosenten i filen "
                    "ikke stemmer med dagsverkene.",
                    None,
                    col,
                )
            )

    def warn_totals(
        self,
        total: np.ndarray,
        text: dict[str, pd.Series],
        nums: dict[str, Numbers],
        kept: pd.DataFrame,
        egen_lege: tuple[np.ndarray, np.ndarray],
    ) -> None:
        idx = np.flatnonzero(total)
        if not len(idx):
            return
        self.warnings.append(
            self.issue(
                TOTALS_DROPPED,
                f"{_count(len(idx), 'sumrad', 'sumrader')} er gjenkjent og ikke importert "
                f"({_rows_list(self.rows[idx])}). Dashbordet regner summene selv.",
            )
        )
        avtalte = nums["avtalte_dagsverk"].values
        if "tapte_dagsverk" in nums:
            tapte = nums["tapte_dagsverk"].values
        else:
            tapte = egen_lege[0] + egen_lege[1]

        def cell(f: str, i: int) -> str | None:
            v = text[f].iloc[i]
            return None if v is None or v != v else str(v)

        totals = [
            TotalRow(
                int(self.rows[i]),
                cell("virksomhet", i),
                cell("sektor", i),
                cell("enhet", i),
                cell("periode", i),
                float(avtalte[i]),
                float(tapte[i]),
            )
            for i in idx
        ]
        for m in check_totals(totals, kept):
            col = self.cols["avtalte_dagsverk"] if m.field == "avtalte" else self.cols_tapte[0]
            self.warnings.append(self.issue(TOTALS_MISMATCH, m.text, m.row, col))

    def warn_rows(self, rows: np.ndarray, code: str, what: str) -> None:
        idx = np.flatnonzero(rows)
        if not len(idx):
            return
        self.warnings.append(
            self.issue(
                code, f"{_count(len(idx), 'rad', 'rader')} {what} ({_rows_list(self.rows[idx])})."
            )
        )


def combine_year(year_text: str, sub: str, sub_kind: str) -> Period | None:
    """Period from an År column and a Kvartal / Måned / Tertial column: 2025 + 1 -> 2025-K1."""
    year = parse_period(year_text)
    if year is None or year.kind != "year":
        return None
    own = parse_period(sub)  # the sub column may hold the full period already
    if own is not None and own.kind != "year":
        return own if own.year == year.year else None
    text = sub.strip().rstrip(".")
    if text.replace(".0", "").isdigit():
        index = int(float(text))
        label = {"quarter": f"{year.year}-K{index}", "tertial": f"{year.year}-T{index}"}.get(
            sub_kind, f"{year.year}-{index:02d}"
        )
        return parse_period(label)
    return parse_period(f"{sub} {year.year}")


def _fmt(x: float) -> str:
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"


def _rows_list(rows: np.ndarray, limit: int = 20) -> str:
    shown = ", ".join(str(int(r)) for r in rows[:limit])
    more = f" og {len(rows) - limit} til" if len(rows) > limit else ""
    return f"rad {shown}{more}"

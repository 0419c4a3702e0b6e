"""The sick-leave loader: one uploaded file to one validated Batch, or a LoadError with every
problem found.

Steps: detect the format from the bytes and read the cells (readers), find the header row
and map its columns (headers), sort the rows below it into data, totals, notes and empty
rows, parse periods (period_column) and numbers (numbers) column by column, apply the row
rules (validation), set totals aside and check them (totals), and build the canonical frame.
Validation is lazy: all problems are collected before raising (body), each with a reason code
and the file, sheet, Excel row and column header where it was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_loaders import headers as hdr
from data_loaders import readers
from data_loaders.batch import SICK_LEAVE_COLUMNS, Batch, SourceFile
from data_loaders.body import Body
from data_loaders.issues import (
    EMPTY_FILE,
    MISSING_COLUMN,
    NO_HEADER,
    NOTE_ROWS_SKIPPED,
    TOTALS_DROPPED,
    TOTALS_MISMATCH,
    ZERO_AVTALTE,
    Issue,
    LoadError,
)
from data_loaders.numbers import Numbers, as_text, parse_numbers
from data_loaders.period_column import ACCEPTED_PERIODS, combine_year, parse_periods
from data_loaders.totals import TotalRow, check_totals, marker_mask
from data_loaders.validation import (
    MAX_ROW_WARNINGS,
    PARTS_TOLERANCE,
    PERCENT_TOLERANCE,
    check_duplicates,
    check_parts,
    check_tapte,
    check_width,
    checked_numbers,
    warn_percent,
)
from data_loaders.wording import count, rows_list

__all__ = [
    "ACCEPTED_PERIODS",
    "KIND",
    "MAX_ROW_WARNINGS",
    "PARTS_TOLERANCE",
    "PERCENT_TOLERANCE",
    "combine_year",
    "load_sick_leave",
]

KIND = "sykefravaer"


def load_sick_leave(source: SourceFile, mapping: Mapping[str, str] | None = None) -> Batch:
    """Read, check and convert one sick-leave export (xlsx or csv).

    `mapping` (canonical field -> header as written in the file) overrides the synonym table
    for this file. Raises LoadError carrying every problem found; nothing is half-loaded.
    """
    fmt = readers.detect_format(source.name, source.data)
    matcher = hdr.HeaderMatcher(mapping)
    table, h = _choose_table(source, fmt, matcher)
    return _load(source, table, h, matcher)


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


def _load(source: SourceFile, table: readers.RawTable, h: int, matcher: hdr.HeaderMatcher) -> Batch:
    """One run of the loader over a table whose header row is table.cells row `h`."""
    header_cells = [(c or "").strip() for c in table.head(h + 1)[h]]
    match = matcher.match(header_cells)
    body = Body(
        source.name,
        table.sheet,
        header_cells,
        table.first_row + h,
        table.cells.iloc[h + 1 :].reset_index(drop=True),
        match.columns,
    )
    _check_structure(body, match)
    cols = body.cols

    text = {f: _text_column(body, f) for f in hdr.TEXT_FIELDS}
    year = as_text(body.cells[match.year_column]) if match.year_column is not None else None
    nums: dict[str, Numbers] = {
        f: parse_numbers(body.cells[cols[f]]) for f in hdr.NUMBER_FIELDS if f in cols
    }
    kinds = _RowKinds.of(cols, text, nums, year)
    data = kinds.data & ~check_width(body, table.fixed_width, kinds.data)

    periods = parse_periods(body, text["periode"], year, data, match.sub_period_kind)

    persons = checked_numbers(body, "antall_personer", nums, data, required=False)
    avtalte = checked_numbers(body, "avtalte_dagsverk", nums, data, required=True)
    has_tapte = "tapte_dagsverk" in cols
    egen = checked_numbers(body, "egenmeldt_dagsverk", nums, data, required=not has_tapte)
    lege = checked_numbers(body, "legemeldt_dagsverk", nums, data, required=not has_tapte)
    if has_tapte:
        tapte = checked_numbers(body, "tapte_dagsverk", nums, data, required=True)
        tapte_cols = [cols["tapte_dagsverk"]]
    else:
        tapte = egen + lege
        tapte_cols = [cols["egenmeldt_dagsverk"], cols["legemeldt_dagsverk"]]

    ok = data & np.isfinite(avtalte) & np.isfinite(tapte) & (avtalte >= 0) & (tapte >= 0)
    check_tapte(body, ok, avtalte, tapte, tapte_cols)
    if has_tapte and "egenmeldt_dagsverk" in cols and "legemeldt_dagsverk" in cols:
        check_parts(body, ok & np.isfinite(egen) & np.isfinite(lege), tapte, egen, lege)
    units = [text[f] for f in ("virksomhet", "sektor", "enhet")]
    check_duplicates(
        body, data & periods.ok, units, periods.month_from, periods.month_to, text["periode"]
    )
    body.raise_errors()

    zero = data & (avtalte == 0) & (tapte == 0)
    keep = data & ~zero
    frame = pd.DataFrame(
        {
            "virksomhet": text["virksomhet"][keep].reset_index(drop=True),
            "sektor": text["sektor"][keep].reset_index(drop=True),
            "enhet": text["enhet"][keep].reset_index(drop=True),
            "period_kind": periods.kind[keep],
            "month_from": periods.month_from[keep],
            "month_to": periods.month_to[keep],
            "persons": persons[keep],
            "avtalte": avtalte[keep],
            "tapte": tapte[keep],
            "egenmeldt": egen[keep],
            "legemeldt": lege[keep],
            "source_row": body.rows[keep],
        }
    )
    frame = frame.loc[:, list(SICK_LEAVE_COLUMNS)]

    warn_percent(body, keep, avtalte, tapte, nums.get("sykefravaer_prosent"))
    _warn_totals(body, kinds.total, text, avtalte, tapte, frame, tapte_cols[0])
    _warn_rows(
        body,
        kinds.note,
        NOTE_ROWS_SKIPPED,
        "uten tall og uten enhet eller periode er hoppet over (merknader eller mellomoverskrifter)",
    )
    _warn_rows(
        body,
        zero,
        ZERO_AVTALTE,
        "med 0 avtalte og 0 tapte dagsverk er hoppet over; de har ikke noe å telle",
    )
    column_map = {f: header_cells[c] for f, c in cols.items()}
    if match.year_column is not None:
        column_map[hdr.YEAR_FIELD] = header_cells[match.year_column]
    return Batch(
        kind=KIND,
        file_name=source.name,
        sha256=source.sha256,
        sheet=table.sheet,
        dialect=table.dialect,
        header_row=int(body.header_row),
        rows_read=int((~kinds.empty).sum()),
        frame=frame,
        column_map=column_map,
        dropped_rows=tuple(int(r) for r in body.rows[kinds.total]),
        warnings=tuple(body.warnings),
    )


def _check_structure(body: Body, match: hdr.ColumnMatch) -> None:
    """Ambiguous or missing columns: raised at once, with the headers found."""
    issues = [body.issue(code, text, body.header_row) for code, text in match.problems]
    missing = hdr.missing_fields(match.columns)
    if missing:
        found = ", ".join(f"«{c}»" for c in body.header_cells if c) or "ingen"
        for what in missing:
            issues.append(
                body.issue(
                    MISSING_COLUMN,
                    f"Fant ingen kolonne for {what}. Overskriftsraden (rad "
                    f"{body.header_row}) har disse kolonnene: {found}. "
                    "Du kan koble kolonnene selv på importsiden.",
                    body.header_row,
                )
            )
    if issues:
        raise LoadError(tuple(issues), found_headers=tuple(c for c in body.header_cells if c))


def _text_column(body: Body, f: str) -> pd.Series:
    """Stripped text with inner runs of whitespace made one space; NA when blank/absent."""
    if f not in body.cols:
        return pd.Series([None] * len(body.cells), dtype="str")
    text = as_text(body.cells[body.cols[f]])
    if f != "periode":
        text = text.str.replace("[ \t\r\n\u00a0\u2007\u202f]+", " ", regex=True)
    return text


@dataclass(frozen=True)
class _RowKinds:
    """Each body row is one of: empty (skipped silently), total, note, or data."""

    empty: np.ndarray
    total: np.ndarray
    note: np.ndarray
    data: np.ndarray

    @classmethod
    def of(
        cls,
        cols: Mapping[str, int],
        text: dict[str, pd.Series],
        nums: dict[str, Numbers],
        year: pd.Series | None,
    ) -> _RowKinds:
        n = len(text["periode"])
        blank = {f: s.isna().to_numpy() for f, s in text.items()}
        empty = np.ones(n, dtype=bool)
        for f in cols:
            empty &= blank[f] if f in blank else nums[f].blank
        if year is not None:
            empty &= year.isna().to_numpy()
        has_unit = ~(blank["sektor"] & blank["enhet"])
        has_number = np.zeros(n, dtype=bool)
        for num in nums.values():
            has_number |= ~num.blank
        marked = np.zeros(n, dtype=bool)
        for f in hdr.TEXT_FIELDS:
            if f in cols:
                marked |= marker_mask(text[f])
        total = ~empty & (marked | (~has_unit & has_number))
        # Text without figures: notes under the table, or group headings ("Oppvekst" alone).
        note = ~empty & ~total & ~has_number & (~has_unit | blank["periode"])
        return cls(empty, total, note, ~empty & ~total & ~note)


def _warn_totals(
    body: Body,
    total: np.ndarray,
    text: dict[str, pd.Series],
    avtalte: np.ndarray,
    tapte: np.ndarray,
    kept: pd.DataFrame,
    tapte_col: int,
) -> None:
    """Say which totals were dropped, and which of them do not match the rows they sum."""
    idx = np.flatnonzero(total)
    if not len(idx):
        return
    body.warn(
        TOTALS_DROPPED,
        f"{count(len(idx), 'sumrad', 'sumrader')} er gjenkjent og ikke importert "
        f"({rows_list(body.rows[idx])}). Dashbordet regner summene selv.",
    )

    def cell(f: str, i: int) -> str | None:
        v = text[f].iloc[i]
        return None if v is None or v != v else str(v)

    totals = [
        TotalRow(
            int(body.rows[i]),
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
        col = body.cols["avtalte_dagsverk"] if m.field == "avtalte" else tapte_col
        body.warn(TOTALS_MISMATCH, m.text, m.row, col)


def _warn_rows(body: Body, rows: np.ndarray, code: str, what: str) -> None:
    """One warning naming the rows skipped for one reason."""
    idx = np.flatnonzero(rows)
    if not len(idx):
        return
    body.warn(code, f"{count(len(idx), 'rad', 'rader')} {what} ({rows_list(body.rows[idx])}).")

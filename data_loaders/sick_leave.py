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
from data_loaders.issues import NOTE_ROWS_SKIPPED, TOTALS_MISMATCH, ZERO_AVTALTE
from data_loaders.numbers import Numbers, as_text, parse_numbers
from data_loaders.period_column import ACCEPTED_PERIODS, combine_year, parse_periods
from data_loaders.tables import (
    load_body,
    make_batch,
    text_column,
    warn_rows,
    warn_totals_dropped,
)
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
    table, body, match = load_body(source, mapping, KIND)
    return _load(source, table, body, match)


def _load(source: SourceFile, table: readers.RawTable, body: Body, match: hdr.ColumnMatch) -> Batch:
    """One run of the loader over a table whose header row has been found and matched."""
    header_cells = body.header_cells
    cols = body.cols

    text = {f: text_column(body, f, collapse=f != "periode") for f in hdr.TEXT_FIELDS}
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
    warn_rows(
        body,
        kinds.note,
        NOTE_ROWS_SKIPPED,
        "uten tall og uten enhet eller periode er hoppet over (merknader eller mellomoverskrifter)",
    )
    warn_rows(
        body,
        zero,
        ZERO_AVTALTE,
        "med 0 avtalte og 0 tapte dagsverk er hoppet over; de har ikke noe å telle",
    )
    column_map = {f: header_cells[c] for f, c in cols.items()}
    if match.year_column is not None:
        column_map[hdr.YEAR_FIELD] = header_cells[match.year_column]
    return make_batch(KIND, source, table, body, frame, kinds.empty, kinds.total, column_map)


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
    warn_totals_dropped(body, total)

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

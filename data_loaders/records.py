"""What the record loaders (avvik, vernerunder) share: one row is one case or finding.

Sorting the body rows (empty, totals, notes, data), required cells, the enhet-or-sektor rule,
words looked up in the value vocabulary `column_maps/values.csv` (status, alvorlighetsgrad,
skadetype: `field,value,meaning`), and the closed-date rules. Lookups run on the distinct
spellings of a column, never row by row.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_loaders.body import Body
from data_loaders.dates import fmt_date
from data_loaders.headers import COLUMN_MAPS
from data_loaders.issues import (
    CLOSED_BEFORE_REGISTERED,
    CLOSED_WITHOUT_DATE,
    MISSING_VALUE,
    NOTE_ROWS_SKIPPED,
    UNKNOWN_STATUS,
)
from data_loaders.tables import text_column, warn_rows, warn_totals_dropped
from data_loaders.totals import marker_mask

VALUE_MAPS = COLUMN_MAPS / "values.csv"
STATUSES = ("åpen", "under behandling", "lukket")
UNIT_FIELDS = ("virksomhet", "sektor", "enhet")


def value_key(text: str) -> str:
    """Comparison key of a value: casefolded, single spaces, no trailing full stop or colon."""
    return " ".join(text.split()).casefold().rstrip(".:")


@functools.cache
def value_map(fld: str) -> dict[str, str | None]:
    """Value key -> meaning (None for a value that means "nothing", e.g. skadetype Ingen)."""
    with VALUE_MAPS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["field"] == fld]
    return {value_key(r["value"]): (r["meaning"] or None) for r in rows}


def decode(text: pd.Series, lookup: Callable[[str], tuple[bool, object]]) -> tuple[list, list]:
    """(value per row, unknown per row) from `lookup(cell) -> (known, value)`, run once per
    distinct cell; blank cells are known and None."""
    codes, uniques = pd.factorize(text)
    found = [lookup(u) for u in uniques] + [(True, None)]
    known = np.array([k for k, _ in found], dtype=bool)
    values = np.empty(len(found), dtype=object)
    values[:] = [v for _, v in found]
    return values[codes], ~known[codes]


@dataclass(frozen=True)
class Rows:
    """Each body row is one of: empty (skipped silently), total, note, or data."""

    empty: np.ndarray
    total: np.ndarray
    note: np.ndarray
    data: np.ndarray


def texts(body: Body, free_text: Iterable[str] = ()) -> dict[str, pd.Series]:
    """Every mapped column as stripped text; names with single spaces, free text, dates and
    numbers as written."""
    names = set(body.spec.text_fields) - set(free_text)
    return {f: text_column(body, f, collapse=f in names) for f in body.cols}


def sort_rows(body: Body, text: dict[str, pd.Series], key: str) -> Rows:
    """Empty rows, totals ("Sum", "Totalt" in the key or a unit cell, with no key of its
    own), notes (text in the leftmost column only) and data rows."""
    n = len(body.cells)
    filled = {f: s.notna().to_numpy() for f, s in text.items()}
    n_filled = np.sum([filled[f] for f in filled], axis=0) if filled else np.zeros(n, int)
    empty = n_filled == 0
    marked = np.zeros(n, dtype=bool)
    for f in (key, *UNIT_FIELDS):
        if f in text:
            marked |= marker_mask(text[f])
    own_key = filled[key] & ~marker_mask(text[key])
    total = ~empty & marked & ~own_key
    leftmost = min(body.cols, key=body.cols.__getitem__)
    note = ~empty & ~total & (n_filled == 1) & filled[leftmost]
    return Rows(empty, total, note, ~empty & ~total & ~note)


def warn_skipped(body: Body, rows: Rows) -> None:
    """Say which totals and notes were left out."""
    warn_totals_dropped(body, rows.total)
    warn_rows(
        body,
        rows.note,
        NOTE_ROWS_SKIPPED,
        "med tekst bare i første kolonne er hoppet over (merknader eller mellomoverskrifter)",
    )


def require(body: Body, f: str, text: pd.Series, rows: np.ndarray) -> None:
    """missing_value for each of `rows` whose cell in column f is blank."""
    if f not in body.cols:
        return
    message = f"Cellen er tom, men {body.label(f)} må fylles ut."
    for i in np.flatnonzero(rows & text.isna().to_numpy()):
        body.error(MISSING_VALUE, message, int(body.rows[i]), body.cols[f])


def check_unit(body: Body, text: dict[str, pd.Series], data: np.ndarray) -> None:
    """A data row needs an enhet or a sektor (reported at the enhet column when there is one)."""
    blank = np.ones(len(data), dtype=bool)
    for f in ("enhet", "sektor"):
        if f in text:
            blank &= text[f].isna().to_numpy()
    col = body.cols["enhet"] if "enhet" in body.cols else body.cols["sektor"]
    both = "enhet eller sektor" if len(set(body.cols) & {"enhet", "sektor"}) == 2 else None
    what = both or ("enhet" if "enhet" in body.cols else "sektor")
    for i in np.flatnonzero(data & blank):
        body.error(MISSING_VALUE, f"Raden mangler {what}.", int(body.rows[i]), col)


def _status(cell: str) -> tuple[bool, object]:
    key = value_key(cell)
    table = value_map("status")
    return (True, table[key]) if key in table else (False, None)


def statuses(body: Body, text: dict[str, pd.Series], data: np.ndarray) -> np.ndarray:
    """'åpen' | 'under behandling' | 'lukket' (None when blank); unknown_status for the rest."""
    if "status" not in text:
        return np.full(len(data), None, dtype=object)
    values, unknown = decode(text["status"], _status)
    col = body.cols["status"]
    body.error_cells(
        UNKNOWN_STATUS, data & unknown, col,
        lambda raw: f"«{raw}» er ikke en status vi kjenner igjen. Bruk åpen, under behandling "
        "eller lukket (eller et vanlig synonym som Ny, Pågår, Avsluttet).",
    )  # fmt: skip
    return values


def check_closed(
    body: Body,
    data: np.ndarray,
    start: np.ndarray,
    closed: np.ndarray,
    status: np.ndarray,
    start_label: str,
    warn_undated: bool,
) -> None:
    """A lukket dato before the start is an error; a closed row without one, a warning."""
    if "lukket_dato" in body.cols:
        before = data & ~np.isnat(closed) & ~np.isnat(start) & (closed < start)
        for i in np.flatnonzero(before):
            body.error(
                CLOSED_BEFORE_REGISTERED,
                f"Lukket dato ({fmt_date(closed[i])}) er før {start_label} ({fmt_date(start[i])}).",
                int(body.rows[i]),
                body.cols["lukket_dato"],
            )
    if warn_undated:
        undated = data & (status == "lukket") & np.isnat(closed)
        warn_rows(
            body,
            undated,
            CLOSED_WITHOUT_DATE,
            "har status lukket, men ingen lukket dato, og er derfor ikke med når "
            "behandlingstiden regnes ut",
        )

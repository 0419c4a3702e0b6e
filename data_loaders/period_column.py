"""The period of each data row, from the periode column and, when there is one, an År column.

An export writes the period in one cell (2025-03, mars 2025, 2025-K1, ...) or splits it in
an År column and a Måned / Kvartal / Tertial column (2025 + 1). Files repeat a handful of
spellings over thousands of rows, so each distinct spelling (or year and sub-period pair) is
parsed once and the results spread back over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.periods import Period, parse_period
from data_loaders.body import Body
from data_loaders.issues import MISSING_VALUE, UNKNOWN_PERIOD

ACCEPTED_PERIODS = (
    "2025-03, 03.2025, mars 2025, en Excel-dato, 2025-K1, 2025K1, K1 2025, "
    "1. kvartal 2025, 2025-T1 eller 2025"
)
_SEP = "\x1f"  # joins the year and the sub-period into one key


@dataclass(frozen=True)
class Periods:
    """Per body row: period kind ("" when unknown), first and last month (-1), and validity."""

    kind: np.ndarray  # str
    month_from: np.ndarray  # int64 month ordinal
    month_to: np.ndarray  # int64, inclusive
    ok: np.ndarray  # bool: a data row with a period we understood


def parse_periods(
    body: Body,
    periode: pd.Series,
    year: pd.Series | None,
    data: np.ndarray,
    sub_kind: str | None,
) -> Periods:
    """Parse the periods of the `data` rows; a missing or unknown period is an error.

    `periode` and `year` are stripped text (NA when blank); `year` is the År column of an
    År + Måned/Kvartal/Tertial pair, whose sub-period kind is `sub_kind`.
    """
    col = body.cols["periode"]
    missing = periode.isna().to_numpy()
    key = periode
    if year is not None:
        missing = missing | year.isna().to_numpy()
        key = year.fillna("") + _SEP + periode.fillna("")
    codes, uniques = pd.factorize(key.where(pd.Series(data & ~missing)))
    parsed = [_parse_key(u, year is not None, sub_kind) for u in uniques]  # few distinct
    kinds = np.array([p.kind if p else "" for p in parsed] + [""], dtype=object)
    first = np.array([p.first_month if p else -1 for p in parsed] + [-1], dtype=np.int64)
    last = np.array([p.last_month if p else -1 for p in parsed] + [-1], dtype=np.int64)
    kind, month_from, month_to = kinds[codes], first[codes], last[codes]
    ok = data & ~missing & (month_from >= 0)
    for i in np.flatnonzero(data & missing):
        body.error(MISSING_VALUE, "Perioden mangler.", int(body.rows[i]), col)
    idx = np.flatnonzero(data & ~missing & (month_from < 0))
    shown_all = periode.iloc[idx].tolist()
    if year is not None:
        shown_all = [f"{y} {p}" for y, p in zip(year.iloc[idx].tolist(), shown_all, strict=True)]
    for i, shown in zip(idx, shown_all, strict=True):
        body.error(
            UNKNOWN_PERIOD,
            f"«{shown}» er ikke en periode vi kjenner igjen. Skriv for eksempel "
            f"{ACCEPTED_PERIODS}.",
            int(body.rows[i]),
            col,
        )
    return Periods(kind.astype(str), month_from, month_to, ok)


def _parse_key(key: str, combined: bool, sub_kind: str | None) -> Period | None:
    if not combined:
        return parse_period(key)
    year_text, sub = key.split(_SEP, 1)
    return combine_year(year_text, sub, sub_kind or "")


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

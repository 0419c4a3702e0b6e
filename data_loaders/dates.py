"""Dates as Norwegian systems and spreadsheets write them, parsed column-wise.

Accepted: `31.01.2025`, `31.1.2025`, `31.01.25`, `2025-01-31`, `20250131`, an Excel date cell
(fastexcel gives `2025-01-31 00:00:00`), an Excel day number read as text (`45688`), each with
or without a time of day (`31.01.2025 14:05`, `31.01.2025 kl. 14.05`, `2025-01-31T14:05:00`).
The time is dropped: a date is a day. Slashes are refused rather than guessed (01/02/2025 is
1 February in Norway and 2 January in an American export).

The time is cut off column-wise in Arrow; what remains repeats a few hundred days over
thousands of rows, so each distinct spelling is parsed once and spread back over the rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data_loaders.body import Body
from data_loaders.issues import MISSING_VALUE, UNKNOWN_DATE
from data_loaders.numbers import to_mask, trimmed

DATE_DTYPE = "datetime64[us]"  # pandas' own unit for parsed dates
ACCEPTED_DATES = (
    "31.01.2025, 31.1.2025 eller 2025-01-31, gjerne med klokkeslett (31.01.2025 14:05), "
    "eller en datocelle i Excel"
)
FIRST_YEAR, LAST_YEAR = 1900, 2100
# RE2: an optional "kl." and a time at the end of the cell.
_TIME = r"(?i)(?:[ T]+(?:kl\.? *)?[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:[.,][0-9]+)?)?)$"
_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10: day numbers that are surely dates


@dataclass(frozen=True)
class Dates:
    """A parsed column: days (NaT where blank or bad) and the two masks."""

    values: np.ndarray  # datetime64[us], midnight
    blank: np.ndarray  # bool: nothing in the cell
    bad: np.ndarray  # bool: something in the cell that is not a date


def parse_date(text: str) -> dt.date | None:
    """One cell without its time of day; None when it is not a date we accept."""
    text = text.strip()
    try:
        if m := _DMY.fullmatch(text):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if len(m[3]) == 2:
                year += 2000
        elif m := _YMD.fullmatch(text) or _COMPACT.fullmatch(text):
            year, month, day = int(m[1]), int(m[2]), int(m[3])
        elif (m := _SERIAL.fullmatch(text)) and _SERIALS[0] <= int(m[1]) <= _SERIALS[1]:
            return _EXCEL_EPOCH + dt.timedelta(days=int(m[1]))
        else:
            return None
        date = dt.date(year, month, day)
    except ValueError:  # 31.02.2025
        return None
    return date if FIRST_YEAR <= date.year <= LAST_YEAR else None


def parse_dates(cells: pd.Series) -> Dates:
    """Parse a column of cells (text or NA) into days, marking blank and bad cells."""
    text = trimmed(cells)
    blank = to_mask(pc.is_null(text))
    day = pc.replace_substring_regex(text, _TIME, "")
    codes, uniques = pd.factorize(pd.Series(day, dtype="str"))
    parsed = [parse_date(u) for u in uniques]
    lookup = np.array(
        [np.datetime64(d, "D") if d else np.datetime64("NaT") for d in parsed]
        + [np.datetime64("NaT")],
        dtype="datetime64[D]",
    )
    values = lookup[codes].astype(DATE_DTYPE)
    bad = ~blank & np.isnat(values)
    return Dates(values, blank, bad)


def checked_dates(body: Body, f: str, data: np.ndarray, required: bool) -> np.ndarray:
    """Days of a date column, with unknown_date / missing_value recorded for the data rows."""
    if f not in body.cols:
        return np.full(len(data), np.datetime64("NaT"), dtype=DATE_DTYPE)
    col = body.cols[f]
    dates = parse_dates(body.cells[col])
    body.error_cells(
        UNKNOWN_DATE, data & dates.bad, col,
        lambda raw: f"«{raw}» er ikke en dato vi kjenner igjen. Skriv for eksempel {ACCEPTED_DATES}.",
    )  # fmt: skip
    if required:
        text = f"Cellen er tom, men {body.label(f)} må fylles ut."
        for i in np.flatnonzero(data & dates.blank):
            body.error(MISSING_VALUE, text, int(body.rows[i]), col)
    return dates.values


def fmt_date(value: np.datetime64) -> str:
    """31.01.2025."""
    return pd.Timestamp(value).strftime("%d.%m.%Y")

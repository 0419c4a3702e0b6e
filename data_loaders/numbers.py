"""Vectorised parsing of numbers as Norwegian spreadsheets and exports write them.

Accepted: decimal comma or point (`12,5`, `12.5`), thousands separated by space, no-break
space, narrow no-break space or figure space (`1 234,5`), by points when a decimal comma
follows or there are several groups (`1.234,5`, `1.234.567`), by commas in English numbers
with a decimal point (`1,234.5`); a trailing `%`; minus as `-`, `−` (U+2212) or `–`.
A lone `1.234` is one point two three four, as Excel writes a number read as text.

Everything runs column-wise in Arrow (pyarrow.compute, RE2 patterns). First the whole column
is cast with the decimal comma made a point; only when a cell resists does a regex pick the
plain cells, and just the rest go through the clean-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# RE2 syntax (no \s, \d on non-ASCII data, lookarounds); whole-cell matches are anchored.
PLAIN = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
PLAIN_OR_COMMA = r"^[+-]?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$"
_SPACES = "[ \t\r\n\u00a0\u2007\u2009\u202f]+"
_MINUS = "[\u2212\u2013]"
_DOTS_THOUSANDS = r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]*$|^[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}$"
_COMMA_THOUSANDS = r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+$|^[+-]?[0-9]{1,3}(?:,[0-9]{3}){2,}$"


@dataclass(frozen=True)
class Numbers:
    """A parsed column: values (NaN where blank or bad) and the two masks."""

    values: np.ndarray  # float64
    blank: np.ndarray  # bool: nothing in the cell
    bad: np.ndarray  # bool: something in the cell that is not a number

    # Behaves like its values where an array is expected (np.asarray, zip, len).
    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.values if dtype is None else self.values.astype(dtype)

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def to_arrow(cells: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array (nulls for missing cells)."""
    if not isinstance(cells.dtype, pd.StringDtype):
        cells = cells.astype("str")
    arr = pa.chunked_array(cells)
    return (
        arr
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
        else arr.cast(pa.string())
    )


def distinct(arr: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The distinct values of a column and, per row, its value's position among them
    (nulls point one past the end)."""
    enc = pc.dictionary_encode(arr.combine_chunks())
    where = pc.fill_null(enc.indices, len(enc.dictionary)).to_numpy(zero_copy_only=False)
    return enc.dictionary, where


def per_value(
    arr: pa.ChunkedArray, fn: Callable[[pa.Array], pa.Array | pa.ChunkedArray]
) -> pa.ChunkedArray:
    """`fn` over each distinct value once, spread back over the rows (an export repeats a few
    thousand names and periods over 200,000 rows). `fn` maps an array element by element."""
    chunks = [pc.take(fn(c.dictionary), c.indices) for c in pc.dictionary_encode(arr).chunks]
    return pa.chunked_array(chunks) if chunks else fn(arr)


def trimmed(cells: pd.Series) -> pa.ChunkedArray:
    """The column as Arrow strings, stripped (also of no-break spaces); blank -> null."""
    return _trim(to_arrow(cells))


def _trim(arr: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    text = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def as_text(cells: pd.Series) -> pd.Series:
    """The column as pandas' string dtype, stripped (also of no-break spaces); blank -> NA."""
    return pd.Series(trimmed(cells), dtype="str", index=cells.index)


def parse_numbers(cells: pd.Series) -> Numbers:
    """Parse a column of cells (text or NA) into floats, marking blank and bad cells.

    Each distinct spelling is parsed once (an export repeats its figures many times)."""
    spellings, where = distinct(to_arrow(cells))
    values, blank, bad = _parse(spellings)
    return Numbers(
        np.append(values, np.nan)[where],
        np.append(blank, True)[where],
        np.append(bad, False)[where],
    )


def _parse(cells: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, blank and bad of each cell."""
    text = _trim(cells)
    blank = to_mask(pc.is_null(text))
    try:  # the common case: every cell plain or with a decimal comma
        values = _cast(pc.replace_substring(text, ",", "."))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = np.full(len(text), np.nan)
        plain = to_mask(pc.match_substring_regex(text, PLAIN_OR_COMMA))
        if plain.any():
            values[plain] = _cast(pc.replace_substring(pc.filter(text, pa.array(plain)), ",", "."))
        need = ~blank & ~plain
        if need.any():
            values[need] = _cast(_clean(pc.filter(text, pa.array(need))))
    bad = ~blank & ~np.isfinite(values)  # also "nan", "inf" and overflow
    values[bad] = np.nan
    return values, blank, bad


def _clean(t: pa.ChunkedArray) -> pa.ChunkedArray:
    """Norwegian spellings to plain numbers; what still is not plain becomes null."""
    t = pc.replace_substring_regex(t, _SPACES, "")
    t = pc.replace_substring_regex(t, _MINUS, "-")
    t = pc.replace_substring_regex(t, "%$", "")
    dots = pc.match_substring_regex(t, _DOTS_THOUSANDS)
    t = pc.if_else(dots, pc.replace_substring(t, ".", ""), t)
    commas = pc.match_substring_regex(t, _COMMA_THOUSANDS)
    t = pc.if_else(commas, pc.replace_substring(t, ",", ""), t)
    t = pc.replace_substring(t, ",", ".")
    return pc.if_else(pc.match_substring_regex(t, PLAIN), t, pa.scalar(None, t.type))


def _cast(t: pa.ChunkedArray) -> np.ndarray:
    return pc.cast(t, pa.float64()).to_numpy(zero_copy_only=False).astype(float)


def to_mask(mask: pa.ChunkedArray, fill: bool = False) -> np.ndarray:
    """An Arrow boolean column as a numpy mask, nulls as `fill`."""
    return pc.fill_null(mask, fill).to_numpy(zero_copy_only=False).astype(bool)


def parse_number(text: str | None) -> float | None:
    """One cell; None when blank or not a number (for messages and tests)."""
    n = parse_numbers(pd.Series([text], dtype="str"))
    return None if n.blank[0] or n.bad[0] else float(n.values[0])

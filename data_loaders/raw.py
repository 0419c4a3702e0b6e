"""A raw table of text cells as read from an upload, and reading an upload only once.

`RawTable` is what every reader returns: all cells of one sheet (or one csv) as text or NA,
row `i` being Excel row `first_row + i`. `read_once()` marks the span of one upload's
handling (kind detection, then the loader, then perhaps a retry with a saved mapping): inside
it `shared` keeps what was read from the bytes, so the workbook is inflated, scanned and parsed
once, not once per step. Outside such a block nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

from data_loaders.issues import Issue, LoadError

HEAD_ROWS = 30  # the header row must lie within the first 30 rows
UPLOAD_SPREADSHEET = "Last opp en Excel-fil (.xlsx) eller en CSV-fil."


@dataclass(frozen=True)
class RawTable:
    """All cells of one sheet (or one csv from its header line) as text or NA."""

    cells: pd.DataFrame  # columns 0..n-1, values str or NA
    first_row: int  # Excel row number of cells.iloc[0]
    sheet: str | None  # xlsx sheet name; None for csv
    dialect: str  # "xlsx", "csv (;, Windows-1252)", ...
    # csv only: number of fields in the header line; a line with non-empty fields beyond it
    # is an error (an unquoted decimal comma in a comma-separated file, typically).
    fixed_width: int | None = None

    def head(self, n: int = HEAD_ROWS) -> list[list[str | None]]:
        """The first n rows as lists of cells (None for blank)."""
        top = self.cells.iloc[:n]
        return [[_cell(v) for v in row] for row in top.itertuples(index=False, name=None)]

    @property
    def is_blank(self) -> bool:
        if self.cells.empty:
            return True
        return not any(_nonblank(self.cells[c]).any() for c in self.cells.columns)


def _cell(value: object) -> str | None:
    import numpy as np
    import pandas as pd

    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value)
    return text if text.strip() else None


def _nonblank(col: pd.Series) -> pd.Series:
    """True where a cell holds something other than whitespace."""
    if col.dtype == object:
        col = col.astype("str")
    return col.notna() & (col.str.strip() != "")


def fail(file: str, code: str, text: str, sheet: str | None = None) -> LoadError:
    return LoadError((Issue(code, text, file, sheet),))


# What was read from one upload's bytes, while a read_once() block runs: (step, id) ->
# (the bytes, the result). The bytes are kept so an id reused by new bytes never matches.
_READS: ContextVar[dict[tuple[str, int], tuple[bytes, Any]] | None] = ContextVar(
    "reads", default=None
)
T = TypeVar("T")


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block each step of reading an upload runs once per bytes object."""
    token = _READS.set({})
    try:
        yield
    finally:
        _READS.reset(token)


def reading_once() -> bool:
    """True inside a read_once() block."""
    return _READS.get() is not None


def shared(step: str, data: bytes, read: Callable[[], T]) -> T:
    """`read()`, or inside read_once() what it gave for these very bytes before."""
    reads = _READS.get()
    if reads is None:
        return read()
    key = (step, id(data))
    if key in reads and reads[key][0] is data:
        return reads[key][1]
    value = read()
    reads[key] = (data, value)
    return value

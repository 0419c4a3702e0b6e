"""The data rows under a header row, and the problems found in them, each with its place.

Row i of `cells` is Excel row `rows[i]`. A column is its position in the header row; messages
name it by the header cell as written. Errors are collected and raised together, sorted by
row and column; warnings are kept in the order they were found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data_loaders.issues import Issue, LoadError
from data_loaders.specs import SICK_LEAVE, KindSpec


@dataclass
class Body:
    """The rows below the header row of one table, and the issues found in them so far."""

    file: str
    sheet: str | None  # xlsx sheet name; None for csv
    header_cells: list[str]  # the header row, stripped ("" for blank)
    header_row: int  # Excel row of the header
    cells: pd.DataFrame  # the rows below the header, index 0..n-1
    cols: dict[str, int]  # canonical field -> column position
    spec: KindSpec = SICK_LEAVE  # the kind of file: field labels for messages
    errors: list[tuple[int, int, Issue]] = field(default_factory=list)  # (row, col, issue)
    warnings: list[Issue] = field(default_factory=list)
    rows: np.ndarray = field(init=False)  # Excel row of each body row

    def __post_init__(self) -> None:
        self.rows = np.arange(len(self.cells), dtype=np.int64) + self.header_row + 1

    def issue(self, code: str, text: str, row: int | None = None, col: int | None = None) -> Issue:
        column = self.header_cells[col] if col is not None else None
        return Issue(code, text, self.file, self.sheet, row, column)

    def error(self, code: str, text: str, row: int | None = None, col: int | None = None) -> None:
        self.errors.append((row or 0, -1 if col is None else col, self.issue(code, text, row, col)))

    def warn(self, code: str, text: str, row: int | None = None, col: int | None = None) -> None:
        self.warnings.append(self.issue(code, text, row, col))

    def error_cells(
        self, code: str, rows: np.ndarray, col: int, message: Callable[[str], str]
    ) -> None:
        """One error per body row where `rows` is true, its text made from the cell as written."""
        idx = np.flatnonzero(rows)
        for i, raw in zip(idx, self.raw(col, idx), strict=True):
            self.error(code, message(raw), int(self.rows[i]), col)

    def label(self, f: str) -> str:
        """The field's Norwegian name, as messages write it."""
        return self.spec.labels[f]

    def raw(self, col: int, idx: np.ndarray) -> list[str]:
        """The cells as written (stripped) at these body positions, fetched in one go."""
        values = self.cells[col].iloc[idx].tolist()
        return ["" if v is None or v != v else str(v).strip() for v in values]

    def raise_errors(self) -> None:
        """Raise every error found, in row and column order; nothing when there are none."""
        if self.errors:
            self.errors.sort(key=lambda e: (e[0], e[1]))
            raise LoadError(tuple(e[2] for e in self.errors))

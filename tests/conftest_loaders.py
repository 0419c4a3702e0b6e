"""Helpers for the loader tests: small real xlsx and csv files built in memory.

Imported by tests/test_loaders_*.py (not a pytest conftest: nothing here is collected).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
import xlsxwriter

from data_loaders.batch import Batch, SourceFile
from data_loaders.issues import Issue, LoadError
from data_loaders.sick_leave import load_sick_leave

HEADER = ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]


@dataclass(frozen=True)
class Pct:
    """A number written to xlsx as a percent-formatted cell (0.068 shows as 6,8 %)."""

    value: float


@dataclass(frozen=True)
class Formula:
    """A formula cell with its cached result."""

    formula: str
    value: float


def xlsx_bytes(
    rows: list[list[object]],
    sheet: str = "Ark1",
    *,
    first_col: int = 0,
    before: list[tuple[str, list[list[object]], bool]] = (),
) -> bytes:
    """An xlsx whose sheet holds `rows` from A1 (None = no cell; datetimes get a date format).

    `before` adds sheets ahead of it: (name, rows, hidden).
    """
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    date = wb.add_format({"num_format": "mmm yyyy"})
    pct = wb.add_format({"num_format": "0.0%"})

    def fill(ws, content):
        for r, row in enumerate(content):
            for c, value in enumerate(row):
                c += first_col
                if value is None:
                    continue
                if isinstance(value, dt.date | dt.datetime):
                    ws.write_datetime(r, c, value, date)
                elif isinstance(value, Pct):
                    ws.write_number(r, c, value.value, pct)
                elif isinstance(value, Formula):
                    ws.write_formula(r, c, value.formula, None, value.value)
                else:
                    ws.write(r, c, value)

    hidden = []
    for name, content, is_hidden in before:
        ws = wb.add_worksheet(name)
        fill(ws, content)
        if is_hidden:
            hidden.append(ws)
    main = wb.add_worksheet(sheet)
    fill(main, rows)
    main.activate()  # a hidden sheet cannot be the active one
    for ws in hidden:
        ws.hide()
    wb.close()
    return buf.getvalue()


def csv_bytes(
    lines: list[str], encoding: str = "utf-8", *, bom: bool = False, newline: str = "\r\n"
) -> bytes:
    data = (newline.join(lines) + newline).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def load(name: str, data: bytes, mapping: dict[str, str] | None = None) -> Batch:
    return load_sick_leave(SourceFile(name, data), mapping)


def load_error(name: str, data: bytes, mapping: dict[str, str] | None = None) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_sick_leave(SourceFile(name, data), mapping)
    return info.value


def one(err_or_issues: LoadError | tuple[Issue, ...], code: str) -> Issue:
    """The single issue with this code."""
    issues = err_or_issues.issues if isinstance(err_or_issues, LoadError) else err_or_issues
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, [i.message for i in issues]
    return found[0]


def simple_csv(data_lines: list[str], header: list[str] = HEADER, **kw) -> bytes:
    return csv_bytes([";".join(header), *data_lines], **kw)

"""The steps every loader shares, from bytes to the body rows under a recognised header row.

`open_table` reads the cells and picks the first sheet (or the csv) with a
header row the kind's synonym table recognises; `body_of` maps the header and refuses the
file at once when required columns are missing or ambiguous. `text_column`, `warn_rows` and
`warn_totals_dropped` are the small column and message helpers the loaders have in common.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data_loaders import headers as hdr
from data_loaders import readers
from data_loaders.batch import Batch, SourceFile
from data_loaders.body import Body
from data_loaders.issues import (
    EMPTY_FILE,
    MISSING_COLUMN,
    NO_DATA_ROWS,
    NO_HEADER,
    TOTALS_DROPPED,
    Issue,
    LoadError,
)
from data_loaders.numbers import per_value, trimmed
from data_loaders.wording import count, rows_list

_INNER_SPACE = "[ \t\r\n\u00a0\u2007\u202f]+"


def open_table(
    source: SourceFile, fmt: str, matcher: hdr.HeaderMatcher
) -> tuple[readers.RawTable, int]:
    """The first visible sheet (or the csv) with a recognisable header row, and that row.

    `fmt` is what readers.detect_format said about the bytes.
    """
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
        f"for eksempel {matcher.spec.examples}. Du kan også koble kolonnene selv."
    )
    issue = Issue(NO_HEADER, text, source.name, first.sheet if len(seen) == 1 else None)
    raise LoadError((issue,), found_headers=guess_headers(first))


def guess_headers(table: readers.RawTable) -> tuple[str, ...]:
    """The fullest of the first rows: most likely the headers, for a manual mapping."""
    guess = max(table.head(), key=lambda row: sum(c is not None for c in row), default=[])
    return tuple(c.strip() for c in guess if c is not None)


def body_of(
    source: SourceFile, table: readers.RawTable, h: int, matcher: hdr.HeaderMatcher
) -> tuple[Body, hdr.ColumnMatch]:
    """The rows below header row `h`, with its columns mapped; raises on structural problems."""
    header_cells = [(c or "").strip() for c in table.head(h + 1)[h]]
    match = matcher.match(header_cells)
    body = Body(
        source.name,
        table.sheet,
        header_cells,
        table.first_row + h,
        table.cells.iloc[h + 1 :].reset_index(drop=True),
        match.columns,
        spec=matcher.spec,
    )
    check_structure(body, match)
    return body, match


def check_structure(body: Body, match: hdr.ColumnMatch) -> None:
    """Ambiguous or missing columns: raised at once, with the headers found."""
    issues = [body.issue(code, text, body.header_row) for code, text in match.problems]
    missing = hdr.missing_fields(match.columns, body.spec)
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


def text_column(body: Body, f: str, collapse: bool = True) -> pd.Series:
    """Stripped text (NA when blank or the column is absent); `collapse` makes inner runs of
    whitespace one space (names), free text keeps its line breaks."""
    if f not in body.cols:
        return pd.Series([None] * len(body.cells), dtype="str")
    text = trimmed(body.cells[body.cols[f]])
    if collapse:
        text = per_value(text, lambda v: pc.replace_substring_regex(v, _INNER_SPACE, " "))
    return pd.Series(text, dtype="str")


def warn_rows(body: Body, rows: np.ndarray, code: str, what: str) -> None:
    """One warning naming the rows skipped (or noted) for one reason."""
    idx = np.flatnonzero(rows)
    if not len(idx):
        return
    body.warn(code, f"{count(len(idx), 'rad', 'rader')} {what} ({rows_list(body.rows[idx])}).")


def warn_totals_dropped(body: Body, total: np.ndarray) -> None:
    """Say which rows were recognised as totals and left out."""
    idx = np.flatnonzero(total)
    if len(idx):
        body.warn(
            TOTALS_DROPPED,
            f"{count(len(idx), 'sumrad', 'sumrader')} er gjenkjent og ikke importert "
            f"({rows_list(body.rows[idx])}). Dashbordet regner summene selv.",
        )


def make_batch(
    kind: str,
    source: SourceFile,
    table: readers.RawTable,
    body: Body,
    frame: pd.DataFrame,
    empty: np.ndarray,
    total: np.ndarray,
    column_map: dict[str, str] | None = None,
) -> Batch:
    """The Batch of a loaded table: provenance from the source and table, rows read (all but
    empty ones), dropped totals rows, the columns used and the warnings collected. A table
    with nothing to import (headers only, or every row skipped) is a LoadError saying why."""
    if frame.empty:
        skipped = " ".join(w.text for w in body.warnings)
        raise readers.fail(
            source.name,
            NO_DATA_ROWS,
            f"Ingen rader å importere: under overskriftene på rad {int(body.header_row)} er det"
            " ingen rader med data." + (f" Hoppet over: {skipped}" if skipped else ""),
            table.sheet,
        )
    return Batch(
        kind=kind,
        file_name=source.name,
        sha256=source.sha256,
        sheet=table.sheet,
        dialect=table.dialect,
        header_row=int(body.header_row),
        rows_read=int((~empty).sum()),
        frame=frame,
        column_map=column_map or {f: body.header_cells[c] for f, c in body.cols.items()},
        dropped_rows=tuple(int(r) for r in body.rows[total]),
        warnings=tuple(body.warnings),
    )


def load_body(
    source: SourceFile, mapping: Mapping[str, str] | None, kind: str
) -> tuple[readers.RawTable, Body, hdr.ColumnMatch]:
    """The common start of every loader: detect the format, find the sheet and header row,
    match the columns. Raises LoadError when the file cannot be read or mapped."""
    fmt = readers.detect_format(source.name, source.data)
    matcher = hdr.HeaderMatcher(mapping, kind)
    table, h = open_table(source, fmt, matcher)
    body, match = body_of(source, table, h, matcher)
    return table, body, match

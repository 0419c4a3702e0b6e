"""The fast path for clean sick-leave csv exports: DuckDB parses, checks and writes them.

`try_ingest` takes a csv whose kind is sick leave, with recognised headers and a clean body.
This module reads its head (encoding, delimiter, kind, header row and columns) as the loader
does; csv_body.py lets DuckDB read the rows (`read_csv`, options as parameters), check them
(the loader's rules as SQL over the whole file) and write them through the full path's own
steps: provenance and AlreadyImported (`store.imports.write_import`), units
(`store.org.resolve_units`) and the delete-then-insert of the periods it covers
(`store.sick_leave.replace_rows`). The database ends up as the full loader leaves it.

It never reports a problem. When anything is not certain – an encoding DuckDB would not read
the way the loader does, quotes, blank lines, a year column, totals or notes, a cell any rule
would flag, anything the loader would warn about – it returns None and the full path runs
as before, with its Norwegian messages. Neither pandas nor pyarrow (nor numpy) is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading

import duckdb

from core.periods import month_range_label
from data_loaders import guards, readers
from data_loaders.batch import Batch, SourceFile
from data_loaders.csv_body import Layout, new_stage, stage_and_check, writer
from data_loaders.csv_reader import csv_head
from data_loaders.headers import HeaderMatcher, missing_fields
from data_loaders.issues import LoadError
from data_loaders.kind_scores import KINDS, kind_scores, winner
from store.database import Database
from store.imports import ImportResult, write_import
from store.sick_leave import KIND

DETECTION_ORDER = KINDS  # the order kind detection tries the kinds in (kinds.LOADERS too)

_BOM = b"\xef\xbb\xbf"
_MAC_ROMAN_BYTES = (b"\xbe", b"\xbf", b"\x8c", b"\xaf", b"\xae")  # ¾ ¿ Œ ¯ ® in cp1252


def try_ingest(db: Database, source: SourceFile, user: str | None = None) -> ImportResult | None:
    """Ingest a clean sick-leave csv, or return None (nothing written) for the full path.

    Raises what the full path's write raises (AlreadyImported, a database error), never a
    LoadError.
    """
    layout = _layout(source)
    if layout is None:
        return None
    scan = _Scan(source)  # while DuckDB reads the file (it lets go of the GIL)
    stage = new_stage()
    try:
        checked = stage_and_check(db, source.data, layout, stage, scan.result)
        if checked is None:
            return None
        n, units, periods = checked
        batch = Batch(
            kind=KIND,
            file_name=source.name,
            sha256=scan.result()[0],
            sheet=None,
            dialect=layout.dialect,
            header_row=layout.header_row,
            rows_read=n,
            frame=None,  # type: ignore[arg-type]  # write_import needs the provenance only
            column_map=layout.column_map,
        )
        first = min(p[1] for p in periods)
        last = max(p[2] for p in periods)
        write = writer(stage, layout, n, units, periods)
        try:
            return write_import(db, batch, month_range_label(first, last), write, user)
        except duckdb.Error:  # rolled back; not the disk (DatabaseWriteFailed): the full path
            return None
    finally:
        scan.result()
        with db.cursor() as cur, contextlib.suppress(duckdb.Error):  # not attached: nothing
            cur.execute("DROP TABLE IF EXISTS " + stage)  # a checked name (new_stage)


# --------------------------------------------------------------------------------------------
# The head: encoding, delimiter, kind, header row, columns
# --------------------------------------------------------------------------------------------
class _Scan:
    """The passes over the whole file that the head does not need: the sha256, the line ends.

    Run in a thread while DuckDB reads the file. `result()`: (sha256, lines, carriage returns).
    """

    def __init__(self, source: SourceFile) -> None:
        self._out: list[tuple[str, int, int]] = []
        data = source.data
        ends = 0 if data.endswith(b"\n") else 1  # a last line without a line end

        def scan() -> None:
            self._out.append((source.sha256, data.count(b"\n") + ends, data.count(b"\r")))

        self._thread = threading.Thread(target=scan, daemon=True)
        self._thread.start()

    def result(self) -> tuple[str, int, int]:
        self._thread.join()
        return self._out[0]


def _layout(source: SourceFile) -> Layout | None:
    name, data = source.name, source.data
    if data[:2] == b"PK" or data.startswith(readers.OLE2_MAGIC):
        return None  # a workbook: never scan it twice
    try:
        if readers.detect_format(name, data) != readers.CSV:
            return None
        encoding = _encoding(name, data)
        if encoding is None or b'"' in data or b"\n" not in data:
            return None
        label, duck = encoding
        prefix = _first_lines(data, 400)
        head = csv_head(name, prefix)
    except (LoadError, UnicodeDecodeError):
        return None
    if head.encoding != label:  # an ASCII head of a Windows-1252 file decodes as UTF-8
        if not (label == "Windows-1252" and prefix.isascii()):
            return None
        head = dataclasses.replace(head, encoding=label)
    if winner(kind_scores([head.records])) != KIND:  # what detect_kind would say
        return None
    matcher = HeaderMatcher(None, KIND)
    k = matcher.header_at(head.records)
    if k is None or head.starts[: k + 1] != list(range(k + 1)):
        return None
    header = [(c or "").strip() for c in head.records[k]]
    match = matcher.match(header)
    if match.problems or match.year_column is not None or missing_fields(match.columns):
        return None
    return Layout(
        encoding=duck,
        dialect=head.dialect,
        delim=head.delim,
        skip=head.skip_lines + k + 1,
        header_row=k + 1,
        width=len(head.records[k]),
        cols=dict(match.columns),
        column_map={f: header[c] for f, c in match.columns.items()},
    )


def _encoding(name: str, data: bytes) -> tuple[str, str] | None:
    """(the loader's label, DuckDB's encoding) when both read the text the same way."""
    if data.startswith(_BOM):
        data[3:].decode("utf-8")  # UnicodeDecodeError: the loader refuses it
        return "UTF-8 med BOM", "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or guards.looks_utf16(data):
        return None
    if b"\x00" in data[:65536]:
        return None
    try:
        data.decode("utf-8")
        return "UTF-8", "utf-8"
    except UnicodeDecodeError:
        pass
    # Bytes 0x80-0x9f (where cp1252 and Latin-1 differ, and the five cp1252 cannot decode):
    # DuckDB refuses them in a Latin-1 file, so such a file defers (a test checks it).
    head = data[:1_000_000]  # the loader looks for Mac Roman in the first million characters
    if any(b in head for b in _MAC_ROMAN_BYTES):
        guards.not_mac_roman(name, head.decode("cp1252"))  # LoadError: defer
    return "Windows-1252", "latin-1"


def _first_lines(data: bytes, n: int) -> bytes:
    """The first n lines (the loader sniffs the first 400), or all of the file."""
    pos = -1
    for _ in range(n):
        pos = data.find(b"\n", pos + 1)
        if pos < 0:
            return data
    return data[: pos + 1]

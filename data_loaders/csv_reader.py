"""CSV uploads: the character set, the delimiter, the header line and the records below it.

The text is decoded as UTF-8 (with or without BOM), UTF-16 or Windows-1252 (Mac Roman is
refused, see guards.py), the delimiter is the one giving the most lines with the same number of
fields, and Excel's `sep=;` line is honoured and not shown as a row. The body from the header
line on becomes a RawTable of text cells; a line with fields beyond the header's is reported by
the loaders (`fixed_width`). Row `i` of the table is line `first_row + i` of the records.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from data_loaders import guards
from data_loaders.issues import CORRUPT, EMPTY_FILE, NOT_SPREADSHEET
from data_loaders.raw import HEAD_ROWS, UPLOAD_SPREADSHEET, RawTable, fail, shared

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = (";", ",", "\t", "|")  # preference order when two fit equally well
DELIMITER_NAMES = {";": ";", ",": ",", "\t": "tab", "|": "|"}


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Text and a label for its encoding: UTF-8 (with/without BOM), UTF-16 or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 med BOM"
        except UnicodeDecodeError as e:
            raise fail(
                name,
                CORRUPT,
                f"Filen sier at den er UTF-8, men har ugyldige tegn (byte {e.start + 4}). "
                "Lagre den på nytt som «CSV UTF-8».",
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or guards.looks_utf16(data):
        try:
            return guards.decode_utf16(data), "UTF-16"
        except UnicodeDecodeError:
            raise fail(name, CORRUPT, "Filen har ugyldige tegn for UTF-16.") from None
    if b"\x00" in data[:65536]:
        raise fail(
            name,
            NOT_SPREADSHEET,
            f"Filen er ikke et regneark eller en tekstfil. {UPLOAD_SPREADSHEET}",
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return guards.not_mac_roman(name, data.decode("cp1252")), "Windows-1252"
    except UnicodeDecodeError:
        code, text = guards.undecodable(data)
        raise fail(
            name, code, text or f"Filen er ikke et regneark eller en tekstfil. {UPLOAD_SPREADSHEET}"
        ) from None


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter giving the most lines with the same field count (title lines aside).

    Each candidate splits the non-blank lines; lines with one field (titles) do not vote. The
    winner has the most lines sharing its most common field count, then the larger count.
    """
    best, best_score = DELIMITERS[0], (0, 0)
    for delim in DELIMITERS:
        counts: dict[int, int] = {}
        for record in csv.reader(lines, delimiter=delim):
            n = len(record)
            if n > 1 and any(c.strip() for c in record):
                counts[n] = counts.get(n, 0) + 1
        if not counts:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (freq, width) > best_score:
            best, best_score = delim, (freq, width)
    return best


_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _CsvHead:
    """A decoded csv and its first HEAD_ROWS records, before the body is parsed."""

    text: str
    encoding: str  # label: "UTF-8", "Windows-1252", ...
    lines: list[str]  # the first 400 lines
    skip_lines: int  # 1 when the file starts with Excel's "sep=;" line
    delim: str
    records: list[list[str | None]]  # the first rows as cells (None for blank)
    starts: list[int]  # line (after skip_lines) on which each record starts

    @property
    def dialect(self) -> str:
        return f"csv ({DELIMITER_NAMES[self.delim]}, {self.encoding})"


def csv_head(name: str, data: bytes) -> _CsvHead:
    """The decoded text and its first records (read once per upload, see raw.read_once)."""
    return shared("csv_head", data, lambda: _csv_head(name, data))


def _csv_head(name: str, data: bytes) -> _CsvHead:
    text, encoding = decode_text(name, data)
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    if not text or text.isspace():
        raise fail(name, EMPTY_FILE, "Filen er tom: den har ingen celler med innhold.")

    stream = io.StringIO(text)  # lines split on \n only, as the csv parser splits them
    lines = list(itertools.islice(stream, 400))
    delim = None
    skip_lines = 0
    hint = _SEP_HINT.match(lines[0]) if lines else None
    if hint and hint[1] in DELIMITERS:  # Excel's "sep=;" line is not shown as a row
        delim, skip_lines = hint[1], 1
    if delim is None:
        delim = sniff_delimiter([ln for ln in lines[skip_lines : skip_lines + 60] if ln.strip()])

    # The first rows as records (a quoted field may span lines), and the line each starts on.
    reader = csv.reader(iter(lines[skip_lines:]), delimiter=delim)
    records: list[list[str | None]] = []
    starts: list[int] = []
    try:
        while len(records) < HEAD_ROWS:
            starts.append(reader.line_num)
            record = next(reader)
            records.append([c if c.strip() else None for c in record])
    except (StopIteration, csv.Error):
        starts = starts[: len(records)]
    return _CsvHead(text, encoding, lines, skip_lines, delim, records, starts)


def csv_table(
    name: str, data: bytes, header_at: Callable[[list[list[str | None]]], int | None]
) -> RawTable:
    """The csv from its header line on (or from the top when no header is found).

    `header_at` gets the first rows as cell lists and returns the index of the header row.
    """
    import pandas as pd

    head = csv_head(name, data)
    records, delim = head.records, head.delim
    k = header_at(records)
    first_line = head.skip_lines + (head.starts[k] if k is not None else 0)
    body = head.text[sum(len(ln) for ln in head.lines[:first_line]) :]
    width = len(records[k]) if k is not None else max((len(r) for r in records), default=1)
    try:
        frame = _read_csv(body, delim, width)
    except (pd.errors.ParserError, pd.errors.ParserWarning):  # a line is wider: widen
        width = max(ln.count(delim) for ln in body.split("\n")) + 1
        try:
            frame = _read_csv(body, delim, width)
        except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as e:
            raise fail(name, CORRUPT, f"CSV-filen kan ikke leses: {e}.") from None
    fixed = len(records[k]) if k is not None else None
    return RawTable(frame, (k or 0) + 1, None, head.dialect, fixed)


def _read_csv(body: str, delim: str, width: int) -> pd.DataFrame:
    """All records as text; a line with more than `width` fields raises.

    Arrow's parser reads the common case, every line exactly `width` fields and no quotes, in
    a fraction of pandas' time; otherwise (a shorter, blank or wider line, a quote) pandas'
    rules decide: short lines are padded with NA, a wider one raises. index_col=False stops
    pandas from turning extra leading fields into an index; the warning it gives instead of
    an error when the first line is the wider one is made an error.
    """
    import pandas as pd
    import pyarrow as pa

    # Quotes (an unclosed one is an error in pandas) and a lone \r: pandas' rules.
    lone_cr = "\r" in body and body.count("\r") != body.count("\r\n")
    if '"' not in body and not lone_cr:
        try:
            return _read_csv_arrow(body, delim, max(width, 1))
        except pa.ArrowInvalid:
            pass
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        return pd.read_csv(
            io.StringIO(body),
            sep=delim,
            header=None,
            names=range(max(width, 1)),
            index_col=False,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quotechar='"',
            engine="c",
        )


def _read_csv_arrow(body: str, delim: str, width: int) -> pd.DataFrame:
    """The records as text when every one has exactly `width` fields; ArrowInvalid if not."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    names = [str(i) for i in range(width)]
    table = pa_csv.read_csv(
        io.BytesIO(body.encode("utf-8")),
        read_options=pa_csv.ReadOptions(column_names=names),
        parse_options=pa_csv.ParseOptions(
            delimiter=delim, quote_char='"', newlines_in_values=True, ignore_empty_lines=False
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame = table.to_pandas()
    frame.columns = range(width)
    return frame


def head_table(name: str, data: bytes) -> RawTable:
    """The first HEAD_ROWS records of the csv as a table (to tell what kind of file it is)."""
    import pandas as pd

    head = csv_head(name, data)
    width = max((len(r) for r in head.records), default=0)
    rows = [r + [None] * (width - len(r)) for r in head.records]
    return RawTable(pd.DataFrame(rows, dtype=object), 1, None, head.dialect)

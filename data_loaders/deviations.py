"""The deviation (avvik) loader: one exported case list to one validated Batch, or a LoadError
with every problem found.

The same path as sick leave (tables: read, find and map the header row; records: sort the
rows, shared rules), then the case rules column by column: dates (dates), status and
severity words and injury classes (looked up once per distinct spelling in
`column_maps/values.csv`), fraværsdager (validation), one row per saksnummer, and a closed
date not before the registered date. See DEVIATION_COLUMNS in batch.py for the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from data_loaders.batch import DEVIATION_COLUMNS, Batch, SourceFile
from data_loaders.body import Body
from data_loaders.dates import checked_dates
from data_loaders.issues import DUPLICATE_CASE, UNKNOWN_INJURY_TYPE, UNKNOWN_SEVERITY
from data_loaders.numbers import parse_numbers
from data_loaders.records import (
    check_closed,
    check_unit,
    decode,
    require,
    sort_rows,
    statuses,
    texts,
    value_key,
    value_map,
    warn_skipped,
)
from data_loaders.specs import DEVIATIONS
from data_loaders.tables import load_body, make_batch
from data_loaders.validation import check_width, checked_numbers

__all__ = ["KIND", "injury_class", "load_deviations", "severity"]

KIND = DEVIATIONS.kind
LOST_TIME = "fravær"
# "3", "3,0", "3 - Middels", "4: Alvorlig": the number counts.
_SEVERITY_NUMBER = re.compile(r"([1-5])(?:[.,]0+)?(?:\s*[-–.:)]\s*\S.*)?")


def load_deviations(source: SourceFile, mapping: Mapping[str, str] | None = None) -> Batch:
    """Read, check and convert one deviation export (xlsx or csv).

    `mapping` (canonical field -> header as written in the file) overrides the synonym table
    for this file. Raises LoadError carrying every problem found; nothing is half-loaded.
    """
    table, body, _ = load_body(source, mapping, KIND)

    text = texts(body, free_text=("beskrivelse",))
    rows = sort_rows(body, text, "saksnummer")
    warn_skipped(body, rows)
    data = rows.data & ~check_width(body, table.fixed_width, rows.data)

    for f in ("saksnummer", "status"):
        require(body, f, text[f], data)
    check_unit(body, text, data)
    registered = checked_dates(body, "registrert_dato", data, required=True)
    deadline = checked_dates(body, "frist", data, required=False)
    closed = checked_dates(body, "lukket_dato", data, required=False)
    status = statuses(body, text, data)
    grade = _severities(body, text, data)
    nums = {f: parse_numbers(body.cells[c]) for f, c in body.cols.items() if f == "fravaersdager"}
    days = checked_numbers(body, "fravaersdager", nums, data, required=False)
    injury = _injury_classes(body, text, days, data)
    _check_duplicates(body, text["saksnummer"], data)
    check_closed(body, data, registered, closed, status, "registrert dato", warn_undated=True)
    body.raise_errors()

    def column(f: str) -> pd.Series:
        if f not in text:
            return pd.Series([None] * int(data.sum()), dtype="str")
        return text[f][data].reset_index(drop=True)

    frame = pd.DataFrame(
        {
            "saksnummer": column("saksnummer"),
            "registrert_dato": registered[data],
            "virksomhet": column("virksomhet"),
            "sektor": column("sektor"),
            "enhet": column("enhet"),
            "kategori": column("kategori").fillna(""),
            "alvorlighetsgrad": pd.array(grade[data], dtype="Int64"),
            "alvorlighet_kilde": column("alvorlighetsgrad"),
            "status": pd.Series(status[data], dtype="str"),
            "status_kilde": column("status"),
            "frist": deadline[data],
            "lukket_dato": closed[data],
            "skadetype": column("skadetype"),
            "skadeklasse": pd.Series(injury[data], dtype="str"),
            "fravaersdager": days[data],
            "beskrivelse": column("beskrivelse"),
            "source_row": body.rows[data],
        }
    )
    return make_batch(
        KIND, source, table, body, frame.loc[:, list(DEVIATION_COLUMNS)], rows.empty, rows.total
    )


def severity(cell: str) -> int | None:
    """1–5 from a number or a word (lav 1, middels 3, høy 5); None when not understood."""
    word = value_map("alvorlighetsgrad").get(value_key(cell))
    if word is not None:
        return int(word)
    m = _SEVERITY_NUMBER.fullmatch(cell.strip())
    return int(m[1]) if m else None


def _severities(body: Body, text: dict[str, pd.Series], data: np.ndarray) -> np.ndarray:
    """Alvorlighetsgrad 1–5 per row (None when blank); unknown_severity for the rest."""
    if "alvorlighetsgrad" not in text:
        return np.full(len(data), None, dtype=object)

    def lookup(cell: str) -> tuple[bool, object]:
        grade = severity(cell)
        return grade is not None, grade

    values, unknown = decode(text["alvorlighetsgrad"], lookup)
    col = body.cols["alvorlighetsgrad"]
    body.error_cells(
        UNKNOWN_SEVERITY, data & unknown, col,
        lambda raw: f"«{raw}» er ikke en alvorlighetsgrad vi kjenner igjen. Bruk et tall fra 1 "
        "til 5 eller lav, middels eller høy.",
    )  # fmt: skip
    return values


def injury_class(cell: str) -> tuple[bool, str | None]:
    """(known, class) of a skadetype: 'fravær', 'medisinsk behandling', 'førstehjelp' or
    None (no injury: Ingen, Ingen skade)."""
    table = value_map("skadetype")
    key = value_key(cell)
    return (True, table[key]) if key in table else (False, None)


def _injury_classes(
    body: Body, text: dict[str, pd.Series], days: np.ndarray, data: np.ndarray
) -> np.ndarray:
    """Skadeklasse per row; fraværsdager above 0 always make it a lost-time injury.

    An injury text we cannot class is an error unless the days already decide the class.
    """
    lost_time = days > 0  # NaN compares False
    if "skadetype" not in text:
        return np.where(lost_time, LOST_TIME, None)
    values, unknown = decode(text["skadetype"], injury_class)
    values[lost_time] = LOST_TIME
    col = body.cols["skadetype"]
    body.error_cells(
        UNKNOWN_INJURY_TYPE, data & unknown & ~lost_time, col,
        lambda raw: f"«{raw}» er ikke en skadetype vi kjenner igjen. Bruk fraværsskade, "
        "medisinsk behandling, førstehjelp eller ingen skade.",
    )  # fmt: skip
    return values


def _check_duplicates(body: Body, saksnummer: pd.Series, data: np.ndarray) -> None:
    """The same saksnummer on two data rows: each later row names the first."""
    ids = saksnummer.where(pd.Series(data))
    dup = ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
    if not dup.any():
        return
    first_row = {}
    first = ~ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
    for i in np.flatnonzero(first & ids.duplicated(keep=False).to_numpy()):
        first_row[ids.iloc[i]] = int(body.rows[i])
    col = body.cols["saksnummer"]
    for i in np.flatnonzero(dup):
        body.error(
            DUPLICATE_CASE,
            f"Saksnummeret «{ids.iloc[i]}» står også på rad {first_row[ids.iloc[i]]}. "
            "Hver sak kan bare stå én gang i en fil.",
            int(body.rows[i]),
            col,
        )

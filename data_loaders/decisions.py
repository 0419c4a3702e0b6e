"""The decision-log (vedtak) loader: an AMU's follow-up spreadsheet of its decisions to one
validated Batch, or a LoadError with every problem found.

One row is one decision. The same path as the other record loaders (tables: read, find and
map the header row; records: sort the rows), then the decision rules: a møtedato, a vedtak
text and a status on every row; the status looked up in its own vocabulary (`vedtak_status`
in `column_maps/values.csv`: åpen, pågår, utført, lukket, avvist); frist and lukket dato dates;
a lukket dato only on lukket or avvist decisions, and not before the meeting; no decision twice
in one file. A frist before the meeting and closed decisions without a date are warnings.
See DECISION_COLUMNS in batch.py for the result; store/decision_import.py writes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from data_loaders.batch import DECISION_COLUMNS, Batch, SourceFile
from data_loaders.body import Body
from data_loaders.dates import checked_dates, fmt_date
from data_loaders.issues import (
    CLOSED_DATE_NOT_CLOSED,
    CLOSED_WITHOUT_DATE,
    DEADLINE_BEFORE_MEETING,
    DUPLICATE_ROW,
    UNKNOWN_STATUS,
)
from data_loaders.records import (
    check_closed,
    decode,
    require,
    sort_rows,
    texts,
    value_key,
    value_map,
    warn_skipped,
)
from data_loaders.specs import DECISIONS
from data_loaders.tables import load_body, make_batch, warn_rows
from data_loaders.validation import check_width

__all__ = ["CLOSED", "KIND", "STATUSES", "decision_key", "load_decisions", "same_text"]

KIND = DECISIONS.kind
STATUS_FIELD = "vedtak_status"  # the decision statuses' field in column_maps/values.csv
STATUSES = ("åpen", "pågår", "utført", "lukket", "avvist")
CLOSED = ("lukket", "avvist")  # a decision that is no longer followed up
FREE_TEXT = ("saksnr", "sak", "vedtak", "kommentar")  # kept as written, line breaks and all


def load_decisions(source: SourceFile, mapping: Mapping[str, str] | None = None) -> Batch:
    """Read, check and convert one AMU decision log (xlsx or csv).

    `mapping` (canonical field -> header as written in the file) overrides the synonym table
    for this file. Raises LoadError carrying every problem found; nothing is half-loaded.
    """
    table, body, _ = load_body(source, mapping, KIND)

    text = texts(body, free_text=FREE_TEXT)
    rows = sort_rows(body, text, "motedato")
    warn_skipped(body, rows)
    data = rows.data & ~check_width(body, table.fixed_width, rows.data)

    day = checked_dates(body, "motedato", data, required=True)
    for f in ("vedtak", "status"):
        require(body, f, text[f], data)
    deadline = checked_dates(body, "frist", data, required=False)
    status = _statuses(body, text["status"], data)
    closed = checked_dates(body, "lukket_dato", data, required=False)
    _check_closed_dates(body, text, data, day, closed, status)
    _check_duplicates(body, text, data, day)
    body.raise_errors()

    early = data & ~np.isnat(deadline) & ~np.isnat(day) & (deadline < day)
    warn_rows(
        body,
        early,
        DEADLINE_BEFORE_MEETING,
        "har frist før møtedatoen; sjekk at datoene er riktige",
    )
    _warn_undated(body, data, closed, status)

    def column(f: str) -> pd.Series:
        if f not in text:
            return pd.Series([None] * int(data.sum()), dtype="str")
        return text[f][data].reset_index(drop=True)

    frame = pd.DataFrame(
        {
            "utvalg": column("utvalg"),
            "motedato": day[data],
            "saksnr": column("saksnr"),
            "sak": column("sak"),
            "vedtak": column("vedtak"),
            "ansvarlig": column("ansvarlig"),
            "frist": deadline[data],
            "status": pd.Series(status[data], dtype="str"),
            "status_kilde": column("status"),
            "lukket_dato": closed[data],
            "kommentar": column("kommentar"),
            "source_row": body.rows[data],
        }
    )
    return make_batch(
        KIND, source, table, body, frame.loc[:, list(DECISION_COLUMNS)], rows.empty, rows.total
    )


def same_text(value: object) -> str:
    """Comparison key of a name or text: casefolded, single spaces; "" for blank."""
    if value is None or value is pd.NA or value != value:
        return ""
    return " ".join(str(value).split()).casefold()


def decision_key(
    committee: object, case_number: object, text: object, meeting_date: object
) -> tuple:
    """What makes two decisions the same one: committee, case number and text, compared
    without regard to case and whitespace. Without a case number the meeting date counts too
    ("Saken tas til orientering" is decided at many meetings)."""
    case = same_text(case_number)
    day = None if case or pd.isna(meeting_date) else pd.Timestamp(meeting_date).date()
    return (committee, case, same_text(text), day)


def _status(cell: str) -> tuple[bool, object]:
    table = value_map(STATUS_FIELD)
    key = value_key(cell)
    return (True, table[key]) if key in table else (False, None)


def _statuses(body: Body, status: pd.Series, data: np.ndarray) -> np.ndarray:
    """The decision status of each row (None when blank); unknown_status for the rest."""
    values, unknown = decode(status, _status)
    body.error_cells(
        UNKNOWN_STATUS, data & unknown, body.cols["status"],
        lambda raw: f"«{raw}» er ikke en status for vedtak vi kjenner igjen. Bruk åpen, pågår, "
        "utført, lukket eller avvist (eller et vanlig synonym som Ny, Under arbeid, "
        "Gjennomført, Avsluttet, Ikke vedtatt).",
    )  # fmt: skip
    return values


def _check_closed_dates(
    body: Body,
    text: dict[str, pd.Series],
    data: np.ndarray,
    day: np.ndarray,
    closed: np.ndarray,
    status: np.ndarray,
) -> None:
    """A lukket dato belongs to a lukket or avvist decision, and not before its meeting."""
    if "lukket_dato" not in body.cols:
        return
    check_closed(body, data, day, closed, status, "møtedatoen", warn_undated=False)
    known = np.array([s is not None for s in status], dtype=bool)
    is_closed = np.isin(status.astype(str), CLOSED)
    wrong = data & known & ~is_closed & ~np.isnat(closed)
    written = text["status"]
    for i in np.flatnonzero(wrong):
        body.error(
            CLOSED_DATE_NOT_CLOSED,
            f"Vedtaket har lukket dato ({fmt_date(closed[i])}), men status «{written.iloc[i]}». "
            "Bare vedtak med status lukket eller avvist kan ha lukket dato; rett statusen "
            "eller fjern datoen.",
            int(body.rows[i]),
            body.cols["lukket_dato"],
        )


def _check_duplicates(
    body: Body, text: dict[str, pd.Series], data: np.ndarray, day: np.ndarray
) -> None:
    """The same decision twice in one file: each later row names the first."""

    def cell(f: str, i: int) -> object:
        return text[f].iloc[i] if f in text else None

    first: dict[tuple, int] = {}
    col = body.cols["vedtak"]
    for i in np.flatnonzero(data & text["vedtak"].notna().to_numpy()):
        key = decision_key(
            same_text(cell("utvalg", i)), cell("saksnr", i), cell("vedtak", i), day[i]
        )
        row = int(body.rows[i])
        if key not in first:
            first[key] = row
            continue
        case = "samme saksnummer" if key[1] else "samme møtedato, uten saksnummer,"
        body.error(
            DUPLICATE_ROW,
            f"Det samme vedtaket ({case} og samme vedtakstekst) står også på rad "
            f"{first[key]}. Hvert vedtak kan bare stå én gang i en fil.",
            row,
            col,
        )


def _warn_undated(body: Body, data: np.ndarray, closed: np.ndarray, status: np.ndarray) -> None:
    """One warning for the lukket and avvist decisions without a lukket dato."""
    undated = data & np.isin(status.astype(str), CLOSED) & np.isnat(closed)
    why = "" if "lukket_dato" in body.cols else " (filen har ingen kolonne for lukket dato)"
    warn_rows(
        body,
        undated,
        CLOSED_WITHOUT_DATE,
        f"har status lukket eller avvist, men ingen lukket dato{why}; vedtakene lagres uten "
        "lukket dato",
    )

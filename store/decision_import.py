"""Writing an imported AMU decision log (vedtak) into the register, once and all or nothing.

Each row becomes one `decisions` row (no agenda case: case_id NULL) with its `decision_log`
trail: 'opprettet' with the status, and the file's Kommentar as a 'comment'. The committee of
a row is the file's Utvalg cell, else the committee chosen at import, else the only committee
in the register; one that cannot be told refuses the whole file before anything is written.
A decision already in the register (see data_loaders.decisions.decision_key) is skipped and
counted, so an overlapping older log adds only what is new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass

import duckdb
import numpy as np
import pandas as pd

from data_loaders.batch import Batch
from data_loaders.decisions import CLOSED, decision_key, same_text
from data_loaders.issues import UNKNOWN_COMMITTEE, Issue, LoadError
from data_loaders.wording import rows_list
from store.database import Database
from store.imports import AlreadyImported, ImportResult, Written, find_by_sha, write_import

__all__ = ["CLOSED_REASON", "KIND", "write_decision_log"]

KIND = "vedtak"
CLOSED_REASON = "Lukket før registeret ble tatt i bruk (importert)"
LOG_FIELDS = ("id", "decision_id", "changed_at", "changed_by", "field", "old", "new", "comment")


def write_decision_log(
    db: Database,
    batch: Batch,
    user: str | None = None,
    dry_run: bool = False,
    committee: str | None = None,
) -> ImportResult:
    """Write one validated decision log, all or nothing.

    Raises AlreadyImported for the same bytes, and LoadError (nothing written) when a row's
    committee is not in the register or cannot be told.
    """
    earlier = find_by_sha(db, batch.kind, batch.sha256)
    if earlier:
        raise AlreadyImported(*earlier)
    frame = batch.frame
    committee_ids = _committee_ids(db, batch, committee)
    user = user or getpass.getuser()
    days = pd.to_datetime(frame["motedato"])
    periods = f"{days.min():%d.%m.%Y}–{days.max():%d.%m.%Y}" if len(frame) else ""

    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        seen = {
            decision_key(c, case, text, day)
            for c, case, text, day in con.execute(
                "SELECT committee_id, case_number, text, meeting_date FROM decisions"
            ).fetchall()
        }
        keep = np.zeros(len(frame), dtype=bool)
        for i, row in enumerate(frame.itertuples(index=False)):
            key = decision_key(committee_ids[i], row.saksnr, row.vedtak, row.motedato)
            keep[i] = key not in seen
            seen.add(key)
        now = dt.datetime.now()
        decisions, log = _rows(con, frame[keep], committee_ids[keep], batch, import_id, user, now)
        if len(decisions):
            _insert(con, decisions, log)
        skipped = int((~keep).sum())
        details = f"{skipped} vedtak fantes fra før og ble hoppet over" if skipped else ""
        return Written(len(decisions), 0, {}, details)

    return write_import(db, batch, periods, write, user, dry_run)


def _rows(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    committee_ids: np.ndarray,
    batch: Batch,
    import_id: int,
    user: str,
    now: dt.datetime,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The new decisions and their log rows, with explicit ids (max + 1, as imports have)."""
    [(first_id,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM decisions").fetchall()
    [(first_log,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM decision_log").fetchall()
    n = len(frame)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    closed = frame["status"].isin(CLOSED).to_numpy()
    decisions = pd.DataFrame(
        {
            "id": ids,
            "committee_id": committee_ids.astype(np.int64),
            "case_id": pd.array([None] * n, dtype="Int64"),
            "meeting_date": _days(frame["motedato"]),
            "case_number": _text(frame["saksnr"]),
            "case_title": _text(frame["sak"]),
            "text": _text(frame["vedtak"]),
            "owner": _text(frame["ansvarlig"]),
            "deadline": _days(frame["frist"]),
            "status": _text(frame["status"]),
            "closed_date": _days(frame["lukket_dato"].where(closed)),
            "closed_reason": np.where(closed, CLOSED_REASON, None),
            "created_at": [now] * n,
            "created_by": [user] * n,
            "import_id": np.full(n, import_id, dtype=np.int64),
            "source_row": frame["source_row"].to_numpy(dtype=np.int64),
        }
    )
    log = []
    for decision_id, row in zip(ids, frame.itertuples(index=False), strict=True):
        where = f"Importert fra {batch.file_name}, rad {int(row.source_row)}"
        log.append((int(decision_id), now, user, "opprettet", None, row.status, where))
        if not pd.isna(row.kommentar):
            log.append((int(decision_id), now, user, "comment", None, None, row.kommentar))
    log_frame = pd.DataFrame(log, columns=list(LOG_FIELDS[1:]), dtype=object)
    log_frame.insert(0, "id", np.arange(first_log, first_log + len(log), dtype=np.int64))
    return decisions, log_frame


def _insert(con: duckdb.DuckDBPyConnection, decisions: pd.DataFrame, log: pd.DataFrame) -> None:
    """INSERT the new decisions and their log rows from registered frames."""
    con.register("decisions_in", decisions)
    con.register("log_in", log)
    try:
        con.execute(
            "INSERT INTO decisions (id, committee_id, case_id, meeting_date, case_number,"
            " case_title, text, owner, deadline, status, closed_date, closed_reason, created_at,"
            " created_by, import_id, source_row) SELECT id, committee_id, case_id, meeting_date,"
            " case_number, case_title, text, owner, deadline, status, closed_date, closed_reason,"
            " created_at, created_by, import_id, source_row FROM decisions_in"
        ).fetchall()
        con.execute(
            "INSERT INTO decision_log (id, decision_id, changed_at, changed_by, field, old, new,"
            " comment) SELECT id, decision_id, changed_at, changed_by, field, old, new, comment"
            " FROM log_in"
        ).fetchall()
    finally:  # after a failed statement the transaction is aborted: keep its error
        with contextlib.suppress(duckdb.Error):
            con.unregister("decisions_in")
            con.unregister("log_in")


def _days(values: pd.Series) -> list[dt.date | None]:
    return [None if pd.isna(v) else pd.Timestamp(v).date() for v in values]


def _text(values: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in values]


def _committee_ids(db: Database, batch: Batch, chosen: str | None) -> np.ndarray:
    """The committee id of each row; LoadError naming every row it cannot be told for."""
    by_name = {same_text(name): (cid, name) for cid, name in db.rows(
        "SELECT id, name FROM committees ORDER BY name")}  # fmt: skip
    names = ", ".join(f"«{name}»" for _, name in by_name.values()) or "ingen"

    default: int | None = None
    default_problem: str | None = None
    if chosen is not None and chosen.strip():
        found = by_name.get(same_text(chosen))
        if found is None:
            default_problem = (
                f"Utvalget «{chosen.strip()}» finnes ikke i registeret. Utvalg som finnes: "
                f"{names}. Velg et av dem, eller opprett utvalget først."
            )
        else:
            default = found[0]
    elif len(by_name) == 1:
        default = next(iter(by_name.values()))[0]
    elif not by_name:
        default_problem = (
            "Det finnes ingen utvalg i registeret ennå. Opprett utvalget (for eksempel AMU "
            "eller HAMU) før vedtaksloggen importeres."
        )
    else:
        default_problem = (
            f"Vet ikke hvilket utvalg vedtakene hører til: registeret har flere utvalg ({names}). "
            "Velg utvalget ved importen, eller legg til en kolonne Utvalg i filen."
        )

    cells = batch.frame["utvalg"]
    rows = batch.frame["source_row"].to_numpy()
    column = batch.column_map.get("utvalg")
    ids = np.zeros(len(cells), dtype=np.int64)
    issues: list[Issue] = []
    need_default = []
    for i, cell in enumerate(cells):
        if pd.isna(cell):
            need_default.append(int(rows[i]))
            continue
        found = by_name.get(same_text(cell))
        if found is None:
            text = (
                f"Utvalget «{cell}» finnes ikke i registeret. Utvalg som finnes: {names}. Rett "
                "navnet i filen, eller opprett utvalget først."
            )
            issues.append(Issue(UNKNOWN_COMMITTEE, text, batch.file_name, batch.sheet,
                                int(rows[i]), column))  # fmt: skip
        else:
            ids[i] = found[0]
    if need_default:
        if default is None:
            problem = default_problem or ""
            if column is not None:
                problem += f" Utvalg-kolonnen er tom på {rows_list(np.array(need_default))}."
            issues.insert(0, Issue(UNKNOWN_COMMITTEE, problem, batch.file_name, batch.sheet))
        else:
            ids[pd.isna(cells).to_numpy()] = default
    elif default_problem and chosen is not None and chosen.strip():
        # Every row names its committee, but the one chosen does not exist: say so too.
        issues.insert(0, Issue(UNKNOWN_COMMITTEE, default_problem, batch.file_name, batch.sheet))
    if issues:
        raise LoadError(tuple(issues))
    return ids

"""Decisions (vedtak) and their append-only follow-up log.

A decision's current state lives in `decisions`; every change of status, deadline, owner or
text, and every comment, is appended to `decision_log` with who and when, in the same
transaction as the change, and never updated or deleted. The current values are read inside
the write transaction (writes are serialised), so two sessions editing the same decision at
once both get their entries logged, each against the value it actually replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from store.audit import append
from store.database import Database
from store.meetings import case_label

STATUSES = ("åpen", "pågår", "utført", "lukket", "avvist")
FINAL = ("lukket", "avvist")  # closed: not followed up any more
FIELDS = ("status", "deadline", "owner", "text")  # what a change may touch
CLOSING = ("closed_date", "closed_reason", "closed_by_case")


class DecisionError(ValueError):
    """A decision change that cannot be made; the message is Norwegian and shown as is."""


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    by: str
    field: str
    old: str | None
    new: str | None
    comment: str | None


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _ids(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    [(d, g)] = con.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM decisions),"
        " (SELECT coalesce(max(id), 0) FROM decision_log)"
    ).fetchall()
    return int(d), int(g)


def _log(
    con: duckdb.DuckDBPyConnection,
    decision_id: int,
    by: str,
    at: dt.datetime,
    entries: Sequence[tuple[str, str | None, str | None, str | None]],
) -> None:
    _, last = _ids(con)
    for f, o, n, _ in entries:
        record_change(con, decision_id, by, f, o, n)
    con.executemany(
        "INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [[last + i + 1, decision_id, at, by, f, o, n, c] for i, (f, o, n, c) in enumerate(entries)],
    )


def record_change(con, decision_id: int, by: str, field: str, old, new) -> None:
    """The audit log's copy of a decision change (the decision log holds the full entry)."""
    append(con, by, "vedtak endret" if field != "opprettet" else "vedtak registrert",
            f"vedtak #{decision_id}", None, f"{field}: {old} → {new}")  # fmt: skip


def add_decision(
    db: Database,
    case_id: int,
    text: str,
    user: str,
    owner: str | None = None,
    deadline: dt.date | None = None,
    status: str = "åpen",
    at: dt.datetime | None = None,
) -> int:
    """Record a decision made in a case; its meeting, committee and case number come along.

    `at` backdates the record (the sample organisation's history); normally it is now.
    """
    text = (text or "").strip()
    if not text:
        raise DecisionError("Vedtaket må ha en tekst.")
    if status not in STATUSES or status in FINAL:
        raise DecisionError("Et nytt vedtak har status åpen, pågår eller utført.")
    now = at or dt.datetime.now()
    with db.transaction() as con:
        rows = con.execute(
            "SELECT k.committee_id, m.meeting_date, c.case_prefix, k.number, k.year, k.title"
            " FROM cases k JOIN meetings m ON m.id = k.meeting_id"
            " JOIN committees c ON c.id = k.committee_id WHERE k.id = ?",
            [case_id],
        ).fetchall()
        if not rows:
            raise DecisionError("Saken finnes ikke.")
        committee_id, meeting_date, prefix, number, year, title = rows[0]
        last, _ = _ids(con)
        decision_id = last + 1
        con.execute(
            "INSERT INTO decisions (id, committee_id, case_id, meeting_date, case_number,"
            " case_title, text, owner, deadline, status, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [decision_id, committee_id, case_id, meeting_date, case_label(prefix, number, year),
             title, text, (owner or "").strip() or None, deadline, status, now, user],
        ).fetchall()  # fmt: skip
        _log(
            con,
            decision_id,
            user,
            now,
            [("opprettet", None, status, f"Vedtatt i møte {meeting_date:%d.%m.%Y}")],
        )
    return decision_id


def change_decision(
    db: Database,
    decision_id: int,
    user: str,
    *,
    status: str | None = None,
    deadline: dt.date | None = None,
    owner: str | None = None,
    text: str | None = None,
    comment: str | None = None,
    closing_case_id: int | None = None,
    on: dt.date | None = None,
    clear_deadline: bool = False,
    at: dt.datetime | None = None,
) -> list[LogEntry]:
    """Apply a follow-up change and append it to the log; returns the entries written.

    Closing (status lukket or avvist) needs a reason (`comment`) or the later meeting's case
    that closed it (`closing_case_id`); it records the closing date (`on`, default today).
    Re-opening a closed decision needs a comment. Values equal to the current ones are not
    changes; a bare comment is logged as a comment.
    """
    comment = (comment or "").strip() or None
    if status is not None and status not in STATUSES:
        raise DecisionError(f"«{status}» er ikke en status. Bruk {', '.join(STATUSES)}.")
    with db.transaction() as con:
        now = at or dt.datetime.now()  # inside the write lock: log order = time order
        rows = con.execute(
            "SELECT status, deadline, owner, text, closed_date, closed_reason, closed_by_case"
            " FROM decisions WHERE id = ?",
            [decision_id],
        ).fetchall()
        if not rows:
            raise DecisionError("Vedtaket finnes ikke.")
        current = dict(zip((*FIELDS, *CLOSING), rows[0], strict=True))
        wanted = {"status": status, "owner": owner, "text": text}
        wanted["deadline"] = None if clear_deadline else deadline
        changes = []
        for f in FIELDS:
            new = wanted[f]
            if isinstance(new, str):
                new = new.strip() or None
                if new is None and f == "text":
                    raise DecisionError("Vedtaket må ha en tekst.")
            if new is None and not (f == "deadline" and clear_deadline):
                continue
            if new != current[f]:
                changes.append((f, current[f], new))
        closing = status in FINAL and current["status"] not in FINAL
        reopening = status is not None and status not in FINAL and current["status"] in FINAL
        closer = None
        if closing_case_id is not None:
            found = con.execute(
                "SELECT c.case_prefix, k.number, k.year, m.meeting_date FROM cases k"
                " JOIN committees c ON c.id = k.committee_id"
                " JOIN meetings m ON m.id = k.meeting_id WHERE k.id = ?",
                [closing_case_id],
            ).fetchall()
            if not found:
                raise DecisionError("Saken som skal lukke vedtaket finnes ikke.")
            p, n, y, d = found[0]
            closer = f"Lukket i møte {d:%d.%m.%Y}, sak {case_label(p, n, y)}"
        if closing and not (comment or closer):
            raise DecisionError(
                "Et vedtak lukkes bare ved vedtak i et senere møte eller av sekretæren med en"
                " begrunnelse. Skriv begrunnelsen."
            )
        if reopening and not comment:
            raise DecisionError("Skriv hvorfor vedtaket åpnes igjen.")
        if not changes and not comment:
            return []
        reason = " – ".join(x for x in (closer, comment) if x)
        entries = [(f, _text(o), _text(n), reason or None) for f, o, n in changes]
        if not entries:
            entries = [("comment", None, None, comment)]
        sets = dict(current) | {f: n for f, _, n in changes}
        if closing:
            sets["closed_date"] = on or now.date()
            sets["closed_reason"] = reason
            sets["closed_by_case"] = closing_case_id
        elif reopening:
            sets.update(closed_date=None, closed_reason=None, closed_by_case=None)
        con.execute(
            "UPDATE decisions SET status = ?, deadline = ?, owner = ?, text = ?, closed_date = ?,"
            " closed_reason = ?, closed_by_case = ? WHERE id = ?",
            [*(sets[c] for c in (*FIELDS, *CLOSING)), decision_id],
        ).fetchall()
        _log(con, decision_id, user, now, entries)
    return [LogEntry(now, user, f, o, n, c) for f, o, n, c in entries]


def decisions(db: Database, committee_id: int | None = None) -> pd.DataFrame:
    """Every decision with its committee name, newest meeting first."""
    return db.df(
        """
        SELECT d.id, d.committee_id, c.name AS committee, c.unit_id, d.case_id, d.meeting_date,
               d.case_number, d.case_title, d.text, d.owner, d.deadline, d.status,
               d.closed_date, d.closed_reason, d.closed_by_case, d.created_at, d.created_by, d.import_id,
               k.meeting_id
        FROM decisions d JOIN committees c ON c.id = d.committee_id
        LEFT JOIN cases k ON k.id = d.case_id
        WHERE ? IS NULL OR d.committee_id = ?
        ORDER BY d.meeting_date DESC NULLS LAST, d.id DESC
        """,
        [committee_id, committee_id],
    )


def history(db: Database, decision_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """The log, oldest first: decision_id, at, by, field, old, new, comment."""
    return db.df(
        "SELECT decision_id, changed_at AS at, changed_by AS by, field, old, new, comment"
        " FROM decision_log"
        " WHERE ? IS NULL OR list_contains(?, decision_id) ORDER BY decision_id, id",
        [None if decision_ids is None else 1, list(decision_ids or [])],
    )

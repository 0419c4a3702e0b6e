"""The audit log: append-only, one row per sign-in, import, mapping or settings change,
decision change, export and user change — who, what, when and in which scope.

Write inside the action's own transaction (`con`) where there is one, so the action and its
record are stored together or not at all.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

from store.database import Database

# Who is acting in this thread (a Streamlit session's script run, or the CLI): set once per run
# by the sign-in layer, read by the write paths that have no user argument of their own.
_ACTOR: contextvars.ContextVar[str] = contextvars.ContextVar("actor", default="system")


def set_actor(name: str) -> None:
    _ACTOR.set(name or "system")


def actor() -> str:
    return _ACTOR.get()


def record(
    db: Database,
    actor: str,
    action: str,
    target: str | None = None,
    scope: str | None = None,
    details: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> None:
    """Append one entry; with `con`, inside that (already open) transaction. A read-only
    database changes nothing, so it records nothing either."""
    if con is None and db.read_only:
        return
    if con is not None:
        append(con, actor, action, target, scope, details)
        return
    with db.transaction(changes_data=False) as own:  # no cached result reads the audit log
        append(own, actor, action, target, scope, details)


def append(con, actor, action, target, scope, details) -> None:
    """Insert one entry with a connection already inside a transaction."""
    [(next_id,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchall()
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        [next_id, dt.datetime.now(), actor, action, target, scope, details],
    ).fetchall()


def audit_log(
    db: Database, limit: int = 1000, actor: str | None = None, action: str | None = None
) -> pd.DataFrame:
    """Newest first: logged_at, actor, action, target, scope, details."""
    return db.df(
        "SELECT logged_at, actor, action, target, scope, details FROM audit_log"
        " WHERE (? IS NULL OR actor = ?) AND (? IS NULL OR action = ?)"
        " ORDER BY id DESC LIMIT ?",
        [actor, actor, action, action, limit],
    )

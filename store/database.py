"""Opening the DuckDB file, transactions, and the data version that caches key on.

One `Database` per process holds the DuckDB connection. DuckDB connections are not safe to
share between threads, and Streamlit runs each session's script in its own thread, so every
read and every transaction works on its own cursor (`con.cursor()`, a cheap duplicate of the
connection). Writes are serialised by one lock per database file, shared by every handle to it
in the process; each write is one transaction that also bumps `data_version`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

DEFAULT_DB = Path("data") / "hms.duckdb"


def default_db_path() -> Path:
    """`HMS_DB` from the environment, else data/hms.duckdb under the working directory."""
    return Path(os.environ.get("HMS_DB") or DEFAULT_DB)


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    """One write lock per database file in this process, shared by every handle to it, so two
    handles (two sessions) never run conflicting transactions on the same rows."""
    key = path.resolve()
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


class DatabaseBusy(RuntimeError):
    """Another process holds the database file open for writing."""


class Database:
    """An open HMS database. Use `open_database()` to get one with the schema up to date."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise
            raise DatabaseBusy(
                f"Databasen {self.path} er i bruk av et annet program (for eksempel appen)."
                " Stopp det først, eller bruk en annen databasefil med --db."
            ) from err
        self._write_lock = _lock_for(self.path)

    # -- reading ---------------------------------------------------------------------------
    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised query and return a DataFrame."""
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple]:
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A private cursor for work that needs more than one statement (e.g. a registered frame)."""
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def version(self) -> int:
        """A number that changes whenever data changes: the cache key for every page."""
        return int(self.scalar("SELECT version FROM data_version WHERE id = 1") or 0)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self, dry_run: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write. Bumps the data version on commit.

        With `dry_run` everything runs as it would and is then rolled back: the Import page uses
        this to show exactly what an import would replace without writing it.
        """
        if self.read_only:
            raise PermissionError("Databasen er åpnet skrivebeskyttet.")
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                if dry_run:
                    cur.execute("ROLLBACK")
                else:
                    cur.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
                    cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def checkpoint(self) -> None:
        """Write the WAL into the database file (used before copying or measuring the file)."""
        cur = self._con.cursor()
        try:
            cur.execute("CHECKPOINT")
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(path: Path | str | None = None, *, read_only: bool = False) -> Database:
    """Open (creating if needed) the database and bring its schema up to date."""
    from store.migrate import migrate

    db = Database(path or default_db_path(), read_only=read_only)
    if not read_only:
        migrate(db)
    return db

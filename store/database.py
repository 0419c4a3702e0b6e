"""Opening the DuckDB file, transactions, and the data version that caches key on.

One `Database` per process holds the DuckDB connection. DuckDB connections are not safe to
share between threads, and Streamlit runs each session's script in its own thread, so every
read and every transaction works on its own cursor (`con.cursor()`, a cheap duplicate of the
connection). Writes are serialised by one lock per database file, shared by every handle to it
in the process; each write is one transaction that also bumps `data_version`.

DuckDB lets one process open a file read-write, or any number of processes open it read-only
(`read_only=True`, or `HMS_READ_ONLY=1` for callers that leave the mode to the environment, such
as the app). A write that fails at the disk (full, read-only, file too large) is rolled back and
raised as `DatabaseWriteFailed`, whose message says that nothing was stored.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DB = Path("data") / "hms.duckdb"


def default_db_path() -> Path:
    """`HMS_DB` from the environment, else data/hms.duckdb under the working directory."""
    return Path(os.environ.get("HMS_DB") or DEFAULT_DB)


def default_read_only() -> bool:
    """`HMS_READ_ONLY=1` (or true/yes/ja): open the database read-only unless told otherwise."""
    return os.environ.get("HMS_READ_ONLY", "").strip().lower() in ("1", "true", "yes", "ja")


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


class ReadOnlyDatabase(PermissionError):
    """A write was asked of a database opened read-only (e.g. the app with HMS_READ_ONLY=1)."""

    def __init__(self) -> None:
        super().__init__(
            "Databasen er åpnet skrivebeskyttet (HMS_READ_ONLY=1), så endringer kan ikke lagres"
            " her. Start appen uten HMS_READ_ONLY for å importere eller endre data."
        )


class DatabaseOutdated(RuntimeError):
    """A read-only open found migrations not yet applied (it cannot apply them itself)."""


class DatabaseWriteFailed(RuntimeError):
    """The disk refused a write (full, read-only, too large); the transaction was rolled back.

    `fatal` means DuckDB invalidated the connection: this process must reopen the database
    (the app must be restarted) before it can be used again. The file itself is as before.
    """

    def __init__(self, err: BaseException) -> None:
        self.fatal = isinstance(err, duckdb.FatalException)
        super().__init__(
            "Databasen kunne ikke skrives (disken er full eller skrivebeskyttet)."
            " Endringen er ikke lagret; databasen er som før."
        )


_DISK_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EDQUOT, errno.EIO}


def _disk_failure(err: BaseException | None) -> bool:
    """Whether an error inside a write means the disk refused it (not a bug in the writer).

    Follows the chain: a writer's cleanup (e.g. unregistering a frame) on the aborted
    transaction raises "transaction is aborted", with the disk error as its context.
    """
    seen = 0
    while err is not None and seen < 10:
        if isinstance(err, duckdb.IOException | duckdb.FatalException):
            return True
        if isinstance(err, OSError) and err.errno in _DISK_ERRNOS:
            return True
        err, seen = err.__cause__ or err.__context__, seen + 1
    return False


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Connect; a read-only handle in a process that already has the file open read-write
    shares that connection (DuckDB allows one configuration per file and process). The handle
    stays read-only all the same: its `transaction()` refuses to write."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.ConnectionException as err:
        if "different configuration" not in str(err):
            raise
        if read_only:
            return duckdb.connect(str(path), read_only=False)
        raise DatabaseBusy(
            f"Databasen {path} er allerede åpnet skrivebeskyttet i dette programmet"
            " (HMS_READ_ONLY=1), så den kan ikke åpnes for skriving her."
        ) from err


class Database:
    """An open HMS database. Use `open_database()` to get one with the schema up to date."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = _connect(self.path, read_only)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise
            raise DatabaseBusy(
                f"Databasen {self.path} er i bruk av et annet program (for eksempel appen)."
                " Stopp det først, eller bruk en annen databasefil med --db."
            ) from err
        self._write_lock = _lock_for(self.path)
        # DuckDB's allocator (jemalloc on Linux) keeps memory freed after a query until it is
        # purged; its background threads give it back to the system within seconds. For the
        # large organisation's biggest query the process then drops from 302 to 186 MB.
        with suppress(duckdb.Error):
            self._con.execute("SET allocator_background_threads = true")

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
        """A number that changes whenever data changes: the cache key for every page (the
        audit log and stored derived results are not data in this sense)."""
        return int(self.scalar("SELECT version FROM data_version WHERE id = 1") or 0)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(
        self, dry_run: bool = False, *, changes_data: bool = True
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write. Bumps the data version on commit.

        With `dry_run` everything runs as it would and is then rolled back: the Import page uses
        this to show exactly what an import would replace without writing it. A write with
        `changes_data=False` leaves the version alone, so every cache keyed on it stays valid:
        one that only appends to the audit log (a sign-in must not make twenty sessions
        recompute everything) or stores results computed from the data (store/derived.py).
        Nothing cached may be computed from what such writes change.
        """
        if self.read_only:
            raise ReadOnlyDatabase()
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                if dry_run:
                    cur.execute("ROLLBACK")
                else:
                    if changes_data:
                        cur.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
                    cur.execute("COMMIT")
            except BaseException as err:
                # A failed COMMIT has already ended the transaction, and after a fatal error
                # DuckDB refuses every statement: the rollback must not hide the real error.
                with suppress(duckdb.Error):
                    cur.execute("ROLLBACK")
                if _disk_failure(err):
                    raise DatabaseWriteFailed(err) from err
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


def open_database(path: Path | str | None = None, *, read_only: bool | None = None) -> Database:
    """Open (creating if needed) the database and bring its schema up to date.

    `read_only` None takes the mode from `HMS_READ_ONLY`. Read-only needs an existing file
    whose schema is up to date (FileNotFoundError, DatabaseOutdated otherwise): it cannot
    create or migrate anything, but any number of read-only processes can share the file.
    """
    from store.migrate import available, migrate

    if read_only is None:
        read_only = default_read_only()
    path = Path(path or default_db_path())
    if read_only and not path.exists():
        raise FileNotFoundError(f"Databasen {path} finnes ikke.")
    db = Database(path, read_only=read_only)
    if not read_only:
        migrate(db)
        return db
    have = {v for (v,) in db.rows(_APPLIED_SQL)} if db.rows(_HAS_MIGRATIONS_SQL) else set()
    if {m.version for m in available()} - have:
        db.close()
        raise DatabaseOutdated(
            f"Databasen {path} har et eldre skjema og må oppgraderes før den kan leses"
            " skrivebeskyttet. Åpne den én gang uten HMS_READ_ONLY (for eksempel med appen)."
        )
    return db


_HAS_MIGRATIONS_SQL = (
    "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database()"
    " AND schema_name = 'main' AND table_name = 'schema_migrations'"
)
_APPLIED_SQL = "SELECT version FROM schema_migrations"

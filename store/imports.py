"""Provenance: one transaction per import, the import log, and which import replaced which.

`write_import` is the skeleton every kind of import goes through: refuse a file already
imported (same sha256), open one transaction, record the import, let the kind's writer put its
rows in, record what it replaced. A kind only supplies the writer.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

from data_loaders.batch import Batch
from store.audit import record
from store.database import Database


class AlreadyImported(Exception):
    """The very same file was imported before; nothing was written."""

    def __init__(self, import_id: int, when: str) -> None:
        self.import_id, self.when = import_id, when
        super().__init__(f"Filen er allerede importert (import #{import_id}, {when}).")


@dataclass(frozen=True)
class Written:
    """What a kind's writer did inside the import's transaction."""

    rows_written: int
    units_created: int
    replaced: dict[int, int] = field(default_factory=dict)  # earlier import id -> rows
    details: str = ""  # extra sentence for the summary, e.g. which cases changed


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    file_name: str
    rows_written: int
    rows_replaced: int
    units_created: int
    periods: str
    replaced: dict[int, int] = field(default_factory=dict)  # earlier import id -> rows
    details: str = ""

    @property
    def summary(self) -> str:
        text = (
            f"{self.file_name}: import #{self.import_id}, {self.rows_written} rader skrevet"
            f" ({self.periods})"
        )
        if self.replaced:
            which = ", ".join(f"#{k} ({v} rader)" for k, v in sorted(self.replaced.items()))
            text += f", erstattet {self.rows_replaced} rader fra import {which}"
        if self.units_created:
            text += f", {self.units_created} nye enheter"
        if self.details:
            text += f", {self.details}"
        return text + "."


Writer = Callable[[duckdb.DuckDBPyConnection, int], Written]


def write_import(
    db: Database,
    batch: Batch,
    periods: str,
    writer: Writer,
    user: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Record the import and run `writer(con, import_id)` in one all-or-nothing transaction.

    Raises AlreadyImported when these very bytes were imported before. With `dry_run` the
    whole write runs and is rolled back, so the result tells exactly what it would do.
    """
    earlier = find_by_sha(db, batch.kind, batch.sha256)
    if earlier:
        raise AlreadyImported(*earlier)
    user = user or getpass.getuser()
    with db.transaction(dry_run=dry_run) as con:
        again = con.execute(
            "SELECT id FROM imports WHERE kind = ? AND sha256 = ?", [batch.kind, batch.sha256]
        ).fetchall()
        if again:  # another session imported it while we validated
            raise AlreadyImported(again[0][0], "nettopp")
        # Explicit ids (not the sequence) so a dry run or a failed import leaves no gap.
        [(import_id,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchall()
        con.execute(
            "INSERT INTO imports (id, kind, file_name, sha256, sheet, dialect, header_row,"
            " rows_read, rows_written, rows_replaced, periods, column_map, warnings, imported_by,"
            " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)",
            [
                import_id, batch.kind, batch.file_name, batch.sha256, batch.sheet, batch.dialect,
                batch.header_row, batch.rows_read, periods,
                json.dumps(batch.column_map, ensure_ascii=False),
                json.dumps([w.message for w in batch.warnings], ensure_ascii=False),
                user, dt.datetime.now(),
            ],
        ).fetchall()  # fmt: skip
        done = writer(con, import_id)
        if done.replaced:
            con.executemany(
                "INSERT INTO import_replacements VALUES (?, ?, ?)",
                [[import_id, k, v] for k, v in done.replaced.items()],
            )
        n_replaced = sum(done.replaced.values())
        con.execute(
            "UPDATE imports SET rows_written = ?, rows_replaced = ?, details = ? WHERE id = ?",
            [done.rows_written, n_replaced, done.details or None, import_id],
        ).fetchall()
        record(db, user, "import", batch.file_name, periods,
               f"#{import_id} {batch.kind}: {done.rows_written} rader", con=con)  # fmt: skip
    return ImportResult(
        import_id=import_id,
        file_name=batch.file_name,
        rows_written=done.rows_written,
        rows_replaced=n_replaced,
        units_created=done.units_created,
        periods=periods,
        replaced=done.replaced,
        details=done.details,
    )


def find_by_sha(db: Database, kind: str, sha256: str) -> tuple[int, str] | None:
    """The earlier import of exactly these bytes, as (id, imported_at text), if any."""
    rows = db.rows(
        "SELECT id, strftime(imported_at, '%d.%m.%Y %H:%M') FROM imports"
        " WHERE kind = ? AND sha256 = ? ORDER BY id LIMIT 1",
        [kind, sha256],
    )
    return (rows[0][0], rows[0][1]) if rows else None


def import_log(db: Database, limit: int = 200) -> pd.DataFrame:
    """Newest first: what was imported, by whom, and what it replaced."""
    return db.df(
        """
        SELECT i.id, i.imported_at, i.imported_by, i.kind, i.file_name, i.sheet, i.dialect,
               i.periods, i.rows_read, i.rows_written, i.rows_replaced, i.sha256,
               json_array_length(i.warnings) AS warnings, i.details,
               (SELECT string_agg('#' || r.replaced_import_id || ' (' || r.rows_replaced
                                  || ' rader)', ', ' ORDER BY r.replaced_import_id)
                  FROM import_replacements r WHERE r.import_id = i.id) AS replaced,
               (SELECT count(*) FROM sick_leave s WHERE s.import_id = i.id)
               + (SELECT count(*) FROM deviations d WHERE d.import_id = i.id)
               + (SELECT count(*) FROM safety_findings f WHERE f.import_id = i.id)
               + (SELECT count(*) FROM decisions v WHERE v.import_id = i.id) AS rows_live
        FROM imports i
        ORDER BY i.id DESC
        LIMIT ?
        """,
        [limit],
    )


def import_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM imports"))


def sources_for_year(db: Database, year: int) -> pd.DataFrame:
    """The imports whose rows still in use cover `year`: id, kind, file_name, imported_at,
    imported_by (the «datagrunnlag» of a yearly report)."""
    first, last = year * 12, year * 12 + 11
    return db.df(
        """
        WITH used AS (
            SELECT DISTINCT import_id FROM sick_leave WHERE month_to >= ? AND month_from <= ?
            UNION SELECT DISTINCT import_id FROM deviations WHERE year(registrert_dato) = ?
            UNION SELECT DISTINCT import_id FROM safety_findings WHERE year(runde_dato) = ?
            UNION SELECT DISTINCT import_id FROM decisions
                  WHERE import_id IS NOT NULL AND year(meeting_date) = ?
        )
        SELECT i.id, i.kind, i.file_name, i.imported_at, i.imported_by
        FROM imports i JOIN used u ON u.import_id = i.id ORDER BY i.id
        """,
        [first, last, year, year, year],
    )

"""Provenance: the import log, and which import replaced which."""

from __future__ import annotations

import pandas as pd

from store.database import Database


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
               json_array_length(i.warnings) AS warnings,
               (SELECT string_agg('#' || r.replaced_import_id || ' (' || r.rows_replaced
                                  || ' rader)', ', ' ORDER BY r.replaced_import_id)
                  FROM import_replacements r WHERE r.import_id = i.id) AS replaced,
               (SELECT count(*) FROM sick_leave s WHERE s.import_id = i.id) AS rows_live
        FROM imports i
        ORDER BY i.id DESC
        LIMIT ?
        """,
        [limit],
    )


def import_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM imports"))

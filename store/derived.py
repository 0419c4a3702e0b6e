"""Results computed from the data, kept in the database per data version (migration 009).

Which figures the suppression rule hides over the whole organisation and every period takes
seconds to decide for a large organisation, and the answer only changes when the data does.
Kept here, a restarted app, a CLI run or a report in a new process reads it in milliseconds
instead. A result is a set of cells (unit, first month, last month, measure) with a reason;
it belongs to the data version it was computed from and is ignored (and removed at the next
store) once an import has moved the version on. Storing it does not bump the version
(`changes_data=False`), since the data did not change.
"""

from __future__ import annotations

from store.database import Database, DatabaseWriteFailed

Cell = tuple[int, int, int, str]  # unit, first month, last month, measure
_DELETE_OLDER = (
    "DELETE FROM derived_cells WHERE version < ? OR (version = ? AND name = ?)",
    "DELETE FROM derived_results WHERE version < ? OR (version = ? AND name = ?)",
)


def load_cells(db: Database, version: int, name: str) -> dict[Cell, str] | None:
    """The stored result `name` of data version `version`, or None when there is none."""
    if not db.rows("SELECT 1 FROM derived_results WHERE version = ? AND name = ?", [version, name]):
        return None
    rows = db.rows(
        "SELECT unit_id, first_month, last_month, measure, reason FROM derived_cells"
        " WHERE version = ? AND name = ?",
        [version, name],
    )
    return {(u, a, b, m): reason for u, a, b, m, reason in rows}


def store_cells(db: Database, version: int, name: str, cells: dict[Cell, str]) -> bool:
    """Keep `cells` as result `name` of data version `version`; False when not stored.

    Nothing is stored by a read-only handle, when the version has moved on meanwhile (the
    cells may mix old and new data), or when the disk refuses the write: the caller has the
    result in hand either way. Results of older versions are removed in the same write.
    """
    if db.read_only:
        return False
    columns = list(zip(*[(u, a, b, str(m), r) for (u, a, b, m), r in cells.items()], strict=True))
    unit, first, last, measure, reason = columns or ([], [], [], [], [])
    try:
        with db.transaction(changes_data=False) as con:
            (current,) = con.execute("SELECT version FROM data_version WHERE id = 1").fetchone()
            if current != version:
                return False
            for sql in _DELETE_OLDER:
                con.execute(sql, [version, version, name])
            con.execute(
                "INSERT INTO derived_cells SELECT ?, ?, unnest(?::INTEGER[]),"
                " unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]),"
                " unnest(?::VARCHAR[])",
                [version, name, list(unit), list(first), list(last), list(measure), list(reason)],
            )
            con.execute(
                "INSERT INTO derived_results (version, name, cells) VALUES (?, ?, ?)",
                [version, name, len(cells)],
            )
    except DatabaseWriteFailed:
        return False
    return True

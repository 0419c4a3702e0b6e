"""Sick-leave figures: writing a validated batch in one transaction, and summing over windows.

Writing is idempotent and PUDL-style: an identical file (same sha256) writes nothing; a newer
export deletes the stored rows it overlaps (same unit, overlapping months) and inserts its
own, recording in `import_replacements` which import it replaced. Summing is done by DuckDB
over the organisation's ancestor closure, so a parent always includes every child, hidden or
not; the metric layer turns the sums into percentages and applies suppression.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from core.periods import weekdays_in_months
from data_loaders.batch import Batch
from store.database import Database
from store.imports import AlreadyImported, ImportResult, Written, write_import
from store.org import unit_ids_for

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["KIND", "AlreadyImported", "ImportResult", "data_span", "distinct_unit_ids",
           "replace_rows", "window_sums", "write_batch"]  # fmt: skip

KIND = "sykefravaer"


def _periods_text(frame: pd.DataFrame) -> str:
    from core.periods import month_range_label

    return month_range_label(int(frame["month_from"].min()), int(frame["month_to"].max()))


def _fte(frame: pd.DataFrame) -> np.ndarray:
    """Full-time equivalents: avtalte dagsverk over the weekdays of each row's months."""
    import numpy as np
    import pandas as pd

    first, last = frame["month_from"].to_numpy("int64"), frame["month_to"].to_numpy("int64")
    codes, _ = pd.factorize(first * 1_000_000 + last)  # each (first, last) pair once
    _, row = np.unique(codes, return_index=True)
    days = np.array([weekdays_in_months(int(first[i]), int(last[i])) for i in row], dtype=float)
    return frame["avtalte"].to_numpy(dtype=float) / days[codes]


def distinct_unit_ids(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, import_id: int
) -> tuple[np.ndarray, int]:
    """unit_ids_for over each distinct (virksomhet, sektor, enhet) once, spread over the rows
    (a 200,000-row file names a few thousand units)."""
    import numpy as np
    import pandas as pd

    cols = ["virksomhet", "sektor", "enhet"]
    code = np.zeros(len(frame), dtype="int64")
    for col in cols:
        codes, uniques = pd.factorize(frame[col])  # NA -> -1
        code = code * (len(uniques) + 1) + codes + 1
    codes, _ = pd.factorize(code)  # in order of first appearance
    _, first = np.unique(codes, return_index=True)
    ids, created = unit_ids_for(con, frame.iloc[first][cols].reset_index(drop=True), import_id)
    return ids[codes], created


def write_batch(
    db: Database, batch: Batch, user: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Write one validated sick-leave batch, all or nothing. Raises AlreadyImported.

    With `dry_run` the whole write runs and is rolled back, so the result tells exactly what
    the import would replace and create (the Import page's preview).
    """
    import pandas as pd

    frame = batch.frame

    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        unit_ids, created = distinct_unit_ids(con, frame, import_id)
        rows = pd.DataFrame(
            {
                "unit_id": unit_ids,
                "month_from": frame["month_from"].to_numpy(dtype="int64"),
                "month_to": frame["month_to"].to_numpy(dtype="int64"),
                "persons": frame["persons"].to_numpy(dtype=float),
                "fte": _fte(frame),
                "avtalte": frame["avtalte"].to_numpy(dtype=float),
                "tapte": frame["tapte"].to_numpy(dtype=float),
                "egenmeldt": frame["egenmeldt"].to_numpy(dtype=float),
                "legemeldt": frame["legemeldt"].to_numpy(dtype=float),
                "source_row": frame["source_row"].to_numpy(dtype="int64"),
            }
        )
        con.register("batch_rows", rows)
        try:
            replaced = replace_rows(con, import_id)
        finally:
            con.unregister("batch_rows")
        return Written(rows_written=len(rows), units_created=created, replaced=replaced)

    return write_import(db, batch, _periods_text(frame), write, user, dry_run)


def replace_rows(con: duckdb.DuckDBPyConnection, import_id: int) -> dict[int, int]:
    """Delete the stored rows that `batch_rows` overlaps (same unit, overlapping months) and
    insert `batch_rows` as import `import_id`; returns earlier import id -> rows replaced.

    `batch_rows` is a relation visible to `con` with the columns unit_id, month_from,
    month_to, persons, fte, avtalte, tapte, egenmeldt, legemeldt (NaN or NULL when
    missing) and source_row: write_batch's frame, or the csv fast path's table.
    """
    replaced = dict(
        con.execute(
            "SELECT import_id, count(*) FROM sick_leave s WHERE EXISTS (SELECT 1 FROM"
            " batch_rows b WHERE b.unit_id = s.unit_id AND b.month_from <= s.month_to"
            " AND s.month_from <= b.month_to) GROUP BY import_id"
        ).fetchall()
    )
    if replaced:
        con.execute(
            "DELETE FROM sick_leave s WHERE EXISTS (SELECT 1 FROM batch_rows b"
            " WHERE b.unit_id = s.unit_id AND b.month_from <= s.month_to"
            " AND s.month_from <= b.month_to)"
        ).fetchall()
    con.execute(
        "INSERT INTO sick_leave SELECT unit_id, month_from, month_to,"
        " CASE WHEN isnan(persons) THEN NULL ELSE persons END, fte, avtalte, tapte,"
        " CASE WHEN isnan(egenmeldt) THEN NULL ELSE egenmeldt END,"
        " CASE WHEN isnan(legemeldt) THEN NULL ELSE legemeldt END,"
        " ?, source_row FROM batch_rows",
        [import_id],
    ).fetchall()
    return replaced


def window_sums(db: Database, windows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """Sums per (window, unit) for every unit in the tree, children included in parents.

    `windows` are (key, first month, last month). Only stored rows lying wholly inside a window
    count. Columns: window, unit_id, avtalte, tapte, egenmeldt, legemeldt, persons (the largest
    headcount of any single source period, NAV's rule for sums over periods), persons_estimated
    (some rows had no headcount), split_complete (every row had egen/lege), months_missing
    (months of the window some contributing unit has no data for).
    """
    import pandas as pd

    if not windows:
        return pd.DataFrame(
            columns=["window", "unit_id", "avtalte", "tapte", "egenmeldt", "legemeldt",
                     "persons", "persons_estimated", "split_complete", "months_missing"]
        )  # fmt: skip
    win = pd.DataFrame(windows, columns=["win", "first_month", "last_month"])
    with db.cursor() as cur:
        cur.register("windows", win)
        return cur.execute(
            """
            WITH RECURSIVE anc(unit_id, ancestor_id) AS (
                SELECT id, id FROM org_units
                UNION ALL
                SELECT a.unit_id, o.parent_id FROM anc a JOIN org_units o ON o.id = a.ancestor_id
                WHERE o.parent_id IS NOT NULL
            ),
            per_period AS (        -- headcount and sums per source period over the subtree,
                                   -- once for every window (the same rows in each)
                SELECT a.ancestor_id AS unit_id, s.month_from, s.month_to,
                       sum(coalesce(s.persons, s.fte)) AS persons,
                       bool_or(s.persons IS NULL) AS persons_estimated,
                       -- exact decimal sums: the same data gives the same figure every run,
                       -- whatever order DuckDB's parallel aggregation adds the rows in
                       sum(s.avtalte::DECIMAL(38, 6)) AS avtalte,
                       sum(s.tapte::DECIMAL(38, 6)) AS tapte,
                       sum(s.egenmeldt::DECIMAL(38, 6)) AS egenmeldt,
                       sum(s.legemeldt::DECIMAL(38, 6)) AS legemeldt,
                       bool_and(s.egenmeldt IS NOT NULL AND s.legemeldt IS NOT NULL) AS split
                FROM sick_leave s JOIN anc a ON a.unit_id = s.unit_id
                WHERE s.month_from >= (SELECT min(first_month) FROM windows)
                  AND s.month_to <= (SELECT max(last_month) FROM windows)
                GROUP BY ALL
            ),
            per_source_unit AS (   -- coverage of each unit that has its own rows
                SELECT w.win, s.unit_id,
                       any_value(w.last_month - w.first_month + 1)
                         - sum(s.month_to - s.month_from + 1) AS months_missing
                FROM sick_leave s JOIN windows w
                  ON s.month_from >= w.first_month AND s.month_to <= w.last_month
                GROUP BY w.win, s.unit_id
            ),
            coverage AS (
                SELECT p.win, a.ancestor_id AS unit_id, max(p.months_missing) AS months_missing
                FROM per_source_unit p JOIN anc a ON a.unit_id = p.unit_id
                GROUP BY ALL
            ),
            sums AS (              -- only periods lying wholly inside the window count
                SELECT w.win, p.unit_id,
                       sum(p.avtalte)::DOUBLE AS avtalte, sum(p.tapte)::DOUBLE AS tapte,
                       sum(p.egenmeldt)::DOUBLE AS egenmeldt,
                       sum(p.legemeldt)::DOUBLE AS legemeldt,
                       max(p.persons) AS persons, bool_or(p.persons_estimated) AS persons_estimated,
                       bool_and(p.split) AS split_complete
                FROM per_period p JOIN windows w
                  ON p.month_from >= w.first_month AND p.month_to <= w.last_month
                GROUP BY w.win, p.unit_id
            )
            SELECT s.win AS "window", s.unit_id, s.avtalte, s.tapte, s.egenmeldt, s.legemeldt,
                   s.persons, s.persons_estimated, s.split_complete, c.months_missing
            FROM sums s JOIN coverage c ON c.win = s.win AND c.unit_id = s.unit_id
            ORDER BY 1, s.unit_id
            """
        ).df()


def data_span(db: Database) -> tuple[int, int] | None:
    """First and last month with any sick-leave data, or None when there is none."""
    row = db.rows("SELECT min(month_from), max(month_to) FROM sick_leave")[0]
    return None if row[0] is None else (int(row[0]), int(row[1]))

"""Sick-leave figures: writing a validated batch in one transaction, and summing over windows.

Writing is idempotent and PUDL-style: an identical file (same sha256) writes nothing; a newer
export deletes the stored rows it overlaps (same unit, overlapping months) and inserts its
own, recording in `import_replacements` which import it replaced. Summing is done by DuckDB
over the organisation's ancestor closure, so a parent always includes every child, hidden or
not; the metric layer turns the sums into percentages and applies suppression.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.periods import weekdays_in_months
from data_loaders.batch import Batch
from store.database import Database
from store.imports import find_by_sha
from store.org import UnitKey, resolve_units

KIND = "sykefravaer"


class AlreadyImported(Exception):
    """The very same file was imported before; nothing was written."""

    def __init__(self, import_id: int, when: str) -> None:
        self.import_id, self.when = import_id, when
        super().__init__(f"Filen er allerede importert (import #{import_id}, {when}).")


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    file_name: str
    rows_written: int
    rows_replaced: int
    units_created: int
    periods: str
    replaced: dict[int, int] = field(default_factory=dict)  # earlier import id -> rows

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
        return text + "."


def _periods_text(frame: pd.DataFrame) -> str:
    from core.periods import month_range_label

    return month_range_label(int(frame["month_from"].min()), int(frame["month_to"].max()))


def _fte(frame: pd.DataFrame) -> np.ndarray:
    pairs = frame[["month_from", "month_to"]].drop_duplicates()
    days = {(a, b): weekdays_in_months(int(a), int(b)) for a, b in pairs.itertuples(index=False)}
    denom = np.array(
        [days[(a, b)] for a, b in zip(frame["month_from"], frame["month_to"], strict=True)]
    )
    return frame["avtalte"].to_numpy(dtype=float) / denom


def _unit_ids(con, frame: pd.DataFrame, import_id: int) -> tuple[np.ndarray, int]:
    """The unit id of every row, resolving each distinct (virksomhet, sektor, enhet) once."""
    cols = ["virksomhet", "sektor", "enhet"]
    keys = frame[cols].astype(object).where(frame[cols].notna(), None)
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys.fillna(_NONE)))
    unique_keys = [UnitKey(*(None if v == _NONE else v for v in t)) for t in uniques]
    ids, created = resolve_units(con, unique_keys, import_id)
    lookup = np.array([ids[k] for k in unique_keys], dtype="int64")
    return lookup[codes], created


_NONE = "\x00"  # stands for a missing name while factorising (never a real unit name)


def write_batch(
    db: Database, batch: Batch, user: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Write one validated sick-leave batch, all or nothing. Raises AlreadyImported.

    With `dry_run` the whole write runs and is rolled back, so the result tells exactly what
    the import would replace and create (the Import page's preview).
    """
    earlier = find_by_sha(db, KIND, batch.sha256)
    if earlier:
        raise AlreadyImported(*earlier)
    user = user or getpass.getuser()
    frame = batch.frame
    with db.transaction(dry_run=dry_run) as con:
        again = con.execute(
            "SELECT id FROM imports WHERE kind = ? AND sha256 = ?", [KIND, batch.sha256]
        ).fetchall()
        if again:  # another session imported it while we validated
            raise AlreadyImported(again[0][0], "nettopp")
        # Explicit ids (not the sequence) so a dry run or a failed import leaves no gap.
        [(import_id,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchall()
        con.execute(
            "INSERT INTO imports (id, kind, file_name, sha256, sheet, dialect, header_row, rows_read,"
            " rows_written, rows_replaced, periods, column_map, warnings, imported_by,"
            " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)",
            [
                import_id, KIND, batch.file_name, batch.sha256, batch.sheet, batch.dialect,
                batch.header_row, batch.rows_read, _periods_text(frame),
                json.dumps(batch.column_map, ensure_ascii=False),
                json.dumps([w.message for w in batch.warnings], ensure_ascii=False),
                user, dt.datetime.now(),
            ],
        ).fetchall()  # fmt: skip

        unit_ids, created = _unit_ids(con, frame, import_id)
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
            )
            con.executemany(
                "INSERT INTO import_replacements VALUES (?, ?, ?)",
                [[import_id, k, v] for k, v in replaced.items()],
            )
        con.execute(
            "INSERT INTO sick_leave SELECT unit_id, month_from, month_to,"
            " CASE WHEN isnan(persons) THEN NULL ELSE persons END, fte, avtalte, tapte,"
            " CASE WHEN isnan(egenmeldt) THEN NULL ELSE egenmeldt END,"
            " CASE WHEN isnan(legemeldt) THEN NULL ELSE legemeldt END,"
            " ?, source_row FROM batch_rows",
            [import_id],
        )
        con.unregister("batch_rows")
        n_replaced = sum(replaced.values())
        con.execute(
            "UPDATE imports SET rows_written = ?, rows_replaced = ? WHERE id = ?",
            [len(rows), n_replaced, import_id],
        )
    return ImportResult(
        import_id=import_id,
        file_name=batch.file_name,
        rows_written=len(rows),
        rows_replaced=n_replaced,
        units_created=created,
        periods=_periods_text(frame),
        replaced=replaced,
    )


def window_sums(db: Database, windows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """Sums per (window, unit) for every unit in the tree, children included in parents.

    `windows` are (key, first month, last month). Only stored rows lying wholly inside a window
    count. Columns: window, unit_id, avtalte, tapte, egenmeldt, legemeldt, persons (the largest
    headcount of any single source period, NAV's rule for sums over periods), persons_estimated
    (some rows had no headcount), split_complete (every row had egen/lege), months_missing
    (months of the window some contributing unit has no data for).
    """
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
            rows_in AS (
                SELECT w.win, w.first_month, w.last_month, s.*
                FROM sick_leave s JOIN windows w
                  ON s.month_from >= w.first_month AND s.month_to <= w.last_month
            ),
            per_source_unit AS (   -- coverage of each unit that has its own rows
                SELECT win, unit_id,
                       (max(last_month) - max(first_month) + 1)
                         - sum(month_to - month_from + 1) AS months_missing
                FROM rows_in GROUP BY win, unit_id
            ),
            per_period AS (        -- headcount per source period, summed over the subtree
                SELECT r.win, a.ancestor_id AS unit_id, r.month_from, r.month_to,
                       sum(coalesce(r.persons, r.fte)) AS persons,
                       bool_or(r.persons IS NULL) AS persons_estimated,
                       sum(r.avtalte) AS avtalte, sum(r.tapte) AS tapte,
                       sum(r.egenmeldt) AS egenmeldt, sum(r.legemeldt) AS legemeldt,
                       bool_and(r.egenmeldt IS NOT NULL AND r.legemeldt IS NOT NULL) AS split
                FROM rows_in r JOIN anc a ON a.unit_id = r.unit_id
                GROUP BY ALL
            ),
            coverage AS (
                SELECT p.win, a.ancestor_id AS unit_id, max(p.months_missing) AS months_missing
                FROM per_source_unit p JOIN anc a ON a.unit_id = p.unit_id
                GROUP BY ALL
            )
            SELECT p.win AS "window", p.unit_id,
                   sum(p.avtalte) AS avtalte, sum(p.tapte) AS tapte,
                   sum(p.egenmeldt) AS egenmeldt, sum(p.legemeldt) AS legemeldt,
                   max(p.persons) AS persons, bool_or(p.persons_estimated) AS persons_estimated,
                   bool_and(p.split) AS split_complete,
                   any_value(c.months_missing) AS months_missing
            FROM per_period p JOIN coverage c ON c.win = p.win AND c.unit_id = p.unit_id
            GROUP BY p.win, p.unit_id
            ORDER BY 1, p.unit_id
            """
        ).df()


def data_span(db: Database) -> tuple[int, int] | None:
    """First and last month with any sick-leave data, or None when there is none."""
    row = db.rows("SELECT min(month_from), max(month_to) FROM sick_leave")[0]
    return None if row[0] is None else (int(row[0]), int(row[1]))

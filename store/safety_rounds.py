"""Safety rounds (vernerunder) and their findings: a round is (unit, date); a newer export of
the same round replaces its findings, recorded as a replacement of the earlier import."""

from __future__ import annotations

import duckdb
import pandas as pd

from data_loaders.batch import Batch
from store.database import Database
from store.imports import ImportResult, Written, write_import
from store.org import unit_ids_for

KIND = "vernerunde"
STORED = (
    "unit_id", "runde_dato", "deltakere", "funn", "sannsynlighet", "konsekvens", "risiko",
    "tiltak", "ansvarlig", "frist", "status", "status_kilde", "lukket_dato", "source_row",
)  # fmt: skip


def write_safety_rounds(
    db: Database, batch: Batch, user: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Write one validated safety-round batch, all or nothing. Raises AlreadyImported."""
    frame = batch.frame
    first, last = frame["runde_dato"].min(), frame["runde_dato"].max()
    periods = f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"

    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        unit_ids, created = unit_ids_for(con, frame, import_id)
        rows = frame.assign(unit_id=unit_ids)[list(STORED)].copy()
        for col in ("runde_dato", "frist", "lukket_dato"):
            rows[col] = pd.to_datetime(rows[col]).astype("datetime64[us]")
        con.register("rows_in", rows)
        try:
            replaced = dict(
                con.execute(
                    "SELECT import_id, count(*) FROM safety_findings f WHERE EXISTS (SELECT 1"
                    " FROM rows_in r WHERE r.unit_id = f.unit_id AND CAST(r.runde_dato AS DATE)"
                    " = f.runde_dato) GROUP BY import_id"
                ).fetchall()
            )
            con.execute(
                "DELETE FROM safety_findings f WHERE EXISTS (SELECT 1 FROM rows_in r"
                " WHERE r.unit_id = f.unit_id AND CAST(r.runde_dato AS DATE) = f.runde_dato)"
            ).fetchall()
            con.execute(
                "INSERT INTO safety_findings SELECT unit_id, runde_dato, deltakere, funn,"
                " sannsynlighet, konsekvens, risiko, tiltak, ansvarlig, frist, status,"
                " status_kilde, lukket_dato, ?, source_row FROM rows_in",
                [import_id],
            ).fetchall()
        finally:
            con.unregister("rows_in")
        n_rounds = len(rows.drop_duplicates(["unit_id", "runde_dato"]))
        n_findings = int(rows["funn"].notna().sum())
        return Written(len(rows), created, replaced, f"{n_rounds} vernerunder, {n_findings} funn")

    return write_import(db, batch, periods, write, user, dry_run)


def findings(db: Database) -> pd.DataFrame:
    """Every stored finding row (rounds without findings have funn NULL)."""
    return db.df(
        "SELECT unit_id, runde_dato, funn, sannsynlighet, konsekvens, risiko, tiltak, ansvarlig,"
        " frist, status, lukket_dato FROM safety_findings"
    )


def round_years(db: Database) -> list[int]:
    """Years with at least one safety round, newest first."""
    return [
        int(y)
        for (y,) in db.rows(
            "SELECT DISTINCT year(runde_dato) AS y FROM safety_findings ORDER BY y DESC"
        )
    ]

"""Deviation cases (avvik) and injuries: writing a batch so that cases update, never duplicate.

A case is identified by its saksnummer. A newer export of the same system brings cases whose
status, deadline or closed date have moved on: only cases that are new or changed are
rewritten, every changed field is logged in `deviation_changes` with the import that changed
it, and the earlier import a changed case came from is recorded as replaced.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from core.severity import severity_band
from data_loaders.batch import Batch
from store.audit import actor, record
from store.database import Database
from store.imports import ImportResult, Written, write_import
from store.sick_leave import distinct_unit_ids

KIND = "avvik"

# Fields whose changes the import log records, in the order a person reads them.
TRACKED = (
    "status", "lukket_dato", "frist", "alvorlighetsgrad", "kategori", "unit_id",
    "skadeklasse", "fravaersdager", "registrert_dato",
)  # fmt: skip
STORED = (
    "saksnummer", "unit_id", "registrert_dato", "kategori", "alvorlighetsgrad",
    "alvorlighet_kilde", "status", "status_kilde", "frist", "lukket_dato", "skadetype",
    "skadeklasse", "fravaersdager", "beskrivelse",
)  # fmt: skip


def _periods_text(frame: pd.DataFrame) -> str:
    first, last = frame["registrert_dato"].min(), frame["registrert_dato"].max()
    return f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"


def _as_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per (saksnummer, field) whose value differs between stored and incoming."""
    both = old.merge(new, on="saksnummer", suffixes=("_old", "_new"))
    parts = []
    for name in TRACKED:
        a, b = both[f"{name}_old"].map(_as_text), both[f"{name}_new"].map(_as_text)
        differs = a.ne(b) & ~(a.isna() & b.isna())
        if differs.any():
            parts.append(
                pd.DataFrame(
                    {
                        "saksnummer": both.loc[differs, "saksnummer"],
                        "field": name,
                        "old_value": a[differs],
                        "new_value": b[differs],
                        "import_id_old": both.loc[differs, "import_id"],
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            columns=["saksnummer", "field", "old_value", "new_value", "import_id_old"]
        )
    return pd.concat(parts, ignore_index=True)


def _among(values: pd.Series, known: pd.Series) -> np.ndarray:
    """Which of `values` are in `known`, by a hash index (Series.isin on Arrow strings walks
    the values in Python)."""
    if not len(known):
        return np.zeros(len(values), bool)
    return pd.Index(known).unique().get_indexer(values) >= 0


def _keep_finer_severity(old: pd.DataFrame, incoming: pd.DataFrame) -> None:
    """A later export that writes severity as a word (lav/middels/høy) is coarser than a grade
    1–5 stored before; when both fall in the same band the stored grade is kept, so the change
    log shows real changes only."""
    stored = old.set_index("saksnummer")[["alvorlighetsgrad", "alvorlighet_kilde"]]
    seen = incoming[_among(incoming["saksnummer"], old["saksnummer"])]  # the rest is new
    for i, nr, grade, source in zip(
        seen.index, seen["saksnummer"], seen["alvorlighetsgrad"],
        seen["alvorlighet_kilde"], strict=True,
    ):  # fmt: skip
        if nr not in stored.index or not isinstance(source, str) or source.strip().isdigit():
            continue
        before = stored.at[nr, "alvorlighetsgrad"]
        if not pd.isna(before) and severity_band(before) == severity_band(grade):
            incoming.at[i, "alvorlighetsgrad"] = before
            incoming.at[i, "alvorlighet_kilde"] = stored.at[nr, "alvorlighet_kilde"]


def write_deviations(
    db: Database, batch: Batch, user: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Write one validated deviation batch, all or nothing. Raises AlreadyImported."""
    frame = batch.frame

    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        unit_ids, created = distinct_unit_ids(con, frame, import_id)
        incoming = frame.assign(unit_id=unit_ids)[list(STORED) + ["source_row"]].copy()
        for col in ("registrert_dato", "frist", "lukket_dato"):
            incoming[col] = pd.to_datetime(incoming[col]).astype("datetime64[us]")
        con.register("incoming", incoming)
        try:
            old = con.execute(
                "SELECT d.* FROM deviations d JOIN incoming i USING (saksnummer)"
            ).df()
            for col in ("registrert_dato", "frist", "lukket_dato"):
                old[col] = pd.to_datetime(old[col])
            _keep_finer_severity(old, incoming)
            changes = _changes(old, incoming)
            changed = set(changes["saksnummer"])
            nr = incoming["saksnummer"]
            to_write = ~_among(nr, old["saksnummer"]) | _among(nr, changes["saksnummer"])
            rows = incoming[to_write].copy()
            first = pd.Series(old["first_import_id"].to_numpy(), index=old["saksnummer"])
            at = pd.Index(first.index).get_indexer(rows["saksnummer"])  # -1: a new case
            rows["first_import_id"] = np.where(
                at >= 0, first.to_numpy()[at] if len(first) else import_id, import_id
            )
            con.register("rows_out", rows)
            con.execute(
                "DELETE FROM deviations WHERE saksnummer IN (SELECT saksnummer FROM rows_out)"
            ).fetchall()
            con.execute(
                "INSERT INTO deviations SELECT saksnummer, unit_id, registrert_dato, kategori,"
                " alvorlighetsgrad, alvorlighet_kilde, status, status_kilde, frist, lukket_dato,"
                " skadetype, skadeklasse, fravaersdager, beskrivelse, first_import_id, ?,"
                " source_row FROM rows_out",
                [import_id],
            ).fetchall()
            if len(changes):
                log = changes.drop(columns=["import_id_old"]).assign(import_id=import_id)
                con.register("log", log)
                con.execute(
                    "INSERT INTO deviation_changes SELECT import_id, saksnummer, field,"
                    " old_value, new_value FROM log"
                ).fetchall()
                con.unregister("log")
            con.unregister("rows_out")
        finally:
            con.unregister("incoming")
        per_case = changes.drop_duplicates("saksnummer")
        replaced = {int(k): int(v) for k, v in per_case["import_id_old"].value_counts().items()}
        n_new = len(rows) - len(changed)
        status_changes = int((changes["field"] == "status").sum())
        details = f"{n_new} nye saker, {len(changed)} oppdaterte ({status_changes} med ny status)"
        return Written(len(rows), created, replaced, details)

    return write_import(db, batch, _periods_text(frame), write, user, dry_run)


def case_changes(db: Database, saksnummer: str) -> pd.DataFrame:
    """The change history of one case, oldest first (for the advisor's case list)."""
    frame = db.df(
        "SELECT c.import_id, i.imported_at, i.file_name, c.field, c.old_value, c.new_value"
        " FROM deviation_changes c JOIN imports i ON i.id = c.import_id"
        " WHERE c.saksnummer = ? ORDER BY c.import_id",
        [saksnummer],
    )
    for col in ("old_value", "new_value"):  # a missing value is None, not NaN
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def cases_between(db: Database, first: str, last: str) -> pd.DataFrame:
    """Cases registered from `first` to `last` (ISO dates, inclusive), without free text.

    Columns: saksnummer, unit_id, registrert_dato, kategori, standard (mapped category,
    'annet' when unmapped), mapped (bool), alvorlighetsgrad, status, frist, lukket_dato,
    skadeklasse, fravaersdager.
    """
    return db.df(
        "SELECT d.saksnummer, d.unit_id, d.registrert_dato, d.kategori,"
        " coalesce(m.standard, 'annet') AS standard, m.standard IS NOT NULL AS mapped,"
        " d.alvorlighetsgrad, d.status, d.frist, d.lukket_dato, d.skadeklasse, d.fravaersdager"
        " FROM deviations d LEFT JOIN category_map m"
        "   ON m.source_key = category_key(d.kategori)"
        " WHERE d.registrert_dato BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)",
        [first, last],
    )


def source_categories(db: Database) -> pd.DataFrame:
    """Every category the exports have used: kategori, cases, standard (None when unmapped)."""
    frame = db.df(
        "SELECT d.kategori, count(*) AS cases, any_value(m.standard) AS standard"
        " FROM deviations d LEFT JOIN category_map m ON m.source_key = category_key(d.kategori)"
        " GROUP BY d.kategori ORDER BY standard NULLS FIRST, cases DESC"
    )
    frame["standard"] = frame["standard"].astype(object).where(frame["standard"].notna(), None)
    return frame


def set_category_mappings(db: Database, mapping: dict[str, str]) -> None:
    """Map source categories (as written) to standard ones, in one transaction."""
    with db.transaction() as con:
        for kategori, standard in mapping.items():
            con.execute(
                "INSERT OR REPLACE INTO category_map VALUES (category_key(?), ?)",
                [kategori, standard],
            ).fetchall()
        record(db, actor(), "kategorikobling endret", details=str(mapping), con=con)


def deviation_span(db: Database) -> tuple[int, int] | None:
    """First and last month (ordinals) with registered cases, or None."""
    row = db.rows(
        "SELECT min(year(registrert_dato) * 12 + month(registrert_dato) - 1),"
        " max(year(registrert_dato) * 12 + month(registrert_dato) - 1) FROM deviations"
    )[0]
    return None if row[0] is None else (int(row[0]), int(row[1]))


def case_rows(db: Database, unit_ids: list[int]) -> pd.DataFrame:
    """Cases of these units with their free text, newest first: for the advisor's case list only."""
    return db.df(
        "SELECT d.saksnummer, o.name AS enhet, d.registrert_dato, d.kategori,"
        " coalesce(m.standard, 'annet') AS standard, d.alvorlighetsgrad, d.status, d.frist,"
        " d.lukket_dato, d.skadetype, d.fravaersdager, d.beskrivelse"
        " FROM deviations d JOIN org_units o ON o.id = d.unit_id"
        " LEFT JOIN category_map m ON m.source_key = category_key(d.kategori)"
        " WHERE list_contains(?, d.unit_id) ORDER BY d.registrert_dato DESC, d.saksnummer",
        [unit_ids],
    )

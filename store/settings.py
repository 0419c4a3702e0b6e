"""User-editable settings: suppression threshold, targets, benchmark series, column mappings."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from store.audit import actor, record
from store.database import Database

MIN_THRESHOLD = 5  # NAV's threshold; it may be raised, never lowered (DOMAIN.md)


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    value = db.scalar("SELECT value FROM settings WHERE key = ?", [key])
    return default if value is None else value


def set_setting(db: Database, key: str, value: str) -> None:
    with db.transaction() as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])
        record(db, actor(), "innstilling endret", key, details=value, con=con)


def suppression_threshold(db: Database) -> int:
    return max(MIN_THRESHOLD, int(get_setting(db, "suppression_threshold", "5")))


def set_suppression_threshold(db: Database, value: int) -> None:
    if value < MIN_THRESHOLD:
        raise ValueError(f"Grensen kan ikke være lavere enn {MIN_THRESHOLD} personer.")
    set_setting(db, "suppression_threshold", str(int(value)))


# -- targets ---------------------------------------------------------------------------------
def targets(db: Database) -> pd.DataFrame:
    """Targets set directly on a unit: unit_id, year, percent."""
    return db.df("SELECT unit_id, year, percent FROM targets ORDER BY year, unit_id")


def set_target(db: Database, unit_id: int, year: int, percent: float | None) -> None:
    """Set (or with None, remove) a unit's own target for a year."""
    if percent is not None and not 0 <= percent <= 100:
        raise ValueError("Målet må være en prosent mellom 0 og 100.")
    with db.transaction() as con:
        con.execute("DELETE FROM targets WHERE unit_id = ? AND year = ?", [unit_id, year])
        if percent is not None:
            con.execute("INSERT INTO targets VALUES (?, ?, ?)", [unit_id, year, float(percent)])
        record(db, actor(), "mål endret", f"{year}", str(unit_id), str(percent), con=con)


# -- benchmarks ------------------------------------------------------------------------------
def benchmarks(db: Database) -> pd.DataFrame:
    return db.df(
        "SELECT series, label, covers, seasonally_adjusted, sector, source, year, quarter,"
        " percent FROM benchmarks ORDER BY series, year, quarter"
    )


def replace_benchmarks(db: Database, frame: pd.DataFrame) -> None:
    """Replace all benchmark figures with the edited table (one transaction)."""
    cols = ["series", "label", "covers", "seasonally_adjusted", "sector", "source", "year",
            "quarter", "percent"]  # fmt: skip
    clean = frame[cols].dropna(subset=["series", "year", "quarter", "percent"]).copy()
    if clean.duplicated(["series", "year", "quarter"]).any():
        raise ValueError("Samme serie og kvartal står to ganger.")
    if not clean["quarter"].between(1, 4).all():
        raise ValueError("Kvartal må være 1–4.")
    with db.transaction() as con:
        con.execute("DELETE FROM benchmarks")
        con.register("edited", clean)
        con.execute("INSERT INTO benchmarks SELECT * FROM edited")
        con.unregister("edited")
        record(db, actor(), "sammenligningstall endret", details=f"{len(clean)} rader", con=con)


# -- column mappings -------------------------------------------------------------------------
def saved_mapping(db: Database, kind: str, signature: str) -> dict[str, str] | None:
    value = db.scalar(
        "SELECT mapping FROM column_mappings WHERE kind = ? AND signature = ?", [kind, signature]
    )
    return json.loads(value) if value else None


def save_mapping(
    db: Database, kind: str, signature: str, headers: list[str], mapping: dict[str, str], user: str
) -> None:
    with db.transaction() as con:
        con.execute(
            "INSERT OR REPLACE INTO column_mappings VALUES (?, ?, ?, ?, ?, ?)",
            [kind, signature, json.dumps(headers, ensure_ascii=False),
             json.dumps(mapping, ensure_ascii=False), user, dt.datetime.now()],
        )  # fmt: skip
        record(db, user, "kolonnekobling lagret", kind, details=json.dumps(mapping), con=con)


def saved_mapping_any_kind(db: Database, signature: str) -> tuple[str, dict[str, str]] | None:
    """A saved mapping for these headers whatever kind it was saved for (newest first)."""
    rows = db.rows(
        "SELECT kind, mapping FROM column_mappings WHERE signature = ? ORDER BY saved_at DESC LIMIT 1",
        [signature],
    )
    return (rows[0][0], json.loads(rows[0][1])) if rows else None


def set_risk_bands(db: Database, low_max: int, medium_max: int) -> None:
    """Upper limits of the lav and middels bands (risk 1–25); høy is above medium_max."""
    if not 1 <= low_max < medium_max < 25:
        raise ValueError("Grensene må være 1 ≤ lav < middels < 25.")
    with db.transaction() as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('risk_low_max', ?)", [str(low_max)])
        con.execute(
            "INSERT OR REPLACE INTO settings VALUES ('risk_medium_max', ?)", [str(medium_max)]
        )
        record(db, actor(), "risikonivåer endret", details=f"{low_max}/{medium_max}", con=con)

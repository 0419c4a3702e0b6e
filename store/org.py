"""The organisation tree: virksomhet → sektor → enhet, built from the units the exports name.

Units are created on first import and found again by (level, name, parent). A file that names
an enhet without its sektor finds the enhet where an earlier import placed it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from store.database import Database

LEVELS = ("virksomhet", "sektor", "enhet")
DEFAULT_VIRKSOMHET = "Virksomheten"


@dataclass(frozen=True)
class UnitKey:
    virksomhet: str | None
    sektor: str | None
    enhet: str | None


def org_tree(db: Database) -> pd.DataFrame:
    """All units: id, level, name, parent_id, ordered by level then name."""
    return db.df(
        "SELECT id, level, name, parent_id FROM org_units"
        " ORDER BY CASE level WHEN 'virksomhet' THEN 0 WHEN 'sektor' THEN 1 ELSE 2 END, name"
    )


def _find(con: duckdb.DuckDBPyConnection, level: str, name: str, parent: int | None) -> int | None:
    if parent is None:
        row = con.execute(
            "SELECT id FROM org_units WHERE level = ? AND name = ? AND parent_id IS NULL",
            [level, name],
        ).fetchall()
    else:
        row = con.execute(
            "SELECT id FROM org_units WHERE level = ? AND name = ? AND parent_id = ?",
            [level, name, parent],
        ).fetchall()
    return row[0][0] if row else None


def _get_or_create(
    con: duckdb.DuckDBPyConnection, level: str, name: str, parent: int | None, import_id: int
) -> tuple[int, bool]:
    found = _find(con, level, name, parent)
    if found is not None:
        return found, False
    [(new_id,)] = con.execute(
        "INSERT INTO org_units (level, name, parent_id, created_by_import) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        [level, name, parent, import_id],
    ).fetchall()
    return new_id, True


def _default_virksomhet(con: duckdb.DuckDBPyConnection) -> str:
    names = con.execute("SELECT name FROM org_units WHERE level = 'virksomhet'").fetchall()
    return names[0][0] if len(names) == 1 else DEFAULT_VIRKSOMHET


def resolve_units(
    con: duckdb.DuckDBPyConnection, keys: list[UnitKey], import_id: int
) -> tuple[dict[UnitKey, int], int]:
    """Map each key to the id of its lowest named unit, creating units as needed.

    Returns the mapping and how many units were created. Runs inside the import's transaction.
    """
    fallback = _default_virksomhet(con)
    out: dict[UnitKey, int] = {}
    created = 0
    for key in keys:
        v_id, new = _get_or_create(con, "virksomhet", key.virksomhet or fallback, None, import_id)
        created += new
        if key.sektor:
            s_id, new = _get_or_create(con, "sektor", key.sektor, v_id, import_id)
            created += new
            parent = s_id
        else:
            parent = v_id
            if key.enhet:
                # An export without sektor: find the enhet where an earlier file placed it.
                hits = con.execute(
                    "SELECT e.id FROM org_units e JOIN org_units s ON e.parent_id = s.id"
                    " WHERE e.level = 'enhet' AND e.name = ? AND s.parent_id = ?",
                    [key.enhet, v_id],
                ).fetchall()
                if len(hits) == 1:
                    out[key] = hits[0][0]
                    continue
        if key.enhet:
            e_id, new = _get_or_create(con, "enhet", key.enhet, parent, import_id)
            created += new
            out[key] = e_id
        else:
            out[key] = parent
    return out, created


def find_unit(db: Database, level: str, name: str) -> int | None:
    """The id of the unit with this level and name (first by id when names repeat)."""
    return db.scalar("SELECT min(id) FROM org_units WHERE level = ? AND name = ?", [level, name])

"""The organisation tree: virksomhet → sektor → enhet, built from the units the exports name.

Units are created on first import and found again by (level, name, parent). A file that names
an enhet without its sektor finds the enhet where an earlier import placed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import numpy as np
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


def units_named(db: Database, name: str) -> list[int]:
    """Ids of the units with this name at any level (case-insensitive)."""
    rows = db.rows("SELECT id FROM org_units WHERE lower(name) = lower(?)", [name.strip()])
    return [int(r[0]) for r in rows]


def parent_map(db: Database) -> dict[int, int | None]:
    """unit id -> its parent's id (None for a virksomhet)."""
    import pandas as pd

    tree = org_tree(db)
    return {
        int(i): None if pd.isna(p) else int(p)
        for i, p in zip(tree["id"], tree["parent_id"], strict=True)
    }


class _Units:
    """The org_units table held in memory for one import, creating missing units in bulk.

    One query reads the table; each level's missing units are inserted with one statement, so
    resolving 1,500 units costs a handful of queries instead of thousands.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, import_id: int) -> None:
        self.con, self.import_id, self.created = con, import_id, 0
        rows = con.execute("SELECT id, level, name, parent_id FROM org_units").fetchall()
        self.ids = {(level, name, parent): uid for uid, level, name, parent in rows}
        self.parent = {uid: parent for uid, _, _, parent in rows}

    def ensure(self, level: str, wanted: set[tuple[str, int | None]]) -> None:
        missing = sorted(
            ((n, p) for n, p in wanted if (level, n, p) not in self.ids),
            key=lambda t: (t[0], -1 if t[1] is None else t[1]),
        )
        if not missing:
            return
        # Two parallel lists, unnested in order (no pandas here: the csv fast path writes too).
        rows = self.con.execute(
            "INSERT INTO org_units (level, name, parent_id, created_by_import)"
            " SELECT ?, unnest(?::VARCHAR[]), unnest(?::INTEGER[]), ?"
            " RETURNING id, name, parent_id",
            [level, [n for n, _ in missing], [p for _, p in missing], self.import_id],
        ).fetchall()
        for uid, name, parent in rows:
            self.ids[(level, name, parent)] = uid
            self.parent[uid] = parent
        self.created += len(rows)

    def get(self, level: str, name: str, parent: int | None) -> int:
        return self.ids[(level, name, parent)]

    def enhet_under(self, virksomhet_id: int, name: str) -> list[int]:
        """Enheter of this name placed under any sektor of the virksomhet by earlier files."""
        return [
            uid
            for (level, n, parent), uid in self.ids.items()
            if level == "enhet" and n == name and self.parent.get(parent) == virksomhet_id
        ]


def resolve_units(
    con: duckdb.DuckDBPyConnection, keys: list[UnitKey], import_id: int
) -> tuple[dict[UnitKey, int], int]:
    """Map each key to the id of its lowest named unit, creating units as needed.

    Returns the mapping and how many units were created. Runs inside the import's transaction.
    """
    units = _Units(con, import_id)
    virksomheter = [n for (lvl, n, _) in units.ids if lvl == "virksomhet"]
    fallback = virksomheter[0] if len(virksomheter) == 1 else DEFAULT_VIRKSOMHET

    def v_name(key: UnitKey) -> str:
        return key.virksomhet or fallback

    units.ensure("virksomhet", {(v_name(k), None) for k in keys})
    v_id = {k: units.get("virksomhet", v_name(k), None) for k in keys}
    units.ensure("sektor", {(k.sektor, v_id[k]) for k in keys if k.sektor})

    out: dict[UnitKey, int] = {}
    parent: dict[UnitKey, int] = {}
    for k in keys:
        if k.sektor:
            parent[k] = units.get("sektor", k.sektor, v_id[k])
        else:
            parent[k] = v_id[k]
            if k.enhet:
                # An export without sektor: find the enhet where an earlier file placed it.
                hits = units.enhet_under(v_id[k], k.enhet)
                if len(hits) == 1:
                    out[k] = hits[0]
        if not k.enhet:
            out[k] = parent[k]
    units.ensure("enhet", {(k.enhet, parent[k]) for k in keys if k.enhet and k not in out})
    for k in keys:
        if k not in out:
            out[k] = units.get("enhet", k.enhet, parent[k])
    return out, units.created


def unit_ids_for(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, import_id: int
) -> tuple[np.ndarray, int]:
    """The unit id of every row of a batch frame (columns virksomhet, sektor, enhet),
    resolving each distinct combination once; returns the ids and how many units were new."""
    import numpy as np
    import pandas as pd

    cols = ["virksomhet", "sektor", "enhet"]
    keys = frame[cols].astype(object).where(frame[cols].notna(), None)
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys.fillna(_NONE)))
    unique_keys = [UnitKey(*(None if v == _NONE else v for v in t)) for t in uniques]
    ids, created = resolve_units(con, unique_keys, import_id)
    lookup = np.array([ids[k] for k in unique_keys], dtype="int64")
    return lookup[codes], created


_NONE = "\x00"  # stands for a missing name while factorising (never a real unit name)


def find_unit(db: Database, level: str, name: str) -> int | None:
    """The id of the unit with this level and name (first by id when names repeat)."""
    return db.scalar("SELECT min(id) FROM org_units WHERE level = ? AND name = ?", [level, name])


def ancestors(db: Database) -> pd.DataFrame:
    """Every (unit_id, ancestor_id) pair, each unit included as its own ancestor."""
    return db.df(
        "WITH RECURSIVE anc(unit_id, ancestor_id) AS ("
        " SELECT id, id FROM org_units"
        " UNION ALL"
        " SELECT a.unit_id, o.parent_id FROM anc a JOIN org_units o ON o.id = a.ancestor_id"
        " WHERE o.parent_id IS NOT NULL)"
        " SELECT unit_id, ancestor_id FROM anc"
    )

"""Rolling case-level rows up the organisation tree, and the relations suppression needs.

Deviations, injuries and safety-round findings are stored per case on the unit that reported
them; a sector's figure is every case of its enheter, the virksomhet's every case. The
headcount that decides whether a unit's figures may be shown comes from the sick-leave data
of the same window (the largest single-period headcount, as NAV does).
"""

from __future__ import annotations

import pandas as pd

from metrics.version_cache import cached
from store import Database
from store.org import ancestors, org_tree, parent_map
from store.sick_leave import window_sums


def with_ancestors(db: Database, rows: pd.DataFrame) -> pd.DataFrame:
    """Each row repeated once per ancestor of its unit, in a column `ancestor_id`."""
    return rows.merge(ancestors(db), on="unit_id")


def tree_info(db: Database) -> pd.DataFrame:
    """id, level, name, parent_id and parent name of every unit."""
    tree = org_tree(db)
    names = dict(zip(tree["id"], tree["name"], strict=True))
    tree["parent"] = [None if pd.isna(p) else names.get(int(p)) for p in tree["parent_id"]]
    return tree


def unit_info(db: Database) -> dict[int, dict]:
    """{unit id: {level, name, parent (name)}} of every unit (cached per data version)."""

    def compute() -> dict[int, dict]:
        info = tree_info(db).set_index("id")[["level", "name", "parent"]]
        return {int(u): row for u, row in info.to_dict("index").items()}

    return cached(db, ("unit_info",), compute)


def parents(db: Database) -> dict[int, int | None]:
    """unit id -> its parent's id, cached per data version (`store.org.parent_map`)."""
    return cached(db, ("parents",), lambda: parent_map(db))


def persons_by_unit(db: Database, first_month: int, last_month: int) -> dict[int, float]:
    """Headcount per unit in the window from the sick-leave data (absent units: unknown)."""
    sums = window_sums(db, [("w", first_month, last_month)])
    return dict(zip(sums["unit_id"], sums["persons"], strict=True))


def scoped(rows, scope_id: int, parent_of: dict[int, int | None]) -> list:
    """Rows of a per-unit result for a scope: the scope's own row first, then the rows of the
    units right under it (in the result's order)."""
    own = [r for r in rows if r.unit_id == scope_id]
    return own + [r for r in rows if parent_of.get(r.unit_id) == scope_id]


class ByUnit:
    """Lookups shared by every per-unit result table (a frozen dataclass with `rows`)."""

    rows: tuple

    def level(self, level: str) -> tuple:
        return tuple(r for r in self.rows if r.level == level)

    def unit(self, unit_id: int):
        return next((r for r in self.rows if r.unit_id == unit_id), None)

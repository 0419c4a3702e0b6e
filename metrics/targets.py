"""Sick-leave targets: set per unit and year, inherited down the organisation tree.

A target applies from its year until a later year's target replaces it; a unit without its own
target takes its nearest ancestor's.
"""

from __future__ import annotations

from metrics.org_rollup import parents
from store import Database
from store.settings import targets


def effective_targets(db: Database, year: int) -> dict[int, float]:
    """{unit_id: target percent} for every unit that has a target in force in `year`."""
    own = targets(db)
    own = own[own["year"] <= year].sort_values("year")
    latest = own.groupby("unit_id")["percent"].last().to_dict()
    parent = parents(db)
    out: dict[int, float] = {}
    for unit in parent:
        node = unit
        while node is not None:
            if node in latest:
                out[unit] = float(latest[node])
                break
            node = parent.get(node)
    return out

"""Sick-leave suppression over every published window at once, so no figure comes back by
subtraction along the hierarchy or along time.

The app publishes each unit's figures for months, quarters, tertials, years and rolling
twelve-month windows. Besides sektor = Σ enheter within a window, these are bound in time:
quarter = Σ its months, tertial = Σ its months, year = Σ quarters = Σ tertials = Σ months,
rolling year = Σ its months (= Σ its quarters when it ends a quarter). Deciding each window on
its own would let a month hidden for a unit that crossed the threshold mid-quarter come back as
the quarter minus the other months. Here every (unit, window) cell and every relation goes into
one run of the generic `suppress`, once per data version, and each table reads its hidden cells
from that result.
"""

from __future__ import annotations

from core.periods import MONTHS_IN, QUARTER, TERTIAL, YEAR
from metrics.suppression import Relation, suppress
from store import Database
from store.sick_leave import data_span, window_sums

Window = tuple[int, int]  # first and last month ordinal, inclusive

_CACHE: dict[tuple[str, int, int], dict[Window, dict[int, str]]] = {}


def published_windows(first: int, last: int) -> list[Window]:
    """Every window a page, report or CLI can ask for within the data span."""
    found: set[Window] = set()
    for m in range(first, last + 1):
        found.add((m, m))
        found.add((m - 11, m))  # the rolling year ending with this month (or quarter)
    for kind in (QUARTER, TERTIAL, YEAR):
        size = MONTHS_IN[kind]
        start = first - first % size
        for a in range(start, last + 1, size):
            found.add((a, a + size - 1))
    return sorted(found)


def _time_relations(windows: list[Window], units: list[int]) -> list[Relation]:
    """For each unit: a longer window is the sum of the months in it, and of the quarters in
    it where it is made of whole quarters (years, rolling years ending a quarter)."""
    months = {w for w in windows if w[0] == w[1]}
    quarters = {w for w in windows if w[1] - w[0] == 2 and w[0] % 3 == 0}
    splits = []
    for a, b in windows:
        if a == b:
            continue
        splits.append(((a, b), tuple((m, m) for m in range(a, b + 1))))
        if (b - a + 1) % 3 == 0 and a % 3 == 0 and (b - a) > 2:
            qs = tuple((q, q + 2) for q in range(a, b + 1, 3))
            if all(q in quarters for q in qs):
                splits.append(((a, b), qs))
    relations = []
    for whole, parts in splits:
        if not all(p in months or p in quarters for p in parts):
            continue
        for u in units:
            relations.append(Relation((u, *whole), tuple((u, *p) for p in parts)))
    return relations


def joint_hidden(db: Database, parent_of: dict[int, int | None], threshold: int):
    """{window: {unit: 'primary' | 'secondary'}} for every published window (cached per data
    version). Windows outside the data span are not covered: callers decide those alone."""
    key = (str(db.path), db.version(), threshold)
    if key in _CACHE:
        return _CACHE[key]
    span = data_span(db)
    result: dict[Window, dict[int, str]] = {}
    if span is not None:
        windows = published_windows(*span)
        sums = window_sums(db, [(f"{a}:{b}", a, b) for a, b in windows])
        persons, order = {}, {}
        for w, u, p, av in zip(sums["window"], sums["unit_id"], sums["persons"], sums["avtalte"],
                               strict=True):  # fmt: skip
            a, b = (int(x) for x in w.split(":"))
            persons[(int(u), a, b)] = p
            order[(int(u), a, b)] = (p, av)
        children: dict[int, list[int]] = {}
        for u, p in parent_of.items():
            if p is not None:
                children.setdefault(p, []).append(u)
        relations = [
            Relation((p, a, b), tuple((c, a, b) for c in kids))
            for a, b in windows
            for p, kids in children.items()
        ]
        relations += _time_relations(windows, sorted(parent_of))
        hidden = suppress(persons, relations, threshold, order)
        for (u, a, b), reason in hidden.items():
            result.setdefault((a, b), {})[u] = reason
        for w in windows:
            result.setdefault(w, {})
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = result
    return result

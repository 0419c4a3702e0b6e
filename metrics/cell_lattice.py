"""The additive relations between published figures, built on demand for the cells that need them.

A published figure is a cell (unit, first month, last month, measure). Cells are bound by
- hierarchy: a parent's cell is the sum of its children's cells in the same window;
- time: a window is the sum of its months, and of its quarters or tertials when it is made of
  whole ones (a year, a rolling year ending a quarter);
- categories (optional): a total measure is the sum of the category measures of the same unit
  and window (registered deviations = Σ categories).

An organisation of 1,500 units over five years has millions of such cells and relations, but
the secondary rule (`suppression.propagate`) only ever looks at relations holding a hidden
cell, so `relations_of` builds just those. The windows and which units publish a figure in
each window are given by the caller; a unit not published in a window counts as a known zero
(the attacker knows an absent row is nothing), so it is left out of every relation.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from core.periods import MONTHS_IN, QUARTER, TERTIAL
from metrics.suppression import Relation

Window = tuple[int, int]  # first and last month ordinal, inclusive
Cell = tuple[int, int, int, Hashable]  # unit, first month, last month, measure


def calendar_windows(first: int, last: int, kinds: Iterable[str]) -> set[Window]:
    """Every month, and every whole period of `kinds` (quarter, tertial, year) that overlaps
    the months first..last."""
    found = {(m, m) for m in range(first, last + 1)}
    for kind in kinds:
        size = MONTHS_IN[kind]
        for a in range(first - first % size, last + 1, size):
            found.add((a, a + size - 1))
    return found


def rolling_windows(first: int, last: int) -> set[Window]:
    """The rolling twelve months ending with each month first..last."""
    return {(m - 11, m) for m in range(first, last + 1)}


def _splits(windows: set[Window]) -> list[tuple[Window, tuple[Window, ...]]]:
    """(whole, parts) for every way a window is the sum of months, quarters or tertials.

    A part outside `windows` lies outside the data span: nobody has a figure there (a known
    zero), so `published` leaves it out of the relation like any other unit without data."""
    out = []
    for a, b in sorted(windows):
        if a == b:
            continue
        length = b - a + 1
        out.append(((a, b), tuple((m, m) for m in range(a, b + 1))))
        for kind in (QUARTER, TERTIAL):
            size = MONTHS_IN[kind]
            if length > size and length % size == 0 and a % size == 0:
                out.append(((a, b), tuple((s, s + size - 1) for s in range(a, b + 1, size))))
    return out


class Lattice:
    """Relations among the cells of one organisation, windows and measures."""

    def __init__(
        self,
        parent_of: dict[int, int | None],
        windows: set[Window],
        published: dict[Window, set[int]],
        measures: tuple[Hashable, ...],
        total: Hashable | None = None,
    ) -> None:
        """`published[w]` are the units with a figure in window w; `measures` are the measures
        of each cell; with `total`, total = Σ the others."""
        self.parent_of = parent_of
        self.children: dict[int, list[int]] = {}
        for unit, parent in sorted(parent_of.items()):
            if parent is not None:
                self.children.setdefault(parent, []).append(unit)
        self.published = published
        self._families: dict[tuple, Relation | None] = {}
        self._kids: dict[tuple[int, Window], list[int] | None] = {}
        self.total = total
        self.categories = tuple(m for m in measures if m != total)
        # Every split once; a window lists the splits it is the whole or a part of, so a
        # split's relation is built once per unit whichever of its cells asks first.
        self.splits = _splits(windows)
        self.splits_of: dict[Window, list[int]] = {}
        for i, (whole, parts) in enumerate(self.splits):
            for w in (whole, *parts):
                self.splits_of.setdefault(w, []).append(i)

    def _family(self, parent: int, w: Window, measure: Hashable) -> Relation | None:
        key = (parent, w, measure)
        if key not in self._families:
            if (parent, w) not in self._kids:  # the same for every measure
                shown = self.published.get(w, set())
                self._kids[parent, w] = (
                    [c for c in self.children.get(parent, ()) if c in shown]
                    if parent in shown
                    else None
                )
            kids = self._kids[parent, w]
            a, b = w
            self._families[key] = (
                None
                if kids is None
                else Relation((parent, a, b, measure), tuple((c, a, b, measure) for c in kids))
            )
        return self._families[key]

    def _split(self, unit: int, i: int, measure: Hashable) -> Relation | None:
        key = (unit, i, measure)
        if key not in self._families:
            whole, parts = self.splits[i]
            pub = self.published
            self._families[key] = (
                Relation(
                    (unit, *whole, measure),
                    tuple((unit, a, b, measure) for a, b in parts if unit in pub.get((a, b), ())),
                )
                if unit in pub.get(whole, ())
                else None
            )
        return self._families[key]

    def relations_of(self, cell: Cell) -> list[Relation]:
        """Every relation the cell is in (only published cells)."""
        unit, a, b, measure = cell
        w = (a, b)
        out = []
        for parent in (unit, self.parent_of.get(unit)):
            if parent is not None and (rel := self._family(parent, w, measure)) is not None:
                out.append(rel)
        for i in self.splits_of.get(w, ()):
            if (rel := self._split(unit, i, measure)) is not None:
                out.append(rel)
        if self.total is not None:
            key = ("categories", unit, w)
            if key not in self._families:
                parts = tuple((unit, a, b, c) for c in self.categories)
                self._families[key] = Relation((unit, a, b, self.total), parts)
            out.append(self._families[key])
        return out

"""Protecting persons: which figures are hidden, and why (DOMAIN.md, GDPR art. 9).

Primary: a cell describing fewer persons than the threshold is hidden. Secondary: published
figures are bound by additive relations (a parent is the sum of its children); a relation in
which exactly one cell is hidden would give that cell back by subtraction, so the smallest
visible cell of that relation is hidden too, and the check repeats until no relation has a
single hidden cell. Hidden cells still count in their parents' sums (the caller never removes
them from the data, only from what it shows).

This module knows nothing of sick leave: cells are keys with a size, relations are lists of
keys. Every consumer (pages, exports, JSON, CLI) gets its hidden cells from here through the
metric functions, so the rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Relation:
    """total = sum(parts). Any cell of it may be hidden; exactly one hidden cell is a leak."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def suppress(
    persons: Mapping[Hashable, float],
    relations: Iterable[Relation],
    threshold: int,
    order: Mapping[Hashable, Sequence] | None = None,
) -> dict[Hashable, str]:
    """Return {cell: PRIMARY | SECONDARY} for every cell that must be hidden.

    `persons` is the headcount each cell describes. `order` gives each cell a sort key used to
    pick the secondary cell deterministically (smallest first); by default (persons, key).
    Cells in a relation but missing from `persons` are treated as not published.
    """
    hidden: dict[Hashable, str] = {
        cell: PRIMARY for cell, n in persons.items() if n is None or n < threshold
    }
    rels = [
        Relation(r.total, tuple(p for p in r.parts if p in persons))
        for r in relations
        if r.total in persons
    ]

    def sort_key(cell: Hashable) -> tuple:
        return (tuple(order[cell]) if order and cell in order else (persons[cell],)) + (str(cell),)

    changed = True
    while changed:
        changed = False
        for rel in rels:
            if len(rel.parts) < 1:
                continue
            n_hidden = sum(1 for c in rel.cells if c in hidden)
            if n_hidden != 1:
                continue
            # Prefer hiding a part: the total is what the committee most needs to see.
            candidates = [c for c in rel.parts if c not in hidden] or [
                c for c in rel.cells if c not in hidden
            ]
            if not candidates:
                continue
            hidden[min(candidates, key=sort_key)] = SECONDARY
            changed = True
    return hidden

"""The attacker's side of suppression: which hidden cells can be given back by subtraction.

Published figures are cells bound by additive relations (total = sum of parts). Knowing every
visible cell, a relation with exactly one unknown cell gives that cell; once found it is known,
which may leave another relation with one unknown, and so on. `recover` runs that propagation
to its end and returns every hidden cell it finds, with the value found. A protected output
gives back nothing.

The statistics offices' audit of secondary suppression; the tests run it on every figure the
app publishes and on random organisations (Hypothesis).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from metrics.suppression import Relation


def recover(
    values: Mapping[Hashable, float | None], relations: Iterable[Relation]
) -> dict[Hashable, float]:
    """{hidden cell: value} for every hidden (None) cell single-unknown propagation finds.

    Cells missing from `values` are not published at all and count as unknown (a relation
    with one such cell gives it away too; with two or more it gives nothing).
    """
    known: dict[Hashable, float] = {k: v for k, v in values.items() if v is not None}
    rels = list(relations)
    found: dict[Hashable, float] = {}
    changed = True
    while changed:
        changed = False
        for rel in rels:
            if not rel.parts:  # nothing published below the total: no relation to use
                continue
            unknown = [c for c in rel.cells if c not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            parts = sum(known[p] for p in rel.parts if p != cell)
            value = parts if cell == rel.total else known[rel.total] - parts
            known[cell] = value
            if cell in values:  # a published-but-hidden cell, not an unpublished one
                found[cell] = value
            changed = True
    return found

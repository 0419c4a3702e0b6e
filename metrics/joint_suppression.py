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

from core.periods import QUARTER, TERTIAL, YEAR
from metrics.cell_lattice import Lattice, Window, calendar_windows, rolling_windows
from metrics.suppression import propagate
from metrics.version_cache import cached, fingerprint, kept
from store import Database
from store.sick_leave import data_span, window_sums

MEASURE = "sykefravær"


def published_windows(first: int, last: int) -> list[Window]:
    """Every window a page, report or CLI can ask for within the data span."""
    windows = calendar_windows(first, last, (QUARTER, TERTIAL, YEAR)) | rolling_windows(first, last)
    return sorted(windows)


def window_figures(db: Database) -> dict[tuple[int, int, int], tuple]:
    """{(unit, first month, last month): (persons, avtalte)} for every published sick-leave
    window (cached per data version); deviations and injuries take their headcounts here."""

    def compute() -> dict[tuple[int, int, int], tuple]:
        span = data_span(db)
        if span is None:
            return {}
        windows = published_windows(*span)
        sums = window_sums(db, [(i, a, b) for i, (a, b) in enumerate(windows)])
        columns = (sums[c].tolist() for c in ("window", "unit_id", "persons", "avtalte"))
        return {(u, *windows[i]): (p, av) for i, u, p, av in zip(*columns, strict=True)}

    return cached(db, ("window_figures",), compute)


def joint_hidden(db: Database, parent_of: dict[int, int | None], threshold: int):
    """{window: {unit: 'primary' | 'secondary'}} for every published window (cached per data
    version, and kept in the database for the next process). Windows outside the data span
    are not covered: callers decide those alone."""

    def hidden(windows: list[Window]) -> dict:
        order = window_figures(db)
        published: dict[Window, set[int]] = {}
        for u, a, b in order:
            published.setdefault((a, b), set()).add(u)
        lattice = Lattice(parent_of, set(windows), published, (MEASURE,))
        primary = [(*k, MEASURE) for k, (p, _) in order.items() if p is None or p < threshold]
        return propagate(primary, lattice.relations_of, lambda c: (*order[c[:3]], str(c)))

    def compute() -> dict[Window, dict[int, str]]:
        span = data_span(db)
        if span is None:
            return {}
        windows = published_windows(*span)
        name = f"sick_leave_hidden/{fingerprint(threshold, sorted(parent_of.items()))}"
        result: dict[Window, dict[int, str]] = {w: {} for w in windows}
        for (u, a, b, _), reason in kept(db, name, lambda: hidden(windows)).items():
            result[(a, b)][u] = reason
        return result

    key = ("sick_leave_hidden", threshold, tuple(sorted(parent_of.items())))
    return cached(db, key, compute)

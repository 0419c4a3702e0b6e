"""Deviation and injury counts over every published period at once, and which of them are hidden.

The app publishes each unit's deviations per category for months, quarters, tertials and
years, and its injuries (H1/H2/F counts and days lost) for the same periods. A small unit's
personskade and vold og trusler counts, and all its injury figures, are hidden (primary). The
counts are bound by hierarchy (sektor = Σ enheter), by time (year = Σ quarters = Σ tertials =
Σ months, quarter = Σ its months, tertial = Σ its months) and, for deviations, by category
(registered = Σ categories). One run of the secondary rule over all those relations per data
version (`cell_lattice`, `suppression.propagate`) decides every period together, so a hidden
count cannot come back as a total minus the other categories, a sector minus its other units,
or a quarter minus its other months. Registered totals stay visible: the rule hides a category
before a total.

The case frame with every ancestor and month ordinal is kept here too, so a trend over twelve
periods filters one frame instead of querying twelve times.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.periods import QUARTER, TERTIAL, YEAR
from metrics.cell_lattice import Lattice, Window, calendar_windows
from metrics.joint_suppression import window_figures
from metrics.org_rollup import with_ancestors
from metrics.suppression import propagate
from metrics.version_cache import cached, fingerprint, kept
from store import Database
from store.deviations import cases_between, deviation_span
from store.sick_leave import data_span

CATEGORIES = (
    "personskade", "nestenulykke", "farlig forhold", "vold og trusler", "miljø",
    "materiell skade", "psykososialt", "brann", "annet",
)  # fmt: skip
SUGGESTION = "forbedringsforslag"
SENSITIVE = ("personskade", "vold og trusler")
REGISTERED = "registered"
INJURIES = "injuries"
KINDS = (QUARTER, TERTIAL, YEAR)


def all_cases(db: Database) -> pd.DataFrame:
    """Every case once per ancestor of its unit (`ancestor_id`), with its month ordinal
    (`month`); cached per data version. Without free text."""

    def compute() -> pd.DataFrame:
        cases = with_ancestors(db, cases_between(db, "0001-01-01", "9999-12-31"))
        dates = pd.to_datetime(cases["registrert_dato"])
        cases["month"] = (dates.dt.year * 12 + dates.dt.month - 1).astype("int64")
        return cases.sort_values(["ancestor_id", "month", "saksnummer"], ignore_index=True)

    return cached(db, ("all_cases",), compute)


def cases_in(
    db: Database, first_month: int, last_month: int, unit: int | None = None
) -> pd.DataFrame:
    """The cases of `all_cases` registered in the months first..last (under `unit` only, if
    given: a slice of the sorted frame, not a scan of it)."""
    cases = all_cases(db)
    if unit is not None:
        units = cases["ancestor_id"].to_numpy()
        cases = cases.iloc[units.searchsorted(unit, "left") : units.searchsorted(unit, "right")]
    month = cases["month"]
    return cases[(month >= first_month) & (month <= last_month)]


@dataclass(frozen=True)
class HiddenCounts:
    """Hidden deviation cells {(unit, a, b, category): reason} and hidden injury cells
    {(unit, a, b): reason} for every published window."""

    deviations: dict[tuple[int, int, int, str], str]
    injuries: dict[tuple[int, int, int], str]


def headcount(persons: dict, unit: int, first: int, last: int) -> float:
    """The unit's headcount for the window from the sick-leave data: of the window itself, or,
    when no export covers it alone (a month of quarterly exports), of the shortest quarter,
    tertial or year around it that has one; 0 when there is none."""
    candidates = [(first, last)]
    for size in (3, 4, 12):
        start = first - first % size
        if start + size - 1 >= last and (start, start + size - 1) != (first, last):
            candidates.append((start, start + size - 1))
    for window in candidates:
        found = persons.get((unit, *window))
        if found is not None:
            return found[0] or 0.0
    return 0.0


def _window_counts(cases: pd.DataFrame, windows: set[Window], by: list[str]) -> dict:
    """{(ancestor, a, b, *by values): count} for every window, one groupby per window length."""
    out: dict = {}
    month = cases["month"].to_numpy()
    for size in sorted({b - a + 1 for a, b in windows}):
        keys = {"u": cases["ancestor_id"].to_numpy(), "a": month - month % size}
        keys.update((c, cases[c].to_numpy()) for c in by)
        counts = pd.DataFrame(keys).groupby(list(keys)).size().reset_index(name="n")
        for u, a, *rest, n in zip(*(counts[c].tolist() for c in counts.columns), strict=True):
            if (a, a + size - 1) in windows:
                out[(u, a, a + size - 1, *rest)] = n
    return out


def hidden_counts(db: Database, parent_of: dict[int, int | None], threshold: int) -> HiddenCounts:
    """Which deviation category counts and injury figures are hidden, and why (cached per data
    version, and kept in the database for the next process)."""

    def hidden(spans: list[tuple[int, int]]) -> dict:
        cases = all_cases(db)
        persons = window_figures(db)
        dev_span = deviation_span(db)
        windows = calendar_windows(dev_span[0], dev_span[1], KINDS) if dev_span else set()
        every = calendar_windows(min(s[0] for s in spans), max(s[1] for s in spans), KINDS)

        def small(u: int, a: int, b: int) -> bool:
            found = persons.get((u, a, b))
            if found is not None:  # the usual case, without looking for a longer window
                return (found[0] or 0.0) < threshold
            return headcount(persons, u, a, b) < threshold

        # Deviations: a unit publishes its categories in a window when it has any case there.
        any_case = _window_counts(cases, windows, [])
        per_cat = _window_counts(cases[cases["standard"] != SUGGESTION], windows, ["standard"])
        published: dict[Window, set[int]] = {}
        for u, a, b in any_case:
            published.setdefault((a, b), set()).add(u)
        lattice = Lattice(parent_of, windows, published, (*CATEGORIES, REGISTERED), REGISTERED)
        primary = [(u, a, b, cat) for (u, a, b) in any_case if small(u, a, b) for cat in SENSITIVE]
        deviations = propagate(primary, lattice.relations_of, lambda c: (per_cat.get(c, 0), str(c)))

        # Injuries: a unit publishes them where it has hours worked or injuries.
        injured = _window_counts(cases[cases["skadeklasse"].notna()], every, [])
        shown: dict[Window, set[int]] = {}
        for u, a, b in set(injured) | {k for k in persons if (k[1], k[2]) in every}:
            shown.setdefault((a, b), set()).add(u)
        lattice = Lattice(parent_of, every, shown, (INJURIES,))
        primary = [(u, *w, INJURIES) for w, units in shown.items() for u in units if small(u, *w)]
        injuries = propagate(
            primary, lattice.relations_of, lambda c: (injured.get(c[:3], 0), str(c))
        )
        return deviations | injuries  # told apart by measure: a category or INJURIES

    def compute() -> HiddenCounts:
        spans = [s for s in (deviation_span(db), data_span(db)) if s is not None]
        if not spans:
            return HiddenCounts({}, {})
        name = f"deviations_hidden/{fingerprint(threshold, sorted(parent_of.items()))}"
        deviations, injuries = {}, {}
        for cell, reason in kept(db, name, lambda: hidden(spans)).items():
            if cell[3] == INJURIES:
                injuries[cell[:3]] = reason
            else:
                deviations[cell] = reason
        return HiddenCounts(deviations, injuries)

    key = ("hidden_counts", threshold, tuple(sorted(parent_of.items())))
    return cached(db, key, compute)

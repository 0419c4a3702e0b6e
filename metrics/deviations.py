"""Deviations (avvik) per unit and period: by standard category, severity and status.

Definitions (DOMAIN.md): overdue = not closed and deadline before the reference date (default
today); time to close = closed date − registered date in days, reported as the median;
forbedringsforslag are counted apart from avvik; change = registered now minus registered in
the same period a year earlier. Counts of personskade and vold og trusler for a unit of fewer
persons than the threshold are hidden with the same rule and wording as sick leave, and the
next-smallest sibling's count too when it alone would give them back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from core.periods import Period, ordinal_to_year_month
from core.severity import BANDS as SEVERITY_BANDS
from core.severity import severity_band
from metrics.org_rollup import (
    ByUnit,
    hierarchy_relations,
    persons_by_unit,
    tree_info,
    with_ancestors,
)
from metrics.suppression import Relation, suppress
from store import Database
from store.deviations import cases_between
from store.settings import suppression_threshold

CATEGORIES = (
    "personskade", "nestenulykke", "farlig forhold", "vold og trusler", "miljø",
    "materiell skade", "psykososialt", "brann", "annet",
)  # fmt: skip
SUGGESTION = "forbedringsforslag"
SENSITIVE = ("personskade", "vold og trusler")


def date_range(first_month: int, last_month: int) -> tuple[str, str]:
    """ISO first day of the first month and last day of the last month."""
    y0, m0 = ordinal_to_year_month(first_month)
    y1, m1 = ordinal_to_year_month(last_month + 1)
    return dt.date(y0, m0, 1).isoformat(), (dt.date(y1, m1, 1) - dt.timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class DeviationFigures:
    unit_id: int
    level: str
    unit: str
    parent: str | None
    period: str
    registered: int | None
    by_category: dict[str, int | None]
    by_severity: dict[str, int]
    open: int
    overdue: int
    closed: int
    median_days_to_close: float | None
    registered_change: int | None
    improvement_suggestions: int
    suppressed: bool
    hidden: dict[str, str]  # category -> 'primary' | 'secondary'

    def to_json(self) -> dict:
        """The machine contract of `cli.py deviations --json` (hidden counts are null)."""
        return {
            "level": self.level,
            "unit": self.unit,
            "parent": self.parent,
            "period": self.period,
            "registered": self.registered,
            "by_category": self.by_category,
            "by_severity": self.by_severity,
            "open": self.open,
            "overdue": self.overdue,
            "closed": self.closed,
            "median_days_to_close": self.median_days_to_close,
            "registered_change": self.registered_change,
            "improvement_suggestions": self.improvement_suggestions,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class DeviationTable(ByUnit):
    period: Period
    reference_date: dt.date
    threshold: int
    rows: tuple[DeviationFigures, ...]


def _counts(db: Database, first: int, last: int) -> pd.DataFrame:
    """Cases of the window rolled up: one row per (ancestor_id, case)."""
    a, b = date_range(first, last)
    return with_ancestors(db, cases_between(db, a, b))


def deviation_table(
    db: Database, period: Period, reference_date: dt.date | None = None
) -> DeviationTable:
    """Deviation figures for every unit with cases in the period (or any unit's children)."""
    reference = reference_date or dt.date.today()
    threshold = suppression_threshold(db)
    tree = tree_info(db)
    now = _counts(db, period.first_month, period.last_month)
    prev = _counts(db, period.first_month - 12, period.last_month - 12)
    persons = persons_by_unit(db, period.first_month, period.last_month)

    avvik = now[now["standard"] != SUGGESTION]
    per_cat = avvik.groupby(["ancestor_id", "standard"]).size()
    units = sorted(set(now["ancestor_id"]))

    # Cells and relations for suppression: (unit, category) and (unit, 'registered').
    cell_persons: dict = {}
    for u in units:
        for cat in CATEGORIES:
            sensitive = cat in SENSITIVE
            cell_persons[(u, cat)] = persons.get(u, 0.0) if sensitive else float("inf")
        cell_persons[(u, "registered")] = float("inf")
    relations = [Relation((u, "registered"), tuple((u, c) for c in CATEGORIES)) for u in units]
    for cat in (*CATEGORIES, "registered"):
        relations += hierarchy_relations(tree, cat)
    order = {cell: (per_cat.get(cell, 0),) for cell in cell_persons}
    hidden = suppress(cell_persons, relations, threshold, order)

    prev_registered = prev[prev["standard"] != SUGGESTION].groupby("ancestor_id").size()
    # Every per-unit figure by one groupby each (not one filter per unit: 1,500 units).
    closed_mask = avvik["status"] == "lukket"
    frist = pd.to_datetime(avvik["frist"])
    ref = pd.Timestamp(reference)
    registered = avvik.groupby("ancestor_id").size()
    closed_n = avvik[closed_mask].groupby("ancestor_id").size()
    overdue_n = avvik[~closed_mask & (frist < ref)].groupby("ancestor_id").size()
    days = (pd.to_datetime(avvik["lukket_dato"]) - pd.to_datetime(avvik["registrert_dato"])).dt.days
    median_days = days[closed_mask].groupby(avvik.loc[closed_mask, "ancestor_id"]).median()
    bands = avvik["alvorlighetsgrad"].map(severity_band)
    per_band = bands.groupby([avvik["ancestor_id"], bands]).size()
    suggestions = now[now["standard"] == SUGGESTION].groupby("ancestor_id").size()
    rows = []
    info = tree.set_index("id")
    for u in units:
        n = int(registered.get(u, 0))
        reasons = {cat: hidden[(u, cat)] for cat in CATEGORIES if (u, cat) in hidden}
        registered_hidden = (u, "registered") in hidden
        median = median_days.get(u)
        rows.append(
            DeviationFigures(
                unit_id=int(u),
                level=info.loc[u, "level"],
                unit=info.loc[u, "name"],
                parent=info.loc[u, "parent"],
                period=period.label,
                registered=None if registered_hidden else n,
                by_category={
                    cat: None if cat in reasons else int(per_cat.get((u, cat), 0))
                    for cat in CATEGORIES
                },
                by_severity={band: int(per_band.get((u, band), 0)) for band in SEVERITY_BANDS},
                open=n - int(closed_n.get(u, 0)),
                overdue=int(overdue_n.get(u, 0)),
                closed=int(closed_n.get(u, 0)),
                median_days_to_close=None if median is None or pd.isna(median) else float(median),
                registered_change=None if registered_hidden else n - int(prev_registered.get(u, 0)),
                improvement_suggestions=int(suggestions.get(u, 0)),
                suppressed=bool(reasons) or registered_hidden,
                hidden=reasons,
            )
        )
    return DeviationTable(period, reference, threshold, tuple(rows))


@dataclass(frozen=True)
class OverdueCase:
    saksnummer: str
    unit: str
    category: str  # the standard category, or the hidden wording for a small unit's sensitive case
    deadline: dt.date
    days_overdue: int


def overdue_cases(
    db: Database, unit_id: int, reference_date: dt.date | None = None, limit: int = 500
) -> tuple[OverdueCase, ...]:
    """Open cases past their deadline under `unit_id`, most overdue first. No free text; a
    small unit's personskade or vold og trusler case shows its category as hidden."""
    from core.formatting import hidden_text

    reference = reference_date or dt.date.today()
    threshold = suppression_threshold(db)
    cases = with_ancestors(db, cases_between(db, "1900-01-01", reference.isoformat()))
    mine = cases[(cases["ancestor_id"] == unit_id) & (cases["status"] != "lukket")]
    mine = mine[pd.to_datetime(mine["frist"]) < pd.Timestamp(reference)]
    if mine.empty:
        return ()
    tree = tree_info(db).set_index("id")
    last_month = reference.year * 12 + reference.month - 1
    persons = persons_by_unit(db, last_month - 11, last_month)
    out = []
    for r in mine.sort_values("frist").head(limit).itertuples():
        small = persons.get(r.unit_id, 0.0) < threshold
        category = (
            hidden_text("primary", threshold) if small and r.standard in SENSITIVE else r.standard
        )
        deadline = pd.Timestamp(r.frist).date()
        out.append(
            OverdueCase(
                r.saksnummer,
                tree.loc[r.unit_id, "name"],
                category,
                deadline,
                (reference - deadline).days,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class DeviationTrend:
    unit_id: int
    kind: str
    periods: tuple[Period, ...]
    figures: tuple[DeviationFigures | None, ...]  # None: no cases in that period


def deviation_trend(
    db: Database, unit_id: int, last: Period, kind: str = "quarter", count: int = 12,
    reference_date: dt.date | None = None,
) -> DeviationTrend:  # fmt: skip
    """The unit's figures for `count` periods of `kind` (quarter or tertial) ending with `last`."""
    if last.kind != kind:
        last = Period.containing(kind, last.last_month)
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    periods.reverse()
    figures = tuple(deviation_table(db, p, reference_date).unit(unit_id) for p in periods)
    return DeviationTrend(unit_id, kind, tuple(periods), figures)

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
from metrics.deviation_suppression import (
    CATEGORIES,
    SENSITIVE,
    SUGGESTION,
    cases_in,
    hidden_counts,
)
from metrics.joint_suppression import window_figures
from metrics.org_rollup import ByUnit, parents, persons_by_unit, unit_info
from store import Database
from store.settings import suppression_threshold

__all__ = ["CATEGORIES", "SENSITIVE", "SEVERITY_BANDS", "SUGGESTION", "deviation_table"]


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


def deviation_table(
    db: Database,
    period: Period,
    reference_date: dt.date | None = None,
    only: int | None = None,
) -> DeviationTable:
    """Deviation figures for every unit with cases in the period (only unit `only`, if given:
    the same figures, without the other units' work)."""
    reference = reference_date or dt.date.today()
    threshold = suppression_threshold(db)
    now = cases_in(db, period.first_month, period.last_month, only)
    prev = cases_in(db, period.first_month - 12, period.last_month - 12, only)
    hidden = hidden_counts(db, parents(db), threshold).deviations
    window = (period.first_month, period.last_month)

    avvik = now[now["standard"] != SUGGESTION]
    units = sorted(set(now["ancestor_id"]))
    # Every per-unit figure by one groupby each (not one filter per unit: 1,500 units).
    closed_mask = avvik["status"] == "lukket"
    frist = pd.to_datetime(avvik["frist"])
    ref = pd.Timestamp(reference)
    closed = avvik[closed_mask]
    days = (
        pd.to_datetime(closed["lukket_dato"]) - pd.to_datetime(closed["registrert_dato"])
    ).dt.days
    bands = avvik["alvorlighetsgrad"].map(severity_band)

    def count(frame: pd.DataFrame, *by) -> dict:
        return frame.groupby(["ancestor_id", *by]).size().to_dict()

    per_cat = count(avvik, "standard")
    registered = count(avvik)
    prev_registered = count(prev[prev["standard"] != SUGGESTION])
    closed_n = count(closed)
    overdue_n = count(avvik[~closed_mask & (frist < ref)])
    median_days = days.groupby(closed["ancestor_id"]).median().to_dict()
    per_band = bands.groupby([avvik["ancestor_id"], bands]).size().to_dict()
    suggestions = count(now[now["standard"] == SUGGESTION])
    info = unit_info(db)
    rows = []
    for u in units:
        n = registered.get(u, 0)
        reasons = {c: hidden[(u, *window, c)] for c in CATEGORIES if (u, *window, c) in hidden}
        registered_hidden = (u, *window, "registered") in hidden
        median = median_days.get(u)
        rows.append(
            DeviationFigures(
                unit_id=int(u),
                level=info[u]["level"],
                unit=info[u]["name"],
                parent=info[u]["parent"],
                period=period.label,
                registered=None if registered_hidden else n,
                by_category={
                    cat: None if cat in reasons else int(per_cat.get((u, cat), 0))
                    for cat in CATEGORIES
                },
                by_severity={band: int(per_band.get((u, band), 0)) for band in SEVERITY_BANDS},
                open=n - closed_n.get(u, 0),
                overdue=overdue_n.get(u, 0),
                closed=closed_n.get(u, 0),
                median_days_to_close=None if median is None or pd.isna(median) else float(median),
                registered_change=None if registered_hidden else n - prev_registered.get(u, 0),
                improvement_suggestions=suggestions.get(u, 0),
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
    cases = cases_in(db, 0, reference.year * 12 + reference.month - 1, unit_id)
    mine = cases[cases["status"] != "lukket"]
    mine = mine[pd.to_datetime(mine["registrert_dato"]) <= pd.Timestamp(reference)]
    mine = mine[pd.to_datetime(mine["frist"]) < pd.Timestamp(reference)]
    if mine.empty:
        return ()
    info = unit_info(db)
    last_month = reference.year * 12 + reference.month - 1
    window = (last_month - 11, last_month)
    figures = window_figures(db)  # cached; a window outside it is summed on its own, once
    fallback: list[dict] = []

    def persons(unit: int) -> float:
        if (unit, *window) in figures:
            return figures[(unit, *window)][0] or 0.0
        if not fallback:
            fallback.append(persons_by_unit(db, *window))
        return fallback[0].get(unit, 0.0)

    out = []
    for r in mine.sort_values("frist").head(limit).itertuples():
        small = persons(r.unit_id) < threshold
        category = (
            hidden_text("primary", threshold) if small and r.standard in SENSITIVE else r.standard
        )
        deadline = pd.Timestamp(r.frist).date()
        out.append(
            OverdueCase(
                r.saksnummer,
                info[r.unit_id]["name"],
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
    figures = tuple(
        deviation_table(db, p, reference_date, only=unit_id).unit(unit_id) for p in periods
    )
    return DeviationTrend(unit_id, kind, tuple(periods), figures)

"""Sick-leave percentages per unit and period, with trend, target and suppression.

Definitions (DOMAIN.md, the contract): percentage = sum(tapte) / sum(avtalte) × 100 over every
row of the group and window, never a mean of percentages; the trend is the change in
percentage points against the same window one year earlier; a group of fewer persons than the
threshold is hidden, and so is whatever would give it back by subtraction. Suppression is
decided on the whole organisation for each window, never on a filtered view.
"""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import asdict, dataclass

import pandas as pd

from core.periods import QUARTER, Period, month_range_label
from metrics.joint_suppression import joint_hidden
from metrics.org_rollup import ByUnit, parents
from metrics.suppression import Relation, suppress
from metrics.targets import effective_targets
from store import Database
from store.org import LEVELS, org_tree
from store.settings import suppression_threshold
from store.sick_leave import window_sums


@dataclass(frozen=True)
class UnitFigures:
    """One unit in one window. All figures are None when `suppressed`."""

    unit_id: int
    level: str
    unit: str
    parent: str | None
    parent_id: int | None
    period: str  # label of the requested period
    window: str  # label of the months summed (differs from period when rolling)
    persons: int | None
    avtalte_dagsverk: float | None
    tapte_dagsverk: float | None
    percent: float | None
    egenmeldt_percent: float | None
    legemeldt_percent: float | None
    previous_percent: float | None
    change_pp: float | None
    target_percent: float | None
    suppressed: bool
    suppressed_reason: str | None  # 'primary' | 'secondary' | None
    incomplete: bool  # some months of the window have no data (NAV: UFULLSTENDIG_DATA)
    persons_estimated: bool  # headcount estimated from avtalte dagsverk

    @property
    def target_gap_pp(self) -> float | None:
        if self.percent is None or self.target_percent is None:
            return None
        return self.percent - self.target_percent

    def to_json(self) -> dict:
        """The machine contract of `cli.py sick-leave --json` (hidden figures are null)."""
        return {
            "level": self.level,
            "unit": self.unit,
            "parent": self.parent,
            "period": self.period,
            "persons": self.persons,
            "avtalte_dagsverk": self.avtalte_dagsverk,
            "tapte_dagsverk": self.tapte_dagsverk,
            "percent": self.percent,
            "egenmeldt_percent": self.egenmeldt_percent,
            "legemeldt_percent": self.legemeldt_percent,
            "change_pp": self.change_pp,
            "target_percent": self.target_percent,
            "suppressed": self.suppressed,
            "incomplete": self.incomplete,
        }


@dataclass(frozen=True)
class SickLeaveTable(ByUnit):
    """Every unit of the organisation for one period (or rolling window ending there)."""

    period: Period
    rolling: bool
    window: str
    threshold: int
    rows: tuple[UnitFigures, ...]

    def children(self, unit_id: int) -> tuple[UnitFigures, ...]:
        return tuple(r for r in self.rows if r.parent_id == unit_id)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(r) for r in self.rows])


@dataclass(frozen=True)
class TrendPoint:
    period: str
    display: str
    year: int
    index: int
    percent: float | None
    egenmeldt_percent: float | None
    legemeldt_percent: float | None
    target_percent: float | None
    suppressed: bool
    suppressed_reason: str | None
    incomplete: bool
    has_data: bool


@dataclass(frozen=True)
class SickLeaveTrend:
    unit_id: int
    unit: str
    level: str
    kind: str
    points: tuple[TrendPoint, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(p) for p in self.points])


# --------------------------------------------------------------------------------------------
def _missing(x: object) -> bool:
    return x is None or (x != x if isinstance(x, float) else bool(pd.isna(x)))  # NaN != NaN


def _ratio(num: float | None, den: float | None) -> float | None:
    if _missing(num) or _missing(den) or den <= 0:
        return None  # a zero denominator is an error, not a number (NAV)
    return float(num) / float(den) * 100.0


def _relations(tree: pd.DataFrame) -> list[Relation]:
    children = tree.dropna(subset=["parent_id"]).groupby("parent_id")["id"].apply(tuple)
    return [Relation(int(p), tuple(int(c) for c in kids)) for p, kids in children.items()]


def _window_figures(
    db: Database, windows: list[tuple[str, int, int]], tree: pd.DataFrame, threshold: int
) -> dict[str, pd.DataFrame]:
    """Per window: sums per unit (indexed by unit_id) plus the column `hidden` (reason|None)."""
    sums = window_sums(db, windows)
    joint = joint_hidden(db, parents(db), threshold)
    out: dict[str, pd.DataFrame] = {}
    for key, first, last in windows:
        part = sums[sums["window"] == key].set_index("unit_id")
        if (first, last) in joint:  # decided with every other published window (time too)
            hidden = joint[(first, last)]
        else:  # outside the data span (a comparison year before the data): on its own
            persons = part["persons"].to_dict()
            order = {
                u: (p, a)
                for u, p, a in zip(part.index, part["persons"], part["avtalte"], strict=True)
            }
            hidden = suppress(persons, _relations(tree), threshold, order)
        part = part.assign(
            hidden=pd.Series([hidden.get(u) for u in part.index], index=part.index, dtype=object)
        )
        out[key] = part
    return out


_Row = namedtuple("_Row", "avtalte tapte egenmeldt legemeldt persons persons_estimated"
                   " split_complete months_missing hidden")  # fmt: skip


def _records(part: pd.DataFrame) -> dict[int, _Row]:
    """{unit_id: row} of a window's figures, for lookups without pandas indexing per unit."""
    columns = [part[c].tolist() for c in _Row._fields]
    return dict(zip(part.index.tolist(), map(_Row._make, zip(*columns, strict=True)), strict=True))


def sick_leave_table(db: Database, period: Period, rolling: bool = False) -> SickLeaveTable:
    """Figures for every unit with data in the period (or the rolling year ending with it)."""
    first, last = period.rolling_window() if rolling else (period.first_month, period.last_month)
    threshold = suppression_threshold(db)
    tree = org_tree(db)
    figs = _window_figures(
        db, [("now", first, last), ("prev", first - 12, last - 12)], tree, threshold
    )
    now = _records(figs["now"])
    previous = {
        u: _ratio(r.tapte, r.avtalte) for u, r in _records(figs["prev"]).items() if r.hidden is None
    }
    targets = effective_targets(db, period.year)
    ids, levels, unit_names = tree["id"].tolist(), tree["level"].tolist(), tree["name"].tolist()
    names = dict(zip(ids, unit_names, strict=True))
    window, label = month_range_label(first, last), period.label
    rows = []
    for unit_id, level, name, parent_id in zip(
        ids, levels, unit_names, tree["parent_id"].tolist(), strict=True
    ):
        r = now.get(unit_id)
        if r is None:
            continue
        hidden = r.hidden
        shown = hidden is None
        pct = _ratio(r.tapte, r.avtalte)
        prev_pct = previous.get(unit_id)
        split = shown and bool(r.split_complete)
        parent = None if pd.isna(parent_id) else int(parent_id)
        rows.append(
            UnitFigures(
                unit_id=unit_id,
                level=level,
                unit=name,
                parent=names.get(parent) if parent is not None else None,
                parent_id=parent,
                period=label,
                window=window,
                persons=int(math.floor(r.persons + 1e-9)) if shown else None,
                avtalte_dagsverk=float(r.avtalte) if shown else None,
                tapte_dagsverk=float(r.tapte) if shown else None,
                percent=pct if shown else None,
                egenmeldt_percent=_ratio(r.egenmeldt, r.avtalte) if split else None,
                legemeldt_percent=_ratio(r.legemeldt, r.avtalte) if split else None,
                previous_percent=prev_pct if shown else None,
                change_pp=(pct - prev_pct)
                if shown and pct is not None and prev_pct is not None
                else None,
                target_percent=targets.get(unit_id),
                suppressed=not shown,
                suppressed_reason=hidden,
                incomplete=bool(r.months_missing > 0),
                persons_estimated=bool(r.persons_estimated),
            )
        )
    return SickLeaveTable(
        period=period,
        rolling=rolling,
        window=month_range_label(first, last),
        threshold=threshold,
        rows=tuple(rows),
    )


def sick_leave_trend(
    db: Database, unit_id: int, last: Period, kind: str = QUARTER, count: int = 12
) -> SickLeaveTrend:
    """The unit's figures for `count` periods of `kind` ending with `last` (oldest first)."""
    if last.kind != kind:
        last = Period.containing(kind, last.last_month)
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    periods.reverse()
    threshold = suppression_threshold(db)
    tree = org_tree(db)
    unit = tree[tree["id"] == unit_id]
    if unit.empty:
        raise KeyError(f"ukjent enhet {unit_id}")
    figs = _window_figures(
        db, [(p.label, p.first_month, p.last_month) for p in periods], tree, threshold
    )
    target_by_year = {y: effective_targets(db, y).get(unit_id) for y in {p.year for p in periods}}
    points = []
    for p in periods:
        part = figs[p.label]
        has = unit_id in part.index
        r = part.loc[unit_id] if has else None
        hidden = r["hidden"] if has else None
        shown = has and hidden is None
        split = shown and bool(r["split_complete"])
        points.append(
            TrendPoint(
                period=p.label,
                display=p.display,
                year=p.year,
                index=p.index,
                percent=_ratio(r["tapte"], r["avtalte"]) if shown else None,
                egenmeldt_percent=_ratio(r["egenmeldt"], r["avtalte"]) if split else None,
                legemeldt_percent=_ratio(r["legemeldt"], r["avtalte"]) if split else None,
                target_percent=target_by_year[p.year],
                suppressed=has and hidden is not None,
                suppressed_reason=hidden,
                incomplete=has and bool(r["months_missing"] > 0),
                has_data=has,
            )
        )
    u = unit.iloc[0]
    return SickLeaveTrend(int(unit_id), u["name"], u["level"], kind, tuple(points))


def latest_period(db: Database, kind: str = QUARTER) -> Period | None:
    """The newest complete period of `kind` with data (for default selections)."""
    from store.sick_leave import data_span

    span = data_span(db)
    if span is None:
        return None
    p = Period.containing(kind, span[1])
    if p.last_month > span[1]:
        p = p.previous()
    return p


__all__ = ["LEVELS", "SickLeaveTable", "SickLeaveTrend", "UnitFigures", "latest_period",
           "sick_leave_table", "sick_leave_trend"]  # fmt: skip

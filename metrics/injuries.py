"""Injury rates per million hours worked: H1 (lost time), H2 (lost time or medical treatment,
first aid excluded) and F (days lost), per unit and period (DOMAIN.md; never per 200,000 h).

Hours worked come from the sick-leave data of the same window: avtalte dagsverk × 7.5. A rate
over fewer than 100,000 hours is flagged as uncertain. Injury counts of a unit with fewer
persons than the threshold are hidden (and their rates, which would give them back), with the
same secondary rule as sick leave.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.periods import Period
from metrics.deviation_suppression import cases_in, hidden_counts
from metrics.org_rollup import ByUnit, parents, tree_info
from store import Database
from store.settings import suppression_threshold
from store.sick_leave import window_sums

HOURS_PER_DAGSVERK = 7.5
UNCERTAIN_BELOW_HOURS = 100_000
PER = 1_000_000


@dataclass(frozen=True)
class InjuryFigures:
    unit_id: int
    level: str
    unit: str
    parent: str | None
    period: str
    hours_worked: float | None
    lost_time_injuries: int | None
    medical_treatment_injuries: int | None
    days_lost: float | None
    h1: float | None
    h2: float | None
    f: float | None
    uncertain: bool
    suppressed: bool
    hidden_reason: str | None = None  # 'primary' | 'secondary' when suppressed (not in JSON)

    def to_json(self) -> dict:
        """The machine contract of `cli.py injuries --json`."""
        return {
            "level": self.level, "unit": self.unit, "parent": self.parent, "period": self.period,
            "hours_worked": self.hours_worked, "lost_time_injuries": self.lost_time_injuries,
            "medical_treatment_injuries": self.medical_treatment_injuries,
            "days_lost": self.days_lost, "h1": self.h1, "h2": self.h2, "f": self.f,
            "uncertain": self.uncertain, "suppressed": self.suppressed,
        }  # fmt: skip


@dataclass(frozen=True)
class InjuryTable(ByUnit):
    period: Period
    threshold: int
    rows: tuple[InjuryFigures, ...]


def _rate(count: float, hours: float | None) -> float | None:
    return None if not hours else count / hours * PER


def injury_table(db: Database, period: Period) -> InjuryTable:
    """Injury counts and rates for every unit with hours or injuries in the period."""
    threshold = suppression_threshold(db)
    tree = tree_info(db)
    cases = cases_in(db, period.first_month, period.last_month)
    injuries = cases[cases["skadeklasse"].notna()]
    sums = window_sums(db, [("w", period.first_month, period.last_month)]).set_index("unit_id")
    units = sorted(set(sums.index) | set(injuries["ancestor_id"]))
    hidden = hidden_counts(db, parents(db), threshold).injuries
    window = (period.first_month, period.last_month)

    by_unit = injuries.groupby("ancestor_id")
    lost_n = by_unit["skadeklasse"].apply(lambda s: int((s == "fravær").sum()))
    medical_n = by_unit["skadeklasse"].apply(lambda s: int((s == "medisinsk behandling").sum()))
    days_n = by_unit["fravaersdager"].apply(lambda s: float(s.fillna(0).sum()))
    info = tree.set_index("id")
    rows = []
    for u in units:
        lost = int(lost_n.get(u, 0))
        medical = int(medical_n.get(u, 0))
        days = float(days_n.get(u, 0.0))
        hours = float(sums.loc[u, "avtalte"]) * HOURS_PER_DAGSVERK if u in sums.index else None
        reason = hidden.get((u, *window))
        shown = reason is None
        rows.append(
            InjuryFigures(
                unit_id=int(u),
                level=info.loc[u, "level"],
                unit=info.loc[u, "name"],
                parent=info.loc[u, "parent"],
                period=period.label,
                hours_worked=hours,
                lost_time_injuries=lost if shown else None,
                medical_treatment_injuries=medical if shown else None,
                days_lost=days if shown else None,
                h1=_rate(lost, hours) if shown else None,
                h2=_rate(lost + medical, hours) if shown else None,
                f=_rate(days, hours) if shown else None,
                uncertain=hours is None or hours < UNCERTAIN_BELOW_HOURS,
                suppressed=not shown,
                hidden_reason=reason,
            )
        )
    return InjuryTable(period, threshold, tuple(rows))

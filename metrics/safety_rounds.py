"""Safety rounds per unit and year: coverage, findings by risk band, open high risks.

Coverage = share of enheter (below the unit, or the unit itself) with at least one round in
the year. Risk = sannsynlighet × konsekvens; bands from settings (default 1–4 lav, 5–12
middels, 15–25 høy; DOMAIN.md). Overdue measure = not closed and deadline before the reference
date. Findings describe places, not persons, so nothing here is suppressed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from metrics.org_rollup import tree_info, with_ancestors
from store import Database
from store.safety_rounds import findings
from store.settings import get_setting

BANDS = ("lav", "middels", "høy")


@dataclass(frozen=True)
class RiskBands:
    low_max: int = 4
    medium_max: int = 12

    def band(self, risk: object) -> str | None:
        if risk is None or pd.isna(risk):
            return None
        return "lav" if risk <= self.low_max else ("middels" if risk <= self.medium_max else "høy")


def risk_bands(db: Database) -> RiskBands:
    return RiskBands(
        int(get_setting(db, "risk_low_max", "4")), int(get_setting(db, "risk_medium_max", "12"))
    )


@dataclass(frozen=True)
class SafetyRoundFigures:
    unit_id: int
    level: str
    unit: str
    parent: str | None
    year: int
    units: int
    units_with_round: int
    coverage_percent: float | None
    units_without_round: tuple[str, ...]
    findings_by_band: dict[str, int]
    open_high: int
    overdue_measures: int
    median_days_to_close: float | None

    def to_json(self) -> dict:
        """The machine contract of `cli.py safety-rounds --json`."""
        return {
            "level": self.level, "unit": self.unit, "parent": self.parent, "year": self.year,
            "units": self.units, "units_with_round": self.units_with_round,
            "coverage_percent": self.coverage_percent, "findings_by_band": self.findings_by_band,
            "open_high": self.open_high, "overdue_measures": self.overdue_measures,
            "median_days_to_close": self.median_days_to_close,
        }  # fmt: skip


def safety_round_table(
    db: Database, year: int, reference_date: dt.date | None = None
) -> tuple[SafetyRoundFigures, ...]:
    """Figures for every unit of the organisation for one year."""
    reference = pd.Timestamp(reference_date or dt.date.today())
    bands = risk_bands(db)
    tree = tree_info(db)
    all_findings = findings(db)
    all_findings["band"] = all_findings["risiko"].map(bands.band)
    rolled = with_ancestors(db, all_findings)
    this_year = rolled[pd.to_datetime(rolled["runde_dato"]).dt.year == year]
    leaves = tree[tree["level"] == "enhet"][["id", "name"]].rename(columns={"id": "unit_id"})
    leaf_anc = with_ancestors(db, leaves)
    rounded = set(
        all_findings.loc[pd.to_datetime(all_findings["runde_dato"]).dt.year == year, "unit_id"]
    )
    # Per-unit figures by one groupby each, not one filter per unit.
    leaf_anc = leaf_anc.assign(covered=leaf_anc["unit_id"].isin(rounded))
    units_n = leaf_anc.groupby("ancestor_id").size()
    covered_n = leaf_anc.groupby("ancestor_id")["covered"].sum()
    missing = (
        leaf_anc[~leaf_anc["covered"]]
        .groupby("ancestor_id")["name"]
        .apply(lambda s: tuple(sorted(s)))
    )
    found = this_year[this_year["funn"].notna()]
    per_band = found.groupby(["ancestor_id", "band"]).size()
    all_found = rolled[rolled["funn"].notna()]
    open_ = all_found[all_found["status"] != "lukket"]
    open_high = open_[open_["band"] == "høy"].groupby("ancestor_id").size()
    overdue = open_[pd.to_datetime(open_["frist"]) < reference].groupby("ancestor_id").size()
    closed = found[found["status"] == "lukket"]
    days = (pd.to_datetime(closed["lukket_dato"]) - pd.to_datetime(closed["runde_dato"])).dt.days
    median_days = days.groupby(closed["ancestor_id"]).median().to_dict()
    # Plain dicts for the loop over every unit: a pandas lookup per unit costs far more.
    units_n, covered_n, missing = units_n.to_dict(), covered_n.to_dict(), missing.to_dict()
    open_high, overdue, per_band = open_high.to_dict(), overdue.to_dict(), per_band.to_dict()
    out = []
    for u, level, name, parent in zip(
        tree["id"].tolist(), tree["level"], tree["name"], tree["parent"], strict=True
    ):
        n_units, n_covered = int(units_n.get(u, 0)), int(covered_n.get(u, 0))
        median = median_days.get(u)
        out.append(
            SafetyRoundFigures(
                unit_id=u,
                level=level,
                unit=name,
                parent=parent,
                year=year,
                units=n_units,
                units_with_round=n_covered,
                coverage_percent=n_covered / n_units * 100 if n_units else None,
                units_without_round=missing.get(u, ()),
                findings_by_band={b: int(per_band.get((u, b), 0)) for b in BANDS},
                open_high=int(open_high.get(u, 0)),
                overdue_measures=int(overdue.get(u, 0)),
                median_days_to_close=None if median is None or pd.isna(median) else float(median),
            )
        )
    return tuple(out)


def risk_matrix(db: Database, unit_id: int, year: int) -> pd.DataFrame:
    """Counts of the year's findings per (sannsynlighet, konsekvens) cell under `unit_id`:
    a 5×5 frame indexed by sannsynlighet 5..1 (top row most likely), columns konsekvens 1..5."""
    rolled = with_ancestors(db, findings(db))
    mine = rolled[(rolled["ancestor_id"] == unit_id) & rolled["funn"].notna()]
    mine = mine[pd.to_datetime(mine["runde_dato"]).dt.year == year]
    counts = mine.groupby(["sannsynlighet", "konsekvens"]).size()
    return pd.DataFrame(
        [[int(counts.get((s, k), 0)) for k in range(1, 6)] for s in range(5, 0, -1)],
        index=range(5, 0, -1),
        columns=range(1, 6),
    )


@dataclass(frozen=True)
class OpenMeasure:
    unit: str
    round_date: dt.date
    finding: str
    risk: int
    band: str
    measure: str | None
    owner: str | None
    deadline: dt.date | None
    overdue: bool


def open_measures(
    db: Database, unit_id: int, reference_date: dt.date | None = None
) -> tuple[OpenMeasure, ...]:
    """Findings not yet closed under `unit_id`: overdue first, then by risk, highest first."""
    reference = pd.Timestamp(reference_date or dt.date.today())
    bands = risk_bands(db)
    rolled = with_ancestors(db, findings(db))
    mine = rolled[
        (rolled["ancestor_id"] == unit_id) & rolled["funn"].notna() & (rolled["status"] != "lukket")
    ]
    names = tree_info(db).set_index("id")["name"]
    frist = pd.to_datetime(mine["frist"])
    mine = mine.assign(overdue=frist < reference).sort_values(
        ["overdue", "risiko", "frist"], ascending=[False, False, True]
    )
    return tuple(
        OpenMeasure(
            unit=names[r.unit_id],
            round_date=pd.Timestamp(r.runde_dato).date(),
            finding=r.funn,
            risk=int(r.risiko),
            band=bands.band(r.risiko),
            measure=None if pd.isna(r.tiltak) else r.tiltak,
            owner=None if pd.isna(r.ansvarlig) else r.ansvarlig,
            deadline=None if pd.isna(r.frist) else pd.Timestamp(r.frist).date(),
            overdue=bool(r.overdue),
        )
        for r in mine.itertuples()
    )

"""The annual wheel against the data: which planned activities are done, due or overdue.

An activity is done ('gjennomført') when its status says so or when the data proves it: a
vernerunde by a safety round of its unit in the year, an AMU meeting by a meeting of its
committee in its month (held, or at least dated on or before the reference date). Not done,
not postponed and its month ended before the reference date: overdue ('forfalt'). Evidence is
looked up with one query per kind, never one per unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from store import Database
from store.annual_wheel import activities
from store.committees import committee_id as committee_id_by_name
from store.committees import committees

DONE, PLANNED, OVERDUE, POSTPONED = "gjennomført", "planlagt", "forfalt", "utsatt"
STATES = (DONE, OVERDUE, PLANNED, POSTPONED)
MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
MONTH_NAMES = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
KIND_LABELS = {
    "amu_mote": "AMU-møte",
    "vernerunde": "Vernerunde",
    "medarbeidersamtaler": "Medarbeidersamtaler",
    "arbeidsmiljoundersokelse": "Arbeidsmiljøundersøkelse",
    "risikovurdering": "Risikovurdering",
    "hms_arsrapport": "HMS-årsrapport",
    "sykefravaersoppfolging": "Sykefraværsoppfølging",
    "annet": "Annet",
}
JSON_FIELDS = (
    "month",
    "activity",
    "unit",
    "owner",
    "status",
    "evidence",
    "kind",
    "committee",
    "id",
)


@dataclass(frozen=True)
class WheelItem:
    id: int
    month: int
    kind: str
    activity: str
    unit_id: int | None
    unit: str | None
    committee: str | None
    owner: str | None
    status: str  # as recorded: planlagt, gjennomført, utsatt
    state: str  # computed: gjennomført, planlagt, forfalt, utsatt
    evidence: str | None  # what in the data proves it done

    def to_json(self) -> dict:
        return {
            "month": self.month, "activity": self.activity, "unit": self.unit,
            "owner": self.owner, "status": self.state, "evidence": self.evidence,
            "kind": self.kind, "committee": self.committee, "id": self.id,
        }  # fmt: skip


@dataclass(frozen=True)
class WheelSummary:
    """What the Oversikt page shows: done, due this month, overdue, and the overdue items."""

    year: int
    total: int
    done: int
    due_this_month: int
    overdue: int
    overdue_items: tuple[WheelItem, ...]
    due_items: tuple[WheelItem, ...]


@dataclass(frozen=True)
class AnnualWheel:
    year: int
    reference_date: dt.date
    items: tuple[WheelItem, ...]
    counts: dict[str, int]  # every state in STATES, zero included

    def to_json(self) -> list[dict]:
        """The machine contract of `cli.py annual-wheel --json`: JSON_FIELDS per activity."""
        return [i.to_json() for i in self.items]

    def counts_text(self) -> str:
        """'8 gjennomført · 2 forfalt · 14 planlagt' (utsatt only when there are some)."""
        parts = [f"{self.counts[s]} {s}" for s in STATES if s != POSTPONED or self.counts[s]]
        return " · ".join(parts)

    def in_month(self, month: int) -> tuple[WheelItem, ...]:
        return tuple(i for i in self.items if i.month == month)

    def summary(self) -> WheelSummary:
        ref = self.reference_date
        due = tuple(
            i
            for i in self.items
            if self.year == ref.year and i.month == ref.month and i.state == PLANNED
        )
        overdue = tuple(i for i in self.items if i.state == OVERDUE)
        return WheelSummary(
            year=self.year,
            total=len(self.items),
            done=self.counts[DONE],
            due_this_month=len(due),
            overdue=len(overdue),
            overdue_items=overdue,
            due_items=due,
        )


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(value: object) -> str:
    return pd.Timestamp(value).strftime("%d.%m.%Y")


def _round_evidence(db: Database, year: int, reference_date: dt.date) -> dict[int, str]:
    """unit_id -> the first safety round of the year on or before the reference date."""
    rows = db.rows(
        "SELECT unit_id, min(runde_dato), arg_min(import_id, runde_dato),"
        " count(DISTINCT runde_dato) FROM safety_findings"
        " WHERE year(runde_dato) = ? AND runde_dato <= ? GROUP BY unit_id",
        [year, reference_date],
    )
    out = {}
    for unit_id, first, import_id, n in rows:
        more = f", {n} runder i året" if n > 1 else ""
        out[int(unit_id)] = f"Vernerunde registrert {_date(first)} (import #{import_id}{more})"
    return out


def _meeting_evidence(db: Database, year: int, reference_date: dt.date) -> dict[tuple, str]:
    """(committee_id, month) -> the meeting that proves it: a held meeting first, else one
    dated on or before the reference date that nobody has marked held yet."""
    rows = db.rows(
        "SELECT committee_id, month(meeting_date) AS m,"
        " coalesce(min(meeting_date) FILTER (WHERE status = 'avholdt'), min(meeting_date)),"
        " bool_or(status = 'avholdt') FROM meetings"
        " WHERE year(meeting_date) = ? AND (status = 'avholdt' OR meeting_date <= ?)"
        " GROUP BY committee_id, m",
        [year, reference_date],
    )
    return {
        (int(c), int(m)): (
            f"AMU-møte avholdt {_date(d)}" if held else f"AMU-møte {_date(d)} (ikke merket avholdt)"
        )
        for c, m, d, held in rows
    }


def _state(status: str, evidence: str | None, ended: bool) -> str:
    if status == DONE or evidence:
        return DONE
    if status == POSTPONED:
        return POSTPONED
    return OVERDUE if ended else PLANNED


def annual_wheel(
    db: Database, year: int, reference_date: dt.date, committee_id: int | None = None
) -> AnnualWheel:
    """The year's plan (one committee, or all) with each activity's state and evidence."""
    plan = activities(db, year, committee_id)
    kinds = set(plan["kind"])
    rounds = _round_evidence(db, year, reference_date) if "vernerunde" in kinds else {}
    meetings = _meeting_evidence(db, year, reference_date) if "amu_mote" in kinds else {}
    items = []
    for r in plan.itertuples(index=False):
        unit_id = None if pd.isna(r.unit_id) else int(r.unit_id)
        evidence = None
        if r.kind == "vernerunde" and unit_id is not None:
            evidence = rounds.get(unit_id)
        elif r.kind == "amu_mote" and not pd.isna(r.committee_id):
            evidence = meetings.get((int(r.committee_id), int(r.month)))
        ended = month_end(year, int(r.month)) < reference_date
        items.append(
            WheelItem(
                id=int(r.id),
                month=int(r.month),
                kind=r.kind,
                activity=r.activity,
                unit_id=unit_id,
                unit=_text(r.unit),
                committee=_text(r.committee),
                owner=_text(r.owner),
                status=r.status,
                state=_state(r.status, evidence, ended),
                evidence=evidence,
            )
        )
    items.sort(key=lambda i: (i.month, i.committee or "", i.id))
    counts = {s: sum(i.state == s for i in items) for s in STATES}
    return AnnualWheel(year, reference_date, tuple(items), counts)


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def wheel_status_summary(
    db: Database,
    reference_date: dt.date,
    committee_id: int | None = None,
    year: int | None = None,
) -> WheelSummary:
    """Counts for the Oversikt page: done, due this month, overdue (with the overdue items),
    for the reference date's year unless `year` is given; all committees unless one is."""
    return annual_wheel(db, year or reference_date.year, reference_date, committee_id).summary()


def annual_wheel_json(
    db: Database, year: int, committee_name: str | None, reference_date: dt.date
) -> list[dict]:
    """`cli.py annual-wheel --year Y --json [--committee NAME]`: one dict per activity.

    Raises ValueError (Norwegian, naming the known committees) for an unknown name."""
    committee_id = None
    if committee_name is not None:
        committee_id = committee_id_by_name(db, committee_name)
        if committee_id is None:
            known = ", ".join(committees(db)["name"]) or "ingen"
            raise ValueError(f"Ukjent utvalg: {committee_name}. Utvalg som finnes: {known}.")
    return annual_wheel(db, year, reference_date, committee_id).to_json()

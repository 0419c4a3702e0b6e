"""The frozen panel figures a data case carries: what the AMU saw when the agenda was sent.

For a committee's scope (its unit and the units right under it) and the newest complete
quarter before the agenda date, the sick-leave, deviation and safety-round panels are turned
into small tables of display text. Suppression has already happened in the metric layer, so a
hidden figure is frozen as its hidden text and can never come back from the snapshot.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text
from core.periods import QUARTER, Period, month_ordinal
from metrics.deviations import SENSITIVE, deviation_table
from metrics.meeting_papers import SnapshotTable
from metrics.org_rollup import scoped
from metrics.safety_rounds import safety_round_table
from metrics.sick_leave import sick_leave_table
from store import Database
from store.meetings import DATA_TOPICS
from store.org import parent_map
from store.sick_leave import data_span

__all__ = ["DATA_TOPICS", "snapshot", "snapshot_period", "snapshot_tables"]


def snapshot_period(db: Database, as_of: dt.date) -> Period | None:
    """The newest quarter that ended before `as_of` and has sick-leave data."""
    span = data_span(db)
    if span is None:
        return None
    last = min(span[1], month_ordinal(as_of.year, as_of.month) - 1)
    p = Period.containing(QUARTER, last)
    if p.last_month > last:
        p = p.previous()
    return p if p.last_month >= span[0] else None


def _sick_leave(db: Database, unit_id: int, period: Period) -> SnapshotTable:
    table = sick_leave_table(db, period)
    rows = []
    for r in scoped(table.rows, unit_id, parent_map(db)):
        if r.suppressed:
            hidden = hidden_text(r.suppressed_reason, table.threshold)
            rows.append((r.unit, hidden, "", "", "", fmt_percent(r.target_percent)))
            continue
        rows.append(
            (
                r.unit,
                fmt_percent(r.percent),
                fmt_percent(r.egenmeldt_percent),
                fmt_percent(r.legemeldt_percent),
                fmt_pp(r.change_pp),
                fmt_percent(r.target_percent),
            )
        )
    return SnapshotTable(
        title=f"Sykefravær {period.display}",
        columns=("Enhet", "Sykefravær", "Egenmeldt", "Legemeldt", "Endring mot året før", "Mål"),
        rows=tuple(rows),
        note=f"Tapte av avtalte dagsverk. Tall for grupper under {table.threshold} personer"
        " vises ikke.",
    )


def _deviations(db: Database, unit_id: int, period: Period, as_of: dt.date) -> SnapshotTable:
    table = deviation_table(db, period, as_of)
    rows = []
    for r in scoped(table.rows, unit_id, parent_map(db)):

        def count(category: str, r=r) -> str:
            if category in r.hidden:
                return hidden_text(r.hidden[category], table.threshold)
            value = r.by_category.get(category)
            return "0" if value is None else fmt_number(value, 0)

        registered = (
            hidden_text("primary", table.threshold)
            if r.registered is None
            else fmt_number(r.registered, 0)
        )
        rows.append(
            (r.unit, registered, str(r.open), str(r.overdue), *(count(c) for c in SENSITIVE))
        )
    return SnapshotTable(
        title=f"Avvik og HMS-hendelser {period.display}",
        columns=("Enhet", "Registrert", "Åpne", "Forfalte", "Personskade", "Vold og trusler"),
        rows=tuple(rows),
        note="Åpne og forfalte per "
        f"{as_of:%d.%m.%Y}. Personskader og vold i små grupper vises ikke.",
    )


def _safety_rounds(db: Database, unit_id: int, year: int, as_of: dt.date) -> SnapshotTable:
    table = safety_round_table(db, year, as_of)
    chosen = scoped(table, unit_id, parent_map(db))
    rows = tuple(
        (
            r.unit,
            f"{r.units_with_round} av {r.units}",
            fmt_percent(r.coverage_percent),
            str(r.open_high),
            str(r.overdue_measures),
        )
        for r in chosen
    )
    return SnapshotTable(
        title=f"Vernerunder og risiko {year}",
        columns=(
            "Enhet",
            "Enheter med vernerunde",
            "Dekning",
            "Åpne høye risikoer",
            "Forfalte tiltak",
        ),  # fmt: skip
        rows=rows,
        note=f"Status per {as_of:%d.%m.%Y}.",
    )


def snapshot_tables(db: Database, topic: str, unit_id: int, as_of: dt.date) -> list[SnapshotTable]:
    """The panel tables of one data case, for the committee's scope, as of a date."""
    period = snapshot_period(db, as_of)
    if topic == "sykefravaer":
        return [] if period is None else [_sick_leave(db, unit_id, period)]
    if topic == "avvik":
        if period is None:
            period = Period.containing(QUARTER, month_ordinal(as_of.year, as_of.month) - 3)
        return [_deviations(db, unit_id, period, as_of)]
    if topic == "risiko":
        return [_safety_rounds(db, unit_id, as_of.year, as_of)]
    return []


def snapshot(db: Database, topic: str, unit_id: int, as_of: dt.date) -> dict:
    """A case's snapshot as stored: tables of display text plus what they cover."""
    period = snapshot_period(db, as_of)
    return {
        "as_of": as_of.isoformat(),
        "period": None if period is None else period.label,
        "unit_id": unit_id,
        "tables": [
            {
                "title": t.title,
                "columns": list(t.columns),
                "rows": [list(r) for r in t.rows],
                "note": t.note,
            }
            for t in snapshot_tables(db, topic, unit_id, as_of)
        ],  # fmt: skip
    }


def tables_of(snap: dict | None) -> tuple[SnapshotTable, ...]:
    """The stored snapshot back as SnapshotTables (empty when there is none)."""
    if not snap:
        return ()
    return tuple(
        SnapshotTable(t["title"], tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]),
                      t.get("note", ""))
        for t in snap.get("tables", [])
    )  # fmt: skip


def agenda_snapshots(db: Database, meeting_id: int, as_of: dt.date) -> dict[int, dict]:
    """Snapshots for every data case of a meeting, and the open decisions for follow-up.

    The follow-up case freezes which earlier decisions were open when the agenda went out.
    """
    from metrics.decisions import decision_list
    from metrics.meeting_papers import earlier_open
    from store import meetings as store

    m = store.meeting(db, meeting_id)
    if m is None:
        raise KeyError(meeting_id)
    unit_id = int(m["unit_id"])
    day = pd.Timestamp(m["meeting_date"]).date()
    rows = decision_list(db, as_of, committee_id=int(m["committee_id"]), with_history=True)
    snaps: dict[int, dict] = {}
    for c in store.cases(db, meeting_id).itertuples(index=False):
        if c.topic in DATA_TOPICS:
            snaps[int(c.id)] = snapshot(db, c.topic, unit_id, as_of)
        elif c.topic == "oppfolging":
            snaps[int(c.id)] = {"as_of": as_of.isoformat(), "follow_up": earlier_open(rows, day)}
    return snaps

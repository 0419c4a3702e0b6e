"""The AMU register in the annual reports: meetings and cases, decisions, measures and plans,
and the annual wheel done and not done — for the committees within the report's scope."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.periods import MONTH_NAMES_NB
from metrics.annual_wheel import annual_wheel
from metrics.decisions import FINAL, DecisionRow, decision_list
from metrics.report_model import DATE, INT, TEXT, Column, ReportTable
from store import Database
from store.committees import committees
from store.meetings import meetings


def committees_in_scope(db: Database, scope_units: set[int]) -> pd.DataFrame:
    """Committees whose own unit lies in the scope (the scope unit or any unit below it)."""
    frame = committees(db)
    return frame[frame["unit_id"].isin(scope_units)].reset_index(drop=True)


def activity(db: Database, year: int, chosen: pd.DataFrame) -> tuple[ReportTable, list[str]]:
    """Meetings held and cases treated per committee, and a sentence for the text."""
    rows, held_total, cases_total = [], 0, 0
    for c in chosen.itertuples(index=False):
        m = meetings(db, int(c.id))
        m = m[(pd.to_datetime(m["meeting_date"]).dt.year == year) & (m["status"] == "avholdt")]
        dates = sorted(pd.to_datetime(m["meeting_date"]).dt.date)
        held, cases = len(m), int(m["cases"].sum()) if len(m) else 0
        held_total += held
        cases_total += cases
        rows.append((c.name, held, cases, ", ".join(f"{d:%d.%m.}" for d in dates) or None))
    table = ReportTable(
        key="moter",
        title=f"Møter og saker {year}",
        columns=(
            Column("Utvalg"),
            Column("Møter holdt", INT),
            Column("Saker behandlet", INT),
            Column("Møtedatoer"),
        ),  # fmt: skip
        rows=tuple(rows),
        note="Møter merket avholdt i møteregisteret, med alle saker på sakslisten.",
        sheet="Møter og saker",
    )
    text = [
        f"{len(chosen)} arbeidsmiljøutvalg holdt til sammen {held_total} møter og behandlet"
        f" {cases_total} saker i {year}."
    ]
    return table, text


def _rows(db: Database, reference: dt.date, chosen: pd.DataFrame) -> list[DecisionRow]:
    ids = set(int(i) for i in chosen["id"])
    return [r for r in decision_list(db, reference, with_history=True) if r.committee_id in ids]


def decisions(
    db: Database, year: int, reference: dt.date, chosen: pd.DataFrame
) -> tuple[ReportTable, ReportTable, ReportTable, list[str]]:
    """Decisions made in the year by committee (carried out, still open), the measures closed
    in the year with their result, and the decisions still open at the reference date."""
    rows = _rows(db, reference, chosen)
    made = [r for r in rows if r.meeting_date and r.meeting_date.year == year]
    summary = []
    for c in chosen.itertuples(index=False):
        mine = [r for r in made if r.committee_id == int(c.id)]
        done = sum(r.status in ("utført", "lukket") for r in mine)
        open_ = sum(r.status not in FINAL for r in mine)
        summary.append((c.name, len(mine), done, open_, sum(r.overdue for r in mine)))
    closed = sorted(
        (r for r in rows if r.closed_date and r.closed_date.year == year and r.status == "lukket"),
        key=lambda r: (r.closed_date, r.id),
    )
    still_open = sorted(
        (r for r in rows if r.status not in FINAL),
        key=lambda r: (r.deadline or dt.date.max, r.id),
    )
    table = ReportTable(
        key="vedtak",
        title=f"Vedtak {year}: fattet, gjennomført og fortsatt åpne",
        columns=(
            Column("Utvalg"),
            Column("Vedtak fattet", INT),
            Column("Utført eller lukket", INT),
            Column("Fortsatt åpne", INT),
            Column("Forfalt", INT),
        ),  # fmt: skip
        rows=tuple(summary),
        note=f"Status per {reference:%d.%m.%Y}. Forfalt = ikke lukket og fristen passert.",
        sheet="Vedtak",
    )
    results = ReportTable(
        key="tiltak",
        title=f"Tiltak lukket i {year} og resultatet",
        columns=(
            Column("Utvalg"),
            Column("Sak"),
            Column("Vedtak"),
            Column("Lukket", DATE),
            Column("Resultat / begrunnelse"),
        ),  # fmt: skip
        rows=tuple(
            (r.committee, r.case_number, r.text, r.closed_date, r.closed_reason or r.latest_comment)
            for r in closed
        ),  # fmt: skip
        note="Vedtak lukket i året, med begrunnelsen fra lukkingen eller siste kommentar.",
        sheet="Tiltak og resultater",
    )
    pending = ReportTable(
        key="apne_vedtak",
        title="Vedtak som fortsatt følges opp",
        columns=(
            Column("Utvalg"),
            Column("Sak"),
            Column("Vedtak"),
            Column("Ansvarlig"),
            Column("Frist", DATE),
            Column("Status"),
        ),  # fmt: skip
        rows=tuple(
            (
                r.committee,
                r.case_number,
                r.text,
                r.owner,
                r.deadline,
                f"{r.status} (forfalt)" if r.overdue else r.status,
            )
            for r in still_open
        ),  # fmt: skip
        note=f"Ikke lukket per {reference:%d.%m.%Y}, tidligste frist først.",
        sheet="Åpne vedtak",
    )
    summary_text = [
        f"Utvalgene fattet {len(made)} vedtak i {year}; {len(closed)} tiltak ble lukket i året,"
        f" og {len(still_open)} vedtak følges fortsatt opp"
        f" ({sum(r.overdue for r in still_open)} forfalt)."
    ]
    return table, results, pending, summary_text


def wheel(
    db: Database, year: int, reference: dt.date, chosen: pd.DataFrame, key: str, title: str
) -> tuple[ReportTable, list[str]]:
    """Each committee's annual wheel for `year`: every activity with its state and evidence."""
    rows, counts = [], {}
    for c in chosen.itertuples(index=False):
        w = annual_wheel(db, year, reference, int(c.id))
        for state, n in w.counts.items():
            counts[state] = counts.get(state, 0) + n
        rows += [
            (c.name, MONTH_NAMES_NB[i.month - 1], i.activity, i.unit, i.owner, i.state,
             i.evidence)
            for i in w.items
        ]  # fmt: skip
    table = ReportTable(
        key=key,
        title=title,
        columns=(
            Column("Utvalg"),
            Column("Måned"),
            Column("Aktivitet"),
            Column("Enhet"),
            Column("Ansvarlig"),
            Column("Status"),
            Column("Dokumentert av", TEXT),
        ),  # fmt: skip
        rows=tuple(rows),
        note=f"Status per {reference:%d.%m.%Y}. Vernerunder og AMU-møter regnes som gjennomført"
        " når dataene viser det.",
        sheet=title[:31],
    )
    text = [", ".join(f"{n} {s}" for s, n in counts.items() if n) or "Ingen aktiviteter planlagt."]
    return table, text

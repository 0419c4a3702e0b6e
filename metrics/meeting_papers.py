"""What the agenda (innkalling og saksliste) and the minutes (referat) of one meeting say.

A small frozen summary built from the register and the frozen snapshots: the documents in
`reports/` only lay it out, so the Word file, the PDF and the page show the same words and
the same (already suppressed, already formatted) figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

AGENDA = "innkalling"
MINUTES = "referat"


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # leder, arbeidsgiver, arbeidstaker, hovedverneombud, BHT, sekretær


@dataclass(frozen=True)
class SnapshotTable:
    """Panel figures frozen when the agenda was sent; every cell is already display text."""

    title: str  # 'Sykefravær 3. kvartal 2025'
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""  # e.g. 'Tall per 12.09.2025. Skjulte tall: færre enn 5 personer.'


@dataclass(frozen=True)
class DecisionLine:
    """One decision as a document lists it."""

    case_number: str  # 'PS 12/25'
    text: str
    owner: str | None
    deadline: dt.date | None
    status: str  # åpen, pågår, utført, lukket, avvist
    overdue: bool
    closed_date: dt.date | None = None
    latest_comment: str | None = None  # the newest follow-up comment, for the evaluation


@dataclass(frozen=True)
class CaseSummary:
    number: str  # 'PS 12/25'
    title: str
    topic: str  # sykefravaer, avvik, risiko, organisasjon, hms_system, oppfolging, annet
    basis: str | None  # saksgrunnlag
    proposal: str | None  # innstilling
    snapshots: tuple[SnapshotTable, ...] = ()
    decisions: tuple[DecisionLine, ...] = ()  # made in this case (minutes only)
    follow_up: tuple[DecisionLine, ...] = ()  # earlier decisions (the oppfølging case)


@dataclass(frozen=True)
class MeetingSummary:
    organisation: str  # 'Nordvik kommune'
    committee: str  # 'HAMU'
    meeting_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str | None
    called: tuple[Person, ...]  # everyone called in
    present: tuple[Person, ...] = ()  # minutes: who came
    absent: tuple[Person, ...] = ()  # minutes: who did not
    cases: tuple[CaseSummary, ...] = field(default_factory=tuple)
    secretary: str | None = None
    agenda_sent: dt.datetime | None = None


# -- building the summary from the register ----------------------------------------------------
def _date(value: object) -> dt.date | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _time(value: object) -> dt.time | None:
    import pandas as pd

    if value is None or (not isinstance(value, dt.time) and pd.isna(value)):
        return None
    return value if isinstance(value, dt.time) else pd.Timestamp(str(value)).time()


def _line(row, when: dt.date, status: str | None = None) -> DecisionLine:
    from metrics.decisions import is_overdue

    status = status or row.status
    return DecisionLine(
        case_number=row.case_number or "",
        text=row.text,
        owner=row.owner,
        deadline=row.deadline,
        status=status,
        overdue=is_overdue(status, row.deadline, when),
        closed_date=row.closed_date if status in ("lukket", "avvist") else None,
        latest_comment=row.latest_comment,
    )


def meeting_summary(db, meeting_id: int, kind: str = AGENDA) -> MeetingSummary:
    """The agenda or the minutes of one meeting, as the documents and the page show them.

    Data cases carry their frozen snapshot. The follow-up case lists the earlier decisions
    frozen with the agenda (status as the AMU saw it); the minutes show each one's status at
    the end of the meeting day, replayed from the follow-up log.
    """
    from metrics.decisions import decision_list, status_at
    from metrics.meeting_snapshot import tables_of
    from store import meetings as store
    from store.org import org_tree

    m = store.meeting(db, meeting_id)
    if m is None:
        raise KeyError(meeting_id)
    day = _date(m["meeting_date"])
    end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59))
    people = store.participants(db, meeting_id)
    called = tuple(Person(r.name, r.role) for r in people.itertuples(index=False))
    present = tuple(
        Person(r.name, r.role) for r in people.itertuples(index=False) if r.present is True
    )
    absent = tuple(
        Person(r.name, r.role) for r in people.itertuples(index=False) if r.present is False
    )
    rows = decision_list(db, day, committee_id=int(m["committee_id"]), with_history=True)
    by_case: dict[int, list] = {}
    for r in sorted(rows, key=lambda r: r.id):  # in the order they were made
        if r.case_id is not None:
            by_case.setdefault(r.case_id, []).append(r)
    by_id = {r.id: r for r in rows}
    cases = []
    for c in store.cases(db, meeting_id).itertuples(index=False):
        follow: tuple[DecisionLine, ...] = ()
        if c.topic == "oppfolging":
            frozen = (c.snapshot or {}).get("follow_up")
            ids = frozen if frozen is not None else earlier_open(rows, day)
            chosen = [by_id[i] for i in ids if i in by_id]
            if kind == MINUTES:
                follow = tuple(_line(r, day, status_at(r, end_of_day)) for r in chosen)
            else:
                follow = tuple(_line(r, day, status_at(r, _sent(m) or end_of_day)) for r in chosen)
        made = tuple(_line(r, day, status_at(r, end_of_day)) for r in by_case.get(c.id, ()))
        cases.append(
            CaseSummary(
                number=c.label,
                title=c.title,
                topic=c.topic,
                basis=c.basis,
                proposal=c.proposal,
                snapshots=tables_of(c.snapshot),
                decisions=made if kind == MINUTES else (),
                follow_up=follow,
            )
        )
    tree = org_tree(db)
    top = tree[tree["level"] == "virksomhet"]["name"]
    secretary = next((p.name for p in called if p.role == "sekretær"), None)
    return MeetingSummary(
        organisation=str(top.iloc[0]) if len(top) else "",
        committee=m["committee"],
        meeting_date=day,
        start_time=_time(m["start_time"]),
        end_time=_time(m["end_time"]),
        place=m["place"] if isinstance(m["place"], str) else None,
        called=called,
        present=present,
        absent=absent,
        cases=tuple(cases),
        secretary=secretary,
        agenda_sent=_sent(m),
    )


def _sent(m: dict) -> dt.datetime | None:
    import pandas as pd

    value = m.get("agenda_sent_at")
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def earlier_open(rows, day: dt.date) -> list[int]:
    """Ids of decisions made before `day` that were not closed before it (oldest first)."""
    from metrics.decisions import status_at

    start = dt.datetime.combine(day, dt.time(0, 0))
    chosen = [
        r
        for r in rows
        if r.meeting_date is not None
        and r.meeting_date < day
        and status_at(r, start) not in ("lukket", "avvist")
    ]
    chosen.sort(key=lambda r: (r.meeting_date, r.id))
    return [r.id for r in chosen]

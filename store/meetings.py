"""Meetings, their participants and their agenda cases, numbered the way municipalities do.

Case numbers run per committee per year (`PS 12/25` is case 12 of 2025). A new meeting gets
the standing cases at once; the agenda is frozen with its snapshots when it is sent, and
after that cases are neither added nor removed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import duckdb
import pandas as pd

from store.database import Database

# (topic, title) of the standing cases, in agenda order (Kristiansand's fixed order).
STANDING_CASES = (
    ("annet", "Godkjenning av innkalling, saksliste og referat fra forrige møte"),
    ("oppfolging", "Oppfølging av tidligere vedtak"),
    ("sykefravaer", "Sykefravær"),
    ("avvik", "Avvik og HMS-hendelser"),
    ("risiko", "Risikovurderinger og vernerunder"),
    ("organisasjon", "Organisatoriske endringer"),
    ("hms_system", "HMS-system og prosedyrer"),
)
TOPICS = ("sykefravaer", "avvik", "risiko", "organisasjon", "hms_system", "oppfolging", "annet")
DATA_TOPICS = ("sykefravaer", "avvik", "risiko")  # cases that carry a snapshot of a panel


class MeetingError(ValueError):
    """A meeting change that cannot be made; the message is Norwegian and shown as is."""


def case_label(prefix: str, number: int, year: int) -> str:
    """'PS 12/25'."""
    return f"{prefix} {number}/{year % 100:02d}"


_NEXT_ID = {
    "meetings": "SELECT coalesce(max(id), 0) + 1 FROM meetings",
    "cases": "SELECT coalesce(max(id), 0) + 1 FROM cases",
}


def _next_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Explicit ids (not a sequence), so a rolled-back write leaves no gap."""
    [(n,)] = con.execute(_NEXT_ID[table]).fetchall()
    return int(n)


def _next_number(con: duckdb.DuckDBPyConnection, committee_id: int, year: int) -> int:
    [(n,)] = con.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM cases WHERE committee_id = ? AND year = ?",
        [committee_id, year],
    ).fetchall()
    return int(n)


def create_meeting(
    db: Database,
    committee_id: int,
    meeting_date: dt.date,
    user: str,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str | None = None,
    standing_titles: Mapping[str, str] | None = None,
) -> int:
    """Plan a meeting: participants from the active members, standing cases numbered next.

    `standing_titles` may give a data case a more precise title ('Sykefravær 3. kvartal 2025').
    """
    if start_time and end_time and end_time <= start_time:
        raise MeetingError("Sluttid må være etter starttid.")
    titles = dict(standing_titles or {})
    with db.transaction() as con:
        if not con.execute("SELECT 1 FROM committees WHERE id = ?", [committee_id]).fetchall():
            raise MeetingError("Utvalget finnes ikke.")
        meeting_id = _next_id(con, "meetings")
        con.execute(
            "INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, 'planlagt', NULL, NULL, ?, ?)",
            [meeting_id, committee_id, meeting_date, start_time, end_time,
             (place or "").strip() or None, dt.datetime.now(), user],
        ).fetchall()  # fmt: skip
        con.execute(
            "INSERT INTO meeting_participants SELECT ?, name, role, NULL FROM committee_members"
            " WHERE committee_id = ? AND active",
            [meeting_id, committee_id],
        ).fetchall()
        number = _next_number(con, committee_id, meeting_date.year)
        case_id = _next_id(con, "cases")
        rows = [
            [case_id + i, meeting_id, committee_id, meeting_date.year, number + i, i + 1,
             titles.get(topic, title), topic]
            for i, (topic, title) in enumerate(STANDING_CASES)
        ]  # fmt: skip
        con.executemany(
            "INSERT INTO cases (id, meeting_id, committee_id, year, number, position, title,"
            " topic) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return meeting_id


def _meeting_row(con: duckdb.DuckDBPyConnection, meeting_id: int) -> tuple:
    rows = con.execute(
        "SELECT committee_id, meeting_date, status FROM meetings WHERE id = ?", [meeting_id]
    ).fetchall()
    if not rows:
        raise MeetingError("Møtet finnes ikke.")
    return rows[0]


def update_meeting(
    db: Database,
    meeting_id: int,
    meeting_date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    place: str | None,
) -> None:
    """Move or re-place a meeting. Its case numbers stay (they belong to the year planned)."""
    if start_time and end_time and end_time <= start_time:
        raise MeetingError("Sluttid må være etter starttid.")
    with db.transaction() as con:
        _, old_date, _ = _meeting_row(con, meeting_id)
        if old_date.year != meeting_date.year:
            raise MeetingError(
                "Et møte kan ikke flyttes til et annet år; saksnumrene hører til året."
            )
        con.execute(
            "UPDATE meetings SET meeting_date = ?, start_time = ?, end_time = ?, place = ?"
            " WHERE id = ?",
            [meeting_date, start_time, end_time, (place or "").strip() or None, meeting_id],
        ).fetchall()


def add_case(
    db: Database,
    meeting_id: int,
    title: str,
    topic: str = "annet",
    basis: str | None = None,
    proposal: str | None = None,
) -> int:
    """A further case on a meeting not yet sent out, numbered next in its committee-year."""
    title = (title or "").strip()
    if not title:
        raise MeetingError("Saken må ha en tittel.")
    if topic not in TOPICS:
        raise MeetingError(f"Ukjent sakstype «{topic}».")
    with db.transaction() as con:
        committee_id, meeting_date, status = _meeting_row(con, meeting_id)
        if status != "planlagt":
            raise MeetingError(
                "Innkallingen er sendt; nye saker må tas som eventuelt eller i neste møte."
            )
        [(position,)] = con.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM cases WHERE meeting_id = ?", [meeting_id]
        ).fetchall()
        case_id = _next_id(con, "cases")
        con.execute(
            "INSERT INTO cases (id, meeting_id, committee_id, year, number, position, title,"
            " topic, basis, proposal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, meeting_id, committee_id, meeting_date.year,
             _next_number(con, committee_id, meeting_date.year), position, title, topic,
             (basis or "").strip() or None, (proposal or "").strip() or None],
        ).fetchall()  # fmt: skip
    return case_id


def update_case(
    db: Database, case_id: int, title: str, basis: str | None, proposal: str | None
) -> None:
    """Edit a case's title, saksgrunnlag and innstilling (not after the meeting is held)."""
    title = (title or "").strip()
    if not title:
        raise MeetingError("Saken må ha en tittel.")
    with db.transaction() as con:
        rows = con.execute(
            "SELECT m.status FROM cases c JOIN meetings m ON m.id = c.meeting_id WHERE c.id = ?",
            [case_id],
        ).fetchall()
        if not rows:
            raise MeetingError("Saken finnes ikke.")
        if rows[0][0] == "avholdt":
            raise MeetingError("Møtet er avholdt; saken kan ikke endres.")
        con.execute(
            "UPDATE cases SET title = ?, basis = ?, proposal = ? WHERE id = ?",
            [title, (basis or "").strip() or None, (proposal or "").strip() or None, case_id],
        ).fetchall()


def delete_case(db: Database, case_id: int) -> None:
    """Remove a case from an agenda not yet sent, if no later case has taken a number after it."""
    with db.transaction() as con:
        rows = con.execute(
            "SELECT c.committee_id, c.year, c.number, m.status FROM cases c"
            " JOIN meetings m ON m.id = c.meeting_id WHERE c.id = ?",
            [case_id],
        ).fetchall()
        if not rows:
            raise MeetingError("Saken finnes ikke.")
        committee_id, year, number, status = rows[0]
        if status != "planlagt":
            raise MeetingError("Innkallingen er sendt; saken kan ikke fjernes.")
        later = con.execute(
            "SELECT count(*) FROM cases WHERE committee_id = ? AND year = ? AND number > ?",
            [committee_id, year, number],
        ).fetchall()[0][0]
        if later:
            raise MeetingError(
                "Bare den sist nummererte saken kan fjernes, ellers blir det hull i nummereringen."
            )
        decided = con.execute("SELECT count(*) FROM decisions WHERE case_id = ?", [case_id])
        if decided.fetchall()[0][0]:
            raise MeetingError("Saken har vedtak og kan ikke fjernes.")
        con.execute("DELETE FROM cases WHERE id = ?", [case_id]).fetchall()


def send_agenda(
    db: Database, meeting_id: int, snapshots: Mapping[int, dict], when: dt.datetime | None = None
) -> None:
    """Mark the agenda sent and freeze each data case's snapshot (case id -> JSON-able dict)."""
    when = when or dt.datetime.now()
    with db.transaction() as con:
        _, _, status = _meeting_row(con, meeting_id)
        if status != "planlagt":
            raise MeetingError("Innkallingen er allerede sendt.")
        con.execute(
            "UPDATE meetings SET status = 'innkalt', agenda_sent_at = ? WHERE id = ?",
            [when, meeting_id],
        ).fetchall()
        for case_id, snap in snapshots.items():
            con.execute(
                "UPDATE cases SET snapshot = ?, snapshot_at = ? WHERE id = ? AND meeting_id = ?",
                [json.dumps(snap, ensure_ascii=False, default=str), when, case_id, meeting_id],
            ).fetchall()


def record_attendance(db: Database, meeting_id: int, present: Mapping[str, bool]) -> None:
    """Record who came (name -> present). Whoever is called in and not named, and had no
    attendance recorded yet, counts as present: recording attendance means noting who was not."""
    with db.transaction() as con:
        _meeting_row(con, meeting_id)
        for name, here in present.items():
            con.execute(
                "UPDATE meeting_participants SET present = ? WHERE meeting_id = ? AND name = ?",
                [bool(here), meeting_id, name],
            ).fetchall()
        con.execute(
            "UPDATE meeting_participants SET present = TRUE WHERE meeting_id = ? AND present IS NULL",
            [meeting_id],
        ).fetchall()


def mark_held(db: Database, meeting_id: int, when: dt.datetime | None = None) -> None:
    """The meeting took place: its minutes can be written; its agenda is final."""
    with db.transaction() as con:
        _, _, status = _meeting_row(con, meeting_id)
        if status == "avholdt":
            return
        con.execute(
            "UPDATE meetings SET status = 'avholdt', held_at = ?,"
            " agenda_sent_at = coalesce(agenda_sent_at, ?) WHERE id = ?",
            [when or dt.datetime.now(), when or dt.datetime.now(), meeting_id],
        ).fetchall()


def meetings(db: Database, committee_id: int | None = None) -> pd.DataFrame:
    """Meetings, newest first: id, committee_id, committee, meeting_date, times, place, status."""
    return db.df(
        """
        SELECT m.id, m.committee_id, c.name AS committee, c.unit_id, m.meeting_date,
               m.start_time, m.end_time, m.place, m.status, m.agenda_sent_at, m.held_at,
               (SELECT count(*) FROM cases k WHERE k.meeting_id = m.id) AS cases
        FROM meetings m JOIN committees c ON c.id = m.committee_id
        WHERE ? IS NULL OR m.committee_id = ?
        ORDER BY m.meeting_date DESC, m.id DESC
        """,
        [committee_id, committee_id],
    )


def meeting(db: Database, meeting_id: int) -> dict | None:
    rows = db.df(
        """
        SELECT m.*, c.name AS committee, c.unit_id, c.case_prefix
        FROM meetings m JOIN committees c ON c.id = m.committee_id WHERE m.id = ?
        """,
        [meeting_id],
    )
    return None if rows.empty else rows.iloc[0].to_dict()


def participants(db: Database, meeting_id: int) -> pd.DataFrame:
    """name, role, present (None until recorded)."""
    return db.df(
        "SELECT name, role, present FROM meeting_participants WHERE meeting_id = ? ORDER BY"
        " CASE role WHEN 'leder' THEN 0 WHEN 'arbeidsgiver' THEN 1 WHEN 'arbeidstaker' THEN 2"
        " WHEN 'hovedverneombud' THEN 3 WHEN 'BHT' THEN 4 ELSE 5 END, name",
        [meeting_id],
    )


def cases(db: Database, meeting_id: int) -> pd.DataFrame:
    """The agenda in order, with the label ('PS 12/25') and the frozen snapshot (a dict)."""
    frame = db.df(
        """
        SELECT k.id, k.meeting_id, k.committee_id, k.year, k.number, k.position, k.title,
               k.topic, k.basis, k.proposal, k.snapshot, k.snapshot_at, c.case_prefix
        FROM cases k JOIN committees c ON c.id = k.committee_id
        WHERE k.meeting_id = ? ORDER BY k.position, k.number
        """,
        [meeting_id],
    )
    frame["label"] = [
        case_label(p, n, y)
        for p, n, y in zip(frame["case_prefix"], frame["number"], frame["year"], strict=True)
    ]
    frame["snapshot"] = [json.loads(s) if isinstance(s, str) else None for s in frame["snapshot"]]
    for col in ("basis", "proposal"):  # None, not NaN, where the secretary wrote nothing
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame

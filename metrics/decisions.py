"""The decision register as lists: overdue decisions, filters, and the `decisions --json` contract.

Overdue means not closed (status neither lukket nor avvist) and the deadline passed before the
reference date. Every list that shows decisions takes its rows, and its red marking, from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from store import Database
from store.decisions import FINAL, STATUSES, LogEntry
from store.decisions import decisions as decision_rows
from store.decisions import history as decision_history

__all__ = ["FINAL", "STATUSES", "DecisionRow", "decision_list", "is_overdue", "owners"]


def is_overdue(status: str, deadline: dt.date | None, reference_date: dt.date) -> bool:
    return status not in FINAL and deadline is not None and deadline < reference_date


@dataclass(frozen=True)
class DecisionRow:
    id: int
    committee_id: int
    committee: str
    case_id: int | None
    meeting_id: int | None
    case_number: str | None
    case_title: str | None
    meeting_date: dt.date | None
    text: str
    owner: str | None
    deadline: dt.date | None
    status: str
    closed_date: dt.date | None
    closed_reason: str | None
    overdue: bool
    history: tuple[LogEntry, ...] = ()
    closed_by_case: int | None = None

    @property
    def latest_comment(self) -> str | None:
        notes = [e.comment for e in self.history if e.comment and e.field != "opprettet"]
        return notes[-1] if notes else None

    def to_json(self) -> dict:
        """The machine contract of `cli.py decisions --json`."""
        return {
            "id": self.id,
            "committee": self.committee,
            "case_number": self.case_number,
            "meeting_date": _iso(self.meeting_date),
            "text": self.text,
            "owner": self.owner,
            "deadline": _iso(self.deadline),
            "status": self.status,
            "closed_date": _iso(self.closed_date),
            "overdue": self.overdue,
            "history": [
                {
                    "at": e.at.isoformat(timespec="seconds"),
                    "by": e.by,
                    "field": e.field,
                    "old": e.old,
                    "new": e.new,
                    "comment": e.comment,
                }
                for e in self.history
            ],
        }


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _opt(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def decision_list(
    db: Database,
    reference_date: dt.date,
    committee_id: int | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue_only: bool = False,
    open_only: bool = False,
    with_history: bool = False,
    ids: tuple[int, ...] | None = None,
) -> tuple[DecisionRow, ...]:
    """Decisions filtered as the decision list and the CLI filter them, newest meeting first."""
    frame = decision_rows(db, committee_id)
    if ids is not None:
        frame = frame[frame["id"].isin(ids)]
    if status:
        frame = frame[frame["status"] == status]
    if owner:
        frame = frame[frame["owner"].fillna("").str.casefold() == owner.casefold()]
    if open_only:
        frame = frame[~frame["status"].isin(FINAL)]
    logs: dict[int, list[LogEntry]] = {}
    if with_history and not frame.empty:
        for r in decision_history(db, [int(i) for i in frame["id"]]).itertuples(index=False):
            logs.setdefault(int(r.decision_id), []).append(
                LogEntry(
                    pd.Timestamp(r.at).to_pydatetime(),
                    r.by,
                    r.field,
                    _opt(r.old),
                    _opt(r.new),
                    _opt(r.comment),
                )
            )
    rows = []
    for r in frame.itertuples(index=False):
        deadline = _date(r.deadline)
        late = is_overdue(r.status, deadline, reference_date)
        if overdue_only and not late:
            continue
        rows.append(
            DecisionRow(
                id=int(r.id),
                committee_id=int(r.committee_id),
                committee=r.committee,
                case_id=None if pd.isna(r.case_id) else int(r.case_id),
                meeting_id=None if pd.isna(r.meeting_id) else int(r.meeting_id),
                case_number=_opt(r.case_number),
                case_title=_opt(r.case_title),
                meeting_date=_date(r.meeting_date),
                text=r.text,
                owner=_opt(r.owner),
                deadline=deadline,
                status=r.status,
                closed_date=_date(r.closed_date),
                closed_reason=_opt(r.closed_reason),
                overdue=late,
                history=tuple(logs.get(int(r.id), ())),
                closed_by_case=None if pd.isna(r.closed_by_case) else int(r.closed_by_case),
            )
        )
    return tuple(rows)


def owners(rows: tuple[DecisionRow, ...]) -> list[str]:
    """Distinct owners for a filter widget, sorted the Norwegian way (case-insensitive)."""
    return sorted({r.owner for r in rows if r.owner}, key=str.casefold)


def status_at(row: DecisionRow, when: dt.datetime) -> str:
    """The decision's status at a moment, replayed from its log (needs `with_history`).

    Before its first entry (or without history) the current status stands.
    """
    status = None
    for e in row.history:
        if e.at > when:
            break
        if e.field in ("opprettet", "status"):
            status = e.new
    return status or row.status

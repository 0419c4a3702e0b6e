"""Decisions and their append-only follow-up log in a real DuckDB file: closing rules,
overdue, status replay, and concurrent edits that never lose an entry."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from metrics.decisions import decision_list, status_at
from store import decisions, meetings
from store.decisions import DecisionError


@pytest.fixture
def decided(amu):
    db, cid, _ = amu
    mid = meetings.create_meeting(db, cid, dt.date(2025, 2, 13), "s")
    case = int(meetings.cases(db, mid).set_index("topic").loc["sykefravaer", "id"])
    did = decisions.add_decision(
        db, case, "Handlingsplan for sykehjemmet", "s", "Enhetsleder", dt.date(2025, 4, 1),
        at=dt.datetime(2025, 2, 13, 11),
    )  # fmt: skip
    return db, cid, mid, case, did


def _log(db, did):
    frame = decisions.history(db, [did]).astype(object)
    return frame.where(frame.notna(), None).to_dict("records")


def test_a_decision_carries_its_case_and_meeting_and_logs_its_creation(decided):
    db, cid, mid, case, did = decided
    [row] = decision_list(db, dt.date(2025, 3, 1), with_history=True)
    assert (row.case_number, row.meeting_date, row.committee) == (
        "PS 3/25",
        dt.date(2025, 2, 13),
        "HAMU",
    )
    assert row.status == "åpen" and not row.overdue
    [entry] = row.history
    assert (entry.field, entry.new, entry.by) == ("opprettet", "åpen", "s")
    with pytest.raises(DecisionError, match="tekst"):
        decisions.add_decision(db, case, "  ", "s")


def test_every_change_is_appended_never_overwritten(decided):
    db, *_, did = decided
    decisions.change_decision(db, did, "a", status="pågår", comment="Startet")
    decisions.change_decision(db, did, "b", deadline=dt.date(2025, 6, 1), comment="Utsatt")
    decisions.change_decision(db, did, "c", owner="Kommunalsjef")
    decisions.change_decision(db, did, "d", comment="Møte med tillitsvalgte holdt")
    assert decisions.change_decision(db, did, "e", owner="Kommunalsjef") == []  # no change
    log = _log(db, did)
    assert [(e["field"], e["old"], e["new"], e["by"]) for e in log] == [
        ("opprettet", None, "åpen", "s"),
        ("status", "åpen", "pågår", "a"),
        ("deadline", "2025-04-01", "2025-06-01", "b"),
        ("owner", "Enhetsleder", "Kommunalsjef", "c"),
        ("comment", None, None, "d"),
    ]
    assert log[2]["comment"] == "Utsatt"


def test_closing_needs_a_reason_or_a_later_meetings_case_and_records_the_date(decided):
    db, cid, mid, case, did = decided
    with pytest.raises(DecisionError, match="begrunnelse"):
        decisions.change_decision(db, did, "s", status="lukket")
    assert decision_list(db, dt.date(2025, 3, 1))[0].status == "åpen"  # unchanged
    later = meetings.create_meeting(db, cid, dt.date(2025, 5, 8), "s")
    follow = int(meetings.cases(db, later).set_index("topic").loc["oppfolging", "id"])
    decisions.change_decision(db, did, "s", status="lukket", closing_case_id=follow,
                              on=dt.date(2025, 5, 8))  # fmt: skip
    [row] = decision_list(db, dt.date(2025, 9, 1), with_history=True)
    assert row.closed_date == dt.date(2025, 5, 8) and row.closed_by_case == follow
    assert row.closed_reason == "Lukket i møte 08.05.2025, sak PS 9/25"
    assert not row.overdue  # closed decisions are never overdue
    with pytest.raises(DecisionError, match="åpnes igjen"):
        decisions.change_decision(db, did, "s", status="pågår")
    decisions.change_decision(db, did, "s", status="pågår", comment="Tiltaket virket ikke")
    [row] = decision_list(db, dt.date(2025, 9, 1))
    assert row.closed_date is None and row.overdue


def test_overdue_is_not_closed_and_deadline_passed(decided):
    db, *_, did = decided
    assert not decision_list(db, dt.date(2025, 4, 1))[0].overdue  # deadline day itself
    assert decision_list(db, dt.date(2025, 4, 2))[0].overdue
    decisions.change_decision(db, did, "s", status="utført")
    assert decision_list(db, dt.date(2025, 4, 2), overdue_only=True)[0].status == "utført"
    decisions.change_decision(db, did, "s", status="avvist", comment="Erstattet av ny plan")
    assert decision_list(db, dt.date(2025, 4, 2), overdue_only=True) == ()


def test_status_at_replays_the_log(decided):
    db, *_, did = decided
    decisions.change_decision(db, did, "s", status="pågår", at=dt.datetime(2025, 3, 1))
    decisions.change_decision(db, did, "s", status="utført", at=dt.datetime(2025, 4, 1))
    [row] = decision_list(db, dt.date(2025, 5, 1), with_history=True)
    assert status_at(row, dt.datetime(2025, 2, 20)) == "åpen"
    assert status_at(row, dt.datetime(2025, 3, 15)) == "pågår"
    assert status_at(row, dt.datetime(2025, 6, 1)) == "utført"


@pytest.mark.parametrize("separate_handles", [False, True])
def test_concurrent_edits_of_one_decision_never_lose_a_log_entry(decided, separate_handles):
    """Two sessions (threads) follow up the same decision at once, 40 changes each."""
    db, *_, did = decided
    from store import open_database

    handles = [db, open_database(db.path) if separate_handles else db]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def session(n: int) -> None:
        start.wait()
        try:
            for i in range(40):
                decisions.change_decision(
                    handles[n], did, f"bruker{n}",
                    status=("pågår", "utført")[(i + n) % 2], comment=f"s{n}-{i}",
                )  # fmt: skip
        except BaseException as err:  # noqa: BLE001 - surfaced below
            errors.append(err)

    threads = [threading.Thread(target=session, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    log = _log(db, did)
    comments = {e["comment"] for e in log}
    assert {f"s{n}-{i}" for n in (0, 1) for i in range(40)} <= comments
    assert len(log) == 81
    # The chain is unbroken: each change starts from the value the previous one left.
    statuses = [e for e in log if e["field"] in ("opprettet", "status")]
    for before, after in zip(statuses, statuses[1:], strict=False):
        assert after["old"] == before["new"]
    current = decision_list(db, dt.date(2025, 3, 1))[0].status
    last = [e for e in log if e["field"] == "status"][-1]["new"]
    assert current == last
    if separate_handles:
        handles[1].close()

"""The sample organisation's AMU history (sample_data/amu.py) as the demo database holds it."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from metrics.decisions import decision_list
from sample_data.amu import TODAY
from store import open_database
from store.annual_wheel import activities
from store.committees import ROLES, committees, members
from store.decisions import STATUSES, decisions, history
from store.meetings import DATA_TOPICS, cases, meetings, participants

NAMES = {"HAMU", "AMU Helse og omsorg", "AMU Oppvekst"}


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    """A private read-only copy of the shared demo database."""
    path = tmp_path_factory.mktemp("amu") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    with open_database(path, read_only=True) as db:
        yield db


def _register_decisions(db) -> pd.DataFrame:
    """Decisions made in the register's meetings (not imported from an old log)."""
    frame = decisions(db)
    return frame[frame["case_id"].notna()]


def test_three_committees_with_every_role(demo):
    frame = committees(demo)
    assert set(frame["name"]) == NAMES
    assert dict(zip(frame["name"], frame["level"], strict=True)) == {
        "HAMU": "virksomhet",
        "AMU Helse og omsorg": "sektor",
        "AMU Oppvekst": "sektor",
    }
    seen = set()
    for cid in frame["id"]:
        people = members(demo, int(cid))
        assert set(people["role"]) == set(ROLES)
        assert (people["role"] == "arbeidsgiver").sum() == 2
        assert (people["role"] == "arbeidstaker").sum() == 2
        assert not seen & set(people["name"]), "members are distinct per committee"
        seen |= set(people["name"])


def test_four_meetings_a_year_numbered_without_gaps(demo):
    frame = meetings(demo)
    frame["year"] = pd.to_datetime(frame["meeting_date"]).dt.year
    for name in NAMES:
        mine = frame[frame["committee"] == name]
        for year in (2024, 2025):
            assert (mine["year"] == year).sum() >= 4, (name, year)
        numbers: dict[int, list[int]] = {}
        labels = []
        for mid, year in zip(mine["id"], mine["year"], strict=True):
            agenda = cases(demo, int(mid))
            numbers.setdefault(int(year), []).extend(int(n) for n in agenda["number"])
            labels += list(agenda["label"])
        for year, found in numbers.items():
            assert sorted(found) == list(range(1, len(found) + 1)), (name, year)
        assert "PS 1/24" in labels and "PS 1/25" in labels


def test_held_meetings_have_snapshots_and_minutes(demo):
    frame = meetings(demo)
    held = frame[frame["status"] == "avholdt"]
    assert len(held) >= 24
    for m in held.itertuples(index=False):
        assert pd.Timestamp(m.agenda_sent_at) < pd.Timestamp(m.meeting_date)
        agenda = cases(demo, int(m.id))
        data = agenda[agenda["topic"].isin(DATA_TOPICS)]
        assert len(data) >= 3
        assert all(isinstance(s, dict) and s["tables"] for s in data["snapshot"]), m.id
        follow_up = agenda[agenda["topic"] == "oppfolging"]["snapshot"].iloc[0]
        assert "follow_up" in follow_up
        people = participants(demo, int(m.id))
        assert people["present"].notna().all()
        assert 1 <= (people["present"] == False).sum() <= 2  # noqa: E712


def test_decisions_in_every_status_and_some_overdue(demo):
    frame = _register_decisions(demo)
    assert set(frame["status"]) == set(STATUSES)
    counts = frame["status"].value_counts()
    assert counts["lukket"] > counts[["åpen", "pågår", "utført"]].sum()
    rows = decision_list(demo, dt.date(2025, 12, 1))
    assert sum(r.overdue for r in rows) >= 3
    log = history(demo)
    assert set(log["field"]) >= {"opprettet", "status", "deadline", "owner", "comment"}


def test_closed_decisions_have_a_date_and_a_closing_entry(demo):
    frame = _register_decisions(demo)
    closed = frame[frame["status"] == "lukket"]
    assert closed["closed_date"].notna().all()
    assert closed["closed_by_case"].notna().sum() == len(closed)
    log = history(demo, [int(i) for i in closed["id"]])
    closing = log[(log["field"] == "status") & (log["new"] == "lukket")]
    assert set(closing["decision_id"]) == set(closed["id"])
    rejected = frame[frame["status"] == "avvist"]
    assert rejected["closed_reason"].str.len().gt(0).all()


def test_one_planned_meeting_after_today_per_committee(demo):
    frame = meetings(demo)
    future = frame[pd.to_datetime(frame["meeting_date"]).dt.date >= TODAY]
    assert sorted(future["committee"]) == sorted(NAMES)
    assert set(future["status"]) == {"planlagt"}
    assert future["agenda_sent_at"].isna().all()


def test_annual_wheel_2024_to_2026(demo):
    statuses = set()
    for year in (2024, 2025, 2026):
        plan = activities(demo, year)
        assert set(plan["committee"]) == NAMES, year
        statuses |= set(plan["status"])
    assert statuses == {"planlagt", "gjennomført", "utsatt"}
    assert (activities(demo, 2024)["status"] == "gjennomført").any()
    assert (activities(demo, 2026)["status"] == "planlagt").all()


def _tables(path):
    with open_database(path, read_only=True) as db:
        # The register's own history; the imported 2023 spreadsheet is stamped when imported.
        frame = decisions(db)
        frame = frame[frame["import_id"].isna()].sort_values("id").reset_index(drop=True)
        log = db.df(
            "SELECT * FROM decision_log WHERE decision_id IN"
            " (SELECT id FROM decisions WHERE import_id IS NULL) ORDER BY id"
        )
        agenda = db.df("SELECT * FROM cases ORDER BY id")
        wheel = db.df("SELECT * FROM wheel_activities ORDER BY id")
    return frame, log, agenda, wheel


def test_building_twice_gives_the_same_history(demo_db_file, tmp_path):
    from sample_data.demo import build_demo

    shared = tmp_path / "shared.duckdb"
    shutil.copy(demo_db_file, shared)
    again = tmp_path / "again.duckdb"
    build_demo(again)
    first, second = _tables(shared), _tables(again)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)
    frame, log = first[0], first[1]
    # Everything is backdated: nothing in the history comes from the wall clock.
    assert pd.to_datetime(frame["created_at"]).max() < pd.Timestamp(TODAY)
    assert pd.to_datetime(log["changed_at"]).max() < pd.Timestamp(TODAY)

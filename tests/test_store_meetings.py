"""Committees, meetings and agenda cases in a real DuckDB file: numbering, standing cases,
frozen agendas and the rules that keep the numbering without gaps."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics.meeting_snapshot import agenda_snapshots
from store import committees, meetings
from store.committees import CommitteeError
from store.meetings import STANDING_CASES, MeetingError


def test_committee_names_are_unique_and_members_need_a_known_role(amu):
    db, cid, root = amu
    with pytest.raises(CommitteeError, match="finnes allerede"):
        committees.create_committee(db, "hamu", root, "x")
    with pytest.raises(CommitteeError, match="ikke en rolle"):
        committees.set_members(db, cid, pd.DataFrame({"name": ["A"], "role": ["sjef"]}))
    roles = committees.members(db, cid)["role"].tolist()
    assert roles == ["leder", "arbeidsgiver", "arbeidstaker", "hovedverneombud", "BHT", "sekretær"]
    assert committees.committee_id(db, " HAMU") == cid


def test_a_new_meeting_gets_the_standing_cases_numbered_per_committee_and_year(amu):
    db, cid, root = amu
    first = meetings.create_meeting(db, cid, dt.date(2025, 2, 13), "s", place="Rådhuset")
    second = meetings.create_meeting(db, cid, dt.date(2025, 5, 8), "s")
    next_year = meetings.create_meeting(db, cid, dt.date(2026, 2, 12), "s")
    a, b, c = (meetings.cases(db, m) for m in (first, second, next_year))
    n = len(STANDING_CASES)
    assert a["label"].tolist() == [f"PS {i}/25" for i in range(1, n + 1)]
    assert b["label"].tolist() == [f"PS {i}/25" for i in range(n + 1, 2 * n + 1)]
    assert c["label"].tolist()[0] == "PS 1/26"
    assert set(a["topic"]) >= {"sykefravaer", "avvik", "risiko", "organisasjon", "hms_system",
                               "oppfolging"}  # fmt: skip
    # A second committee numbers on its own.
    other = committees.create_committee(db, "AMU Helse", root, "s")
    own = meetings.create_meeting(db, other, dt.date(2025, 3, 1), "s")
    assert meetings.cases(db, own)["label"].iloc[0] == "PS 1/25"
    # Everyone active was called in, attendance not yet recorded.
    people = meetings.participants(db, first)
    assert len(people) == 6 and people["present"].isna().all()


def test_cases_added_and_removed_keep_the_numbering_without_gaps(amu):
    db, cid, _ = amu
    m1 = meetings.create_meeting(db, cid, dt.date(2025, 2, 13), "s")
    extra = meetings.add_case(db, m1, "Handlingsplan for sykehjemmet", basis="Fraværet øker.")
    assert meetings.cases(db, m1)["label"].iloc[-1] == "PS 8/25"
    m2 = meetings.create_meeting(db, cid, dt.date(2025, 5, 8), "s")
    with pytest.raises(MeetingError, match="hull i nummereringen"):
        meetings.delete_case(db, extra)
    last = int(meetings.cases(db, m2)["id"].iloc[-1])
    meetings.delete_case(db, last)
    assert meetings.cases(db, m2)["number"].max() == 14
    with pytest.raises(MeetingError, match="tittel"):
        meetings.add_case(db, m2, "   ")


def test_sending_the_agenda_freezes_the_figures_and_closes_the_agenda(amu):
    db, cid, root = amu
    mid = meetings.create_meeting(db, cid, dt.date(2026, 1, 20), "s")
    snaps = agenda_snapshots(db, mid, dt.date(2026, 1, 10))
    meetings.send_agenda(db, mid, snaps, when=dt.datetime(2026, 1, 10, 12))
    cases = meetings.cases(db, mid).set_index("topic")
    sick = cases.loc["sykefravaer", "snapshot"]
    table = sick["tables"][0]
    assert table["title"] == "Sykefravær 4. kvartal 2025"
    by_unit = {row[0]: row for row in table["rows"]}
    assert set(by_unit) == {"Testkommune", "Helse", "Skole"}
    assert by_unit["Helse"][1] == "7,5\u00a0%"  # (70 + 40) / ((40 + 30) * 21) = 110/1470
    assert cases.loc["oppfolging", "snapshot"]["follow_up"] == []
    assert meetings.meeting(db, mid)["status"] == "innkalt"
    with pytest.raises(MeetingError, match="sendt"):
        meetings.add_case(db, mid, "For sent")
    with pytest.raises(MeetingError, match="allerede sendt"):
        meetings.send_agenda(db, mid, {})
    # New data after sending does not change what the AMU saw.
    before = meetings.cases(db, mid)["snapshot"].tolist()
    db.rows("UPDATE sick_leave SET tapte = tapte * 2")
    assert meetings.cases(db, mid)["snapshot"].tolist() == before


def test_small_units_are_frozen_hidden_never_as_figures(amu):
    db, cid, _ = amu
    tree_unit = int(db.scalar("SELECT id FROM org_units WHERE name = 'Skole'"))
    sector_amu = committees.create_committee(db, "AMU Skole", tree_unit, "s")
    mid = meetings.create_meeting(db, sector_amu, dt.date(2026, 1, 20), "s")
    meetings.send_agenda(db, mid, agenda_snapshots(db, mid, dt.date(2026, 1, 10)))
    snap = meetings.cases(db, mid).set_index("topic").loc["sykefravaer", "snapshot"]
    rows = {r[0]: r for r in snap["tables"][0]["rows"]}
    assert rows["Liten skole"][1] == "skjult (færre enn 5)"
    # With one small child hidden, the other child would give it away: it is hidden too.
    assert rows["Nordvik skole"][1] == "skjult (for å beskytte en annen celle)"
    assert "2,9" not in str(snap)  # Liten skole's own 2/63


def test_meeting_times_and_year_are_checked(amu):
    db, cid, _ = amu
    with pytest.raises(MeetingError, match="Sluttid"):
        meetings.create_meeting(db, cid, dt.date(2025, 2, 1), "s", dt.time(10), dt.time(9))
    mid = meetings.create_meeting(db, cid, dt.date(2025, 12, 1), "s")
    with pytest.raises(MeetingError, match="annet år"):
        meetings.update_meeting(db, mid, dt.date(2026, 1, 5), None, None, None)
    meetings.update_meeting(db, mid, dt.date(2025, 12, 3), dt.time(9), dt.time(11), "Sal 1")
    m = meetings.meeting(db, mid)
    assert pd.Timestamp(m["meeting_date"]).date() == dt.date(2025, 12, 3) and m["place"] == "Sal 1"

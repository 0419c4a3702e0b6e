"""The annual wheel against the data: rounds and meetings prove activities, overdue by date."""

import datetime as dt

import pytest

from metrics import annual_wheel as m
from store import annual_wheel as aw
from store.safety_rounds import write_safety_rounds
from tests.test_store_annual_wheel import add_committee, add_meeting, build_org
from tests.test_store_safety_rounds import batch, finding

D = dt.date


@pytest.fixture
def plan(db):
    """AMU Kultur (Kino, Bibliotek) and HAMU, both with the template plan for 2025."""
    ids = build_org(db)
    add_committee(db, 1, "AMU Kultur", ids["Kultur"])
    add_committee(db, 2, "HAMU", ids["Testkommune"])
    aw.ensure_year(db, 2025, 1, "tester")
    aw.ensure_year(db, 2025, 2, "tester")
    return ids


def item(wheel, kind, unit=None, month=None):
    return next(
        i
        for i in wheel.items
        if i.kind == kind
        and (unit is None or i.unit == unit)
        and (month is None or i.month == month)
    )


def rounds(db, *rows, name="vernerunder.xlsx"):
    return write_safety_rounds(db, batch(list(rows), name)).import_id


def test_a_round_of_the_unit_in_the_year_proves_its_vernerunde(db, plan):
    first = rounds(db, finding("2025-05-12", sektor="Kultur", enhet="Kino"))
    rounds(db, finding("2024-05-02", sektor="Kultur", enhet="Bibliotek"), name="gammel.xlsx")
    rounds(db, finding("2025-06-01", sektor="Teknisk drift", enhet="Vei og park"), name="b.xlsx")
    wheel = m.annual_wheel(db, 2025, D(2025, 7, 1), committee_id=1)
    kino = item(wheel, "vernerunde", "Kino")
    assert kino.state == "gjennomført" and kino.status == "planlagt"
    assert kino.evidence == f"Vernerunde registrert 12.05.2025 (import #{first})"
    # Not proven by another unit's round, nor by the unit's round of another year.
    bibliotek = item(wheel, "vernerunde", "Bibliotek")
    assert (bibliotek.state, bibliotek.evidence) == ("forfalt", None)
    # A round after the reference date proves nothing yet.
    early = m.annual_wheel(db, 2025, D(2025, 5, 1), committee_id=1)
    assert item(early, "vernerunde", "Kino").state == "planlagt"
    # HAMU covers Vei og park too; its round counts there.
    hamu = m.annual_wheel(db, 2025, D(2025, 7, 1), committee_id=2)
    assert item(hamu, "vernerunde", "Vei og park").state == "gjennomført"


def test_two_rounds_in_a_year_cite_the_first(db, plan):
    rounds(
        db,
        finding("2025-09-03", sektor="Kultur", enhet="Kino"),
        finding("2025-03-10", sektor="Kultur", enhet="Kino", funn="Løse kabler"),
    )
    wheel = m.annual_wheel(db, 2025, D(2025, 12, 31), committee_id=1)
    assert item(wheel, "vernerunde", "Kino").evidence.startswith(
        "Vernerunde registrert 10.03.2025 (import #"
    )
    assert item(wheel, "vernerunde", "Kino").evidence.endswith(", 2 runder i året)")


def test_a_held_meeting_of_the_committee_in_the_month_proves_the_amu_meeting(db, plan):
    add_meeting(db, 1, 1, "2025-02-14", "avholdt")
    add_meeting(db, 2, 2, "2025-05-20", "avholdt")  # HAMU's, not AMU Kultur's
    add_meeting(db, 3, 1, "2025-09-18", "innkalt")  # after the reference date: only planned
    add_meeting(db, 4, 1, "2025-12-01", "planlagt")
    wheel = m.annual_wheel(db, 2025, D(2025, 9, 1), committee_id=1)
    feb = item(wheel, "amu_mote", month=2)
    assert (feb.state, feb.evidence) == ("gjennomført", "AMU-møte avholdt 14.02.2025")
    may = item(wheel, "amu_mote", month=5)
    assert (may.state, may.evidence) == ("forfalt", None)
    sep = item(wheel, "amu_mote", month=9)
    assert (sep.state, sep.evidence) == ("planlagt", None)
    hamu = m.annual_wheel(db, 2025, D(2025, 9, 1), committee_id=2)
    assert item(hamu, "amu_mote", month=5).evidence == "AMU-møte avholdt 20.05.2025"
    # A past meeting nobody marked held still shows the meeting took place; held is preferred.
    later = m.annual_wheel(db, 2025, D(2025, 10, 1), committee_id=1)
    assert item(later, "amu_mote", month=9).evidence == "AMU-møte 18.09.2025 (ikke merket avholdt)"
    add_meeting(db, 5, 1, "2025-09-25", "avholdt")
    later = m.annual_wheel(db, 2025, D(2025, 10, 1), committee_id=1)
    assert item(later, "amu_mote", month=9).evidence == "AMU-møte avholdt 25.09.2025"


def test_overdue_is_counted_from_the_end_of_the_month(db, plan):
    def state(ref):
        return item(m.annual_wheel(db, 2025, ref, committee_id=1), "hms_arsrapport").state

    assert state(D(2025, 3, 1)) == "planlagt"
    assert state(D(2025, 3, 31)) == "planlagt"  # March has not ended
    assert state(D(2025, 4, 1)) == "forfalt"
    report = item(m.annual_wheel(db, 2025, D(2025, 4, 1), 1), "hms_arsrapport")
    aw.update_activity(db, report.id, status="utsatt")
    assert state(D(2025, 6, 1)) == "utsatt"
    aw.update_activity(db, report.id, status="gjennomført")
    done = item(m.annual_wheel(db, 2025, D(2025, 6, 1), 1), "hms_arsrapport")
    assert (done.state, done.evidence) == ("gjennomført", None)


def test_counts_summary_and_json_contract(db, plan):
    add_meeting(db, 1, 1, "2025-02-14", "avholdt")
    wheel = m.annual_wheel(db, 2025, D(2025, 5, 15), committee_id=1)
    # Jan, Apr sykefravær + Mar report + Mar risk are overdue; Feb meeting done; 9 ahead.
    assert wheel.counts == {"gjennomført": 1, "forfalt": 4, "planlagt": 9, "utsatt": 0}
    assert wheel.counts_text() == "1 gjennomført · 4 forfalt · 9 planlagt"
    assert [i.month for i in wheel.items] == sorted(i.month for i in wheel.items)
    s = wheel.summary()
    assert (s.total, s.done, s.overdue, s.due_this_month) == (14, 1, 4, 3)  # May: AMU + 2 rounds
    assert {i.kind for i in s.overdue_items} == {
        "sykefravaersoppfolging",
        "hms_arsrapport",
        "risikovurdering",
    }
    assert m.wheel_status_summary(db, D(2025, 5, 15), committee_id=1) == s
    everything = m.wheel_status_summary(db, D(2025, 5, 15))
    assert everything.total == 14 + 15
    rows = wheel.to_json()
    assert all(list(r) == list(m.JSON_FIELDS) for r in rows)
    assert list(m.JSON_FIELDS[:6]) == ["month", "activity", "unit", "owner", "status", "evidence"]
    feb = next(r for r in rows if r["kind"] == "amu_mote" and r["month"] == 2)
    assert feb["status"] == "gjennomført" and feb["evidence"] == "AMU-møte avholdt 14.02.2025"
    assert feb["committee"] == "AMU Kultur" and feb["unit"] == "Kultur"


def test_json_by_committee_name(db, plan):
    rows = m.annual_wheel_json(db, 2025, "HAMU", D(2025, 5, 15))
    assert {r["committee"] for r in rows} == {"HAMU"} and len(rows) == 15
    both = m.annual_wheel_json(db, 2025, None, D(2025, 5, 15))
    assert {r["committee"] for r in both} == {"HAMU", "AMU Kultur"}
    assert m.annual_wheel_json(db, 2030, "HAMU", D(2025, 5, 15)) == []
    with pytest.raises(
        ValueError, match="Ukjent utvalg: BAMU. Utvalg som finnes: HAMU, AMU Kultur"
    ):
        m.annual_wheel_json(db, 2025, "BAMU", D(2025, 5, 15))


def test_evidence_is_one_query_per_kind_whatever_the_number_of_units(db, plan, monkeypatch):
    with db.transaction() as con:
        for n in range(40):
            con.execute(
                "INSERT INTO org_units (level, name, parent_id) VALUES ('enhet', ?, ?)",
                [f"Enhet {n:02}", plan["Kultur"]],
            ).fetchall()
    add_committee(db, 3, "AMU Stor", plan["Kultur"])
    aw.ensure_year(db, 2025, 3, "tester")
    calls = []
    for name in ("rows", "df", "scalar"):
        real = getattr(db, name)
        monkeypatch.setattr(
            db, name, lambda *a, _real=real, **k: calls.append(a[0]) or _real(*a, **k)
        )
    wheel = m.annual_wheel(db, 2025, D(2025, 7, 1), committee_id=3)
    assert sum(i.kind == "vernerunde" for i in wheel.items) == 42
    assert len(calls) == 3  # the plan, the rounds, the meetings

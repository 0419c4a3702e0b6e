"""AppTest for the AMU pages (Utvalg, Møter, Møtevisning, Vedtak) on a real database."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from metrics.decisions import decision_list
from store import committees, decisions, meetings
from tests.amu_fixtures import app_page
from tests.conftest import ROOT

TODAY = dt.date.today()


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.fixture
def held(amu, monkeypatch):
    """HAMU with a held meeting two months ago and two decisions, one overdue."""
    db, cid, root = amu
    monkeypatch.setenv("HMS_DB", str(db.path))
    mid = meetings.create_meeting(db, cid, TODAY - dt.timedelta(days=60), "s")
    cases = meetings.cases(db, mid).set_index("topic")
    meetings.send_agenda(db, mid, {})
    late = decisions.add_decision(db, int(cases.loc["sykefravaer", "id"]), "Plan for Helse", "s",
                                  "Kommunalsjef", TODAY - dt.timedelta(days=5))  # fmt: skip
    fine = decisions.add_decision(db, int(cases.loc["avvik", "id"]), "Gå gjennom avvikene", "s",
                                  "HMS-rådgiver", TODAY + dt.timedelta(days=30))  # fmt: skip
    meetings.mark_held(db, mid)
    return db, cid, mid, late, fine


def test_pages_without_committees_show_the_way(db, monkeypatch):
    monkeypatch.setenv("HMS_DB", str(db.path))
    for name in ("moter", "motevisning", "vedtak"):
        at = app_page(name)
        assert any("Ingen utvalg er opprettet" in i.value for i in at.info), name


def test_creating_a_committee_and_its_members(amu, monkeypatch):
    db, cid, root = amu
    monkeypatch.setenv("HMS_DB", str(db.path))
    at = app_page("utvalg")
    assert at.dataframe[0].value["Utvalg"].tolist() == ["HAMU"]
    at.text_input[0].set_value("AMU Helse")
    helse = int(db.scalar("SELECT id FROM org_units WHERE name = 'Helse'"))
    next(s for s in at.selectbox if s.label == "Dekker").set_value(helse)
    button(at, "Opprett utvalg").click().run()
    assert "Utvalget «AMU Helse» er opprettet." in [s.value for s in at.success]
    assert committees.committee_id(db, "AMU Helse") is not None
    # The same name again is refused with a message, not a crash.
    at.text_input[0].set_value("amu helse")
    button(at, "Opprett utvalg").click().run()
    assert any("finnes allerede" in e.value for e in at.error)


def test_the_decision_list_marks_overdue_and_filters(held):
    db, cid, mid, late, fine = held
    at = app_page("vedtak")
    table = at.dataframe[0].value
    assert sorted(table["Status"]) == ["åpen", "åpen (forfalt)"]
    styles = at.dataframe[0].proto.arrow_data.styler.styles  # the red rows travel as CSS
    red_rows = {int(r) for r in re.findall(r"_row(\d+)_col0\b", styles)}
    assert "#fde2e1" in styles
    assert red_rows == {i for i, s in enumerate(table["Status"]) if s.endswith("(forfalt)")}
    at.toggle(key="overdue_only").set_value(True).run()
    assert at.dataframe[0].value["Vedtak"].tolist() == ["Plan for Helse"]
    assert "1 forfalt" in at.caption[0].value


def test_closing_on_the_decision_page_needs_a_reason(held):
    db, cid, mid, late, fine = held
    at = app_page("vedtak")
    at.selectbox(key="follow_up_decision").set_value(late).run()
    next(s for s in at.selectbox if s.label == "Ny status").set_value("lukket")
    button(at, "Lagre oppfølging").click().run()
    assert any("begrunnelse" in e.value for e in at.error)
    assert decision_list(db, TODAY, ids=(late,))[0].status == "åpen"
    next(s for s in at.selectbox if s.label == "Ny status").set_value("lukket")
    next(t for t in at.text_area if t.label == "Kommentar").set_value("Erstattet av ny plan")
    button(at, "Lagre oppfølging").click().run()
    [row] = decision_list(db, TODAY, ids=(late,), with_history=True)
    assert row.status == "lukket" and row.closed_date == TODAY and not row.overdue
    assert row.history[-1].comment == "Erstattet av ny plan"
    assert any("oppfølgingsloggen" in s.value for s in at.success)


def test_meeting_view_walks_the_agenda(held):
    db, cid, mid, late, fine = held
    at = app_page("motevisning")
    assert at.session_state["meeting_mode"] is True  # made for the projector
    assert at.title[0].value.startswith("PS 1/")
    button(at, "Neste sak →").click().run()
    assert at.title[0].value.endswith("Oppfølging av tidligere vedtak")
    button(at, "Neste sak →").click().run()
    assert "Sykefravær" in at.title[0].value
    # The decision made in this case is listed, overdue in red words.
    assert "åpen (forfalt)" in at.dataframe[-1].value["Status"].tolist()
    button(at, "← Forrige sak").click().run()
    assert at.title[0].value.endswith("Oppfølging av tidligere vedtak")


def test_planning_page_lists_meetings_and_offers_documents(held):
    db, cid, mid, late, fine = held
    at = app_page("moter")
    assert at.selectbox(key="meeting").value == mid
    labels = [b.label for b in at.get("download_button")]
    assert {"Innkalling og saksliste (Word)", "Referat (PDF)", "Møteplan (.ics)"} <= set(labels)


def test_importing_a_decision_log_asks_which_committee(amu, monkeypatch):
    db, cid, root = amu
    other = committees.create_committee(db, "AMU Helse", root, "s")
    monkeypatch.setenv("HMS_DB", str(db.path))
    data = (ROOT / "sample_data" / "vedtakslogg_hamu_2023.xlsx").read_bytes()
    at = app_page("importer")
    at.file_uploader[0].set_value(("vedtakslogg_hamu_2023.xlsx", data, "application/xlsx")).run()
    assert not at.exception, at.exception
    choice = at.selectbox(key="decision_log_committee")
    assert sorted(choice.options) == ["AMU Helse", "HAMU"]
    choice.set_value("AMU Helse").run()
    button(at, "Bekreft og importer").click().run()
    assert not at.exception, at.exception
    assert len(decision_list(db, TODAY, committee_id=other)) == 12
    assert decision_list(db, TODAY, committee_id=cid) == ()


def test_a_planned_meeting_can_be_moved(amu, monkeypatch):
    db, cid, root = amu
    monkeypatch.setenv("HMS_DB", str(db.path))
    mid = meetings.create_meeting(db, cid, TODAY + dt.timedelta(days=30), "s")
    at = app_page("moter")
    later = TODAY + dt.timedelta(days=31)
    if later.year != (TODAY + dt.timedelta(days=30)).year:
        pytest.skip("the test day is at the turn of a year")
    edit = [d for d in at.date_input if d.label == "Dato"][-1]
    edit.set_value(later)
    [t for t in at.text_input if t.label == "Sted"][-1].set_value("Sal 2")
    button(at, "Lagre endringen").click().run()
    assert "Møtet er endret" in at.success[0].value
    moved = meetings.meeting(db, mid)
    assert moved["meeting_date"].date() == later and moved["place"] == "Sal 2"


def test_the_method_page_explains_the_rule_with_the_threshold(demo_env):
    at = app_page("metode")
    assert at.title[0].value == "Slik har vi regnet"
    text = " ".join(m.value for m in at.markdown)
    assert "skjult (færre enn 5)" in text and "skjult (for å beskytte en annen celle)" in text
    assert "tapte dagsverk / avtalte dagsverk" in text
    # The three kinds of sums a hidden figure could come back through.
    assert "summen av sektorene" in text and "summen av kvartalene" in text
    assert "summen av kategoriene" in text

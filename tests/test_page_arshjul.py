"""AppTest: the Årshjul page on a real database: create a plan, see what is overdue, edit it."""

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from store import annual_wheel as aw
from store import open_database
from store.safety_rounds import write_safety_rounds
from tests.conftest import ROOT
from tests.test_store_annual_wheel import add_committee, add_meeting, build_org
from tests.test_store_safety_rounds import batch, finding

THIS_YEAR = dt.date.today().year
LAST_YEAR = THIS_YEAR - 1


def page(path, monkeypatch) -> AppTest:
    monkeypatch.setenv("HMS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "arshjul.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def path(tmp_path):
    """HAMU over Testkommune, with last year's plan, one held meeting and one round."""
    path = tmp_path / "wheel.duckdb"
    with open_database(path) as db:
        ids = build_org(db)
        add_committee(db, 1, "HAMU", ids["Testkommune"])
        aw.ensure_year(db, LAST_YEAR, 1, "tester")
        add_meeting(db, 1, 1, f"{LAST_YEAR}-02-14", "avholdt")
        write_safety_rounds(
            db, batch([finding(f"{LAST_YEAR}-05-12", sektor="Kultur", enhet="Kino")])
        )
    return path


def status_column(at):
    return at.dataframe[0].value.set_index("Aktivitet")["Status"]


def test_no_committees_shows_guidance(tmp_path, monkeypatch):
    with open_database(tmp_path / "empty.duckdb"):
        pass
    at = page(tmp_path / "empty.duckdb", monkeypatch)
    assert at.title[0].value == "Årshjul"
    assert [i.value for i in at.info] == [
        "Ingen utvalg er opprettet ennå. Opprett et utvalg under Utvalg."
    ]


def test_creates_this_years_plan_from_last_year_with_the_button(path, monkeypatch):
    at = page(path, monkeypatch)
    assert at.sidebar.selectbox(key="wheel_year").value == THIS_YEAR
    assert f"HAMU har ingen plan for {THIS_YEAR} ennå." in [i.value for i in at.info]
    assert f"kopieres fra {LAST_YEAR}" in at.caption[0].value
    at.button(key="wheel_create").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == f"Årshjul for {THIS_YEAR} opprettet med 15 aktiviteter."
    with open_database(path) as db:
        plan = aw.activities(db, THIS_YEAR, 1)
    assert len(plan) == 15 and set(plan["status"]) == {"planlagt"}
    assert len(at.get("plotly_chart")) == 1
    assert "gjennomført" in at.markdown[0].value


def test_last_year_shows_overdue_in_red_words_and_evidence(path, monkeypatch):
    at = page(path, monkeypatch)
    at.sidebar.selectbox(key="wheel_year").set_value(LAST_YEAR).run()
    assert not at.exception, at.exception
    # Every month of last year has ended: all is overdue except what the data proves.
    assert at.markdown[0].value == "**2 gjennomført · 13 forfalt · 0 planlagt**"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Måned",
        "Aktivitet",
        "Enhet",
        "Ansvarlig",
        "Status",
        "Bevis i dataene",
    ]
    overdue = table[table["Status"] == "! forfalt"]
    assert len(overdue) == 13
    kino = table[(table["Aktivitet"] == "Vernerunde") & (table["Enhet"] == "Kino")].iloc[0]
    assert kino["Status"] == "✓ gjennomført"
    assert kino["Bevis i dataene"].startswith(f"Vernerunde registrert 12.05.{LAST_YEAR}")
    feb = table[table["Aktivitet"] == "AMU-møte 1. kvartal"].iloc[0]
    assert feb["Bevis i dataene"] == f"AMU-møte avholdt 14.02.{LAST_YEAR}"
    assert next(m for m in at.metric if m.label == "Forfalt").value == "13"
    # Exactly the overdue rows are styled red (the Styler travels with the frame).
    styles = at.dataframe[0].proto.arrow_data.styler.styles
    assert "color: #b71c1c" in styles
    red_rows = {int(r) for r in re.findall(r"_row(\d+)_col0\b", styles)}
    assert red_rows == set(overdue.index)


def test_editing_status_persists(path, monkeypatch):
    at = page(path, monkeypatch)
    at.sidebar.selectbox(key="wheel_year").set_value(LAST_YEAR).run()
    with open_database(path) as db:
        plan = aw.activities(db, LAST_YEAR, 1)
    aid = int(plan.loc[plan["kind"] == "hms_arsrapport", "id"].item())
    at.selectbox(key="wheel_pick").set_value(aid).run()
    at.selectbox(key=f"wheel_status_{aid}").set_value("gjennomført")
    at.text_area[0].set_value("Behandlet i AMU")
    next(b for b in at.button if b.label == "Lagre endringer").click().run()
    assert not at.exception, at.exception
    with open_database(path) as db:
        row = aw.activities(db, LAST_YEAR, 1).set_index("id").loc[aid]
    assert (row["status"], row["note"]) == ("gjennomført", "Behandlet i AMU")
    assert status_column(at)["HMS-årsrapport for året før"] == "✓ gjennomført"
    assert at.markdown[0].value == "**3 gjennomført · 12 forfalt · 0 planlagt**"


def test_delete_needs_confirmation_and_add_puts_a_new_activity_in_the_plan(path, monkeypatch):
    at = page(path, monkeypatch)
    at.sidebar.selectbox(key="wheel_year").set_value(LAST_YEAR).run()
    first = at.selectbox(key="wheel_pick").value
    next(b for b in at.button if b.label == "Slett").click().run()
    assert "Ja, slett aktiviteten" in at.warning[0].value
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Slett").click().run()
    assert not at.exception, at.exception
    at.selectbox(key="wheel_add_month").set_value(6)
    at.selectbox(key="wheel_add_kind").set_value("annet")
    at.text_input(key="wheel_add_activity").set_value("Brannøvelse")
    at.text_input(key="wheel_add_owner").set_value("Vaktmester")
    next(b for b in at.button if b.label == "Legg til").click().run()
    assert not at.exception, at.exception
    with open_database(path) as db:
        plan = aw.activities(db, LAST_YEAR, 1)
    assert first not in set(plan["id"])
    added = plan[plan["activity"] == "Brannøvelse"].iloc[0]
    assert (added["month"], added["kind"], added["owner"]) == (6, "annet", "Vaktmester")
    assert added["unit"] == "Testkommune"
    assert status_column(at)["Brannøvelse"] == "! forfalt"


def test_template_tab_saves_and_meeting_mode_shows_only_the_wheel(path, monkeypatch):
    at = page(path, monkeypatch)
    at.button(key="wheel_template_save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Standardmalen er lagret med 13 aktiviteter."
    at.sidebar.selectbox(key="wheel_year").set_value(LAST_YEAR).run()
    at.sidebar.toggle(key="meeting_mode").set_value(True).run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 1 and len(at.tabs) == 0
    assert not any(b.label == "Lagre endringer" for b in at.button)


def test_a_planned_meeting_this_year_is_not_evidence(path, monkeypatch):
    with open_database(path) as db:
        aw.ensure_year(db, THIS_YEAR + 1, 1, "tester")
        add_meeting(db, 2, 1, f"{THIS_YEAR + 1}-02-10", "planlagt")
    at = page(path, monkeypatch)
    assert str(THIS_YEAR + 1) in at.sidebar.selectbox(key="wheel_year").options
    at.sidebar.selectbox(key="wheel_year").set_value(THIS_YEAR + 1).run()
    table = at.dataframe[0].value
    feb = table[table["Aktivitet"] == "AMU-møte 1. kvartal"].iloc[0]
    assert (feb["Status"], feb["Bevis i dataene"]) == ("○ planlagt", "")

"""The annual wheel store: template expansion per enhet, carry-over between years, editing."""

import datetime as dt

import pandas as pd
import pytest

from store import annual_wheel as aw
from store.committees import committee_id, committees

ORG = (
    ("virksomhet", "Testkommune", None),
    ("sektor", "Kultur", "Testkommune"),
    ("enhet", "Kino", "Kultur"),
    ("enhet", "Bibliotek", "Kultur"),
    ("sektor", "Teknisk drift", "Testkommune"),
    ("enhet", "Vei og park", "Teknisk drift"),
)
TEMPLATE_ROWS = 13  # the seeded default plan, one of them per unit (vernerunde in May)


def build_org(db) -> dict[str, int]:
    """Testkommune → Kultur (Kino, Bibliotek), Teknisk drift (Vei og park): ids by name."""
    ids: dict[str, int] = {}
    with db.transaction() as con:
        for level, name, parent in ORG:
            ids[name] = con.execute(
                "INSERT INTO org_units (level, name, parent_id) VALUES (?, ?, ?) RETURNING id",
                [level, name, ids.get(parent)],
            ).fetchall()[0][0]
    return ids


def add_committee(db, committee_id: int, name: str, unit_id: int) -> int:
    with db.transaction() as con:
        con.execute(
            "INSERT INTO committees VALUES (?, ?, ?, 'PS', current_timestamp, 'test')",
            [committee_id, name, unit_id],
        ).fetchall()
    return committee_id


def add_meeting(db, meeting_id: int, committee_id: int, day: str, status: str) -> None:
    with db.transaction() as con:
        con.execute(
            "INSERT INTO meetings (id, committee_id, meeting_date, status, created_at, created_by)"
            " VALUES (?, ?, ?, ?, current_timestamp, 'test')",
            [meeting_id, committee_id, dt.date.fromisoformat(day), status],
        ).fetchall()


@pytest.fixture
def org(db):
    ids = build_org(db)
    add_committee(db, 1, "AMU Kultur", ids["Kultur"])
    add_committee(db, 2, "HAMU", ids["Testkommune"])
    return ids


def test_template_expands_per_unit_rows_to_every_enhet_of_the_committee(db, org):
    assert aw.ensure_year(db, 2025, 1, "tester") == TEMPLATE_ROWS - 1 + 2
    plan = aw.activities(db, 2025, 1)
    assert list(plan.columns) == list(aw.ACTIVITY_COLUMNS)
    rounds = plan[plan["kind"] == "vernerunde"]
    assert sorted(rounds["unit"]) == ["Bibliotek", "Kino"]
    assert set(rounds["month"]) == {5}
    others = plan[plan["kind"] != "vernerunde"]
    assert set(others["unit_id"]) == {org["Kultur"]}
    assert set(plan["status"]) == {"planlagt"} and plan["note"].isna().all()
    assert set(plan["committee"]) == {"AMU Kultur"}
    assert (plan["kind"] == "amu_mote").sum() == 4  # at least quarterly
    assert plan["id"].is_unique and plan["id"].min() == 1
    # The whole organisation's committee gets a vernerunde for each of its three enheter.
    aw.ensure_year(db, 2025, 2, "tester")
    hamu = aw.activities(db, 2025, 2)
    assert sorted(hamu.loc[hamu["kind"] == "vernerunde", "unit"]) == [
        "Bibliotek",
        "Kino",
        "Vei og park",
    ]
    assert hamu["id"].min() == plan["id"].max() + 1  # explicit ids, max + 1


def test_ensure_year_is_idempotent(db, org):
    first = aw.ensure_year(db, 2025, 1, "tester")
    assert aw.ensure_year(db, 2025, 1, "tester") == 0
    assert len(aw.activities(db, 2025, 1)) == first
    assert aw.plan_years(db, 1) == [2025] and aw.plan_years(db, 2) == []


def test_next_year_carries_the_edited_plan_over_with_statuses_reset(db, org):
    aw.ensure_year(db, 2025, 1, "tester")
    plan = aw.activities(db, 2025, 1)
    kino = plan[(plan["kind"] == "vernerunde") & (plan["unit"] == "Kino")]["id"].item()
    report = plan[plan["kind"] == "hms_arsrapport"]["id"].item()
    survey = plan[plan["kind"] == "arbeidsmiljoundersokelse"]["id"].item()
    aw.update_activity(db, kino, month=9, owner="Kinosjef", status="gjennomført", note="OK")
    aw.update_activity(db, report, status="utsatt", note="Venter på tall")
    aw.delete_activity(db, survey)
    added = aw.add_activity(
        db, 2025, 1, 6, "annet", "Sommerfest", owner="Leder", status="gjennomført"
    )
    assert added == plan["id"].max() + 1
    assert aw.source_year(db, 2026, 1) == 2025
    assert aw.ensure_year(db, 2026, 1, "tester") == len(plan)  # one deleted, one added
    nxt = aw.activities(db, 2026, 1)
    assert set(nxt["status"]) == {"planlagt"} and nxt["note"].isna().all()
    moved = nxt[(nxt["kind"] == "vernerunde") & (nxt["unit"] == "Kino")].iloc[0]
    assert (moved["month"], moved["owner"]) == (9, "Kinosjef")
    assert "Sommerfest" in set(nxt["activity"])
    assert "arbeidsmiljoundersokelse" not in set(nxt["kind"])
    assert set(nxt["year"]) == {2026}
    # The earlier year is untouched.
    assert aw.activities(db, 2025, 1).set_index("id").loc[kino, "status"] == "gjennomført"


def test_a_year_before_the_first_plan_starts_from_the_template(db, org):
    aw.ensure_year(db, 2025, 1, "tester")
    aw.delete_activity(db, int(aw.activities(db, 2025, 1)["id"].iloc[0]))
    assert aw.source_year(db, 2024, 1) is None
    assert aw.ensure_year(db, 2024, 1, "tester") == TEMPLATE_ROWS + 1


def test_activities_of_all_committees_and_unknown_committee(db, org):
    aw.ensure_year(db, 2025, 1, "tester")
    aw.ensure_year(db, 2025, 2, "tester")
    both = aw.activities(db, 2025)
    assert set(both["committee"]) == {"AMU Kultur", "HAMU"}
    assert aw.activities(db, 2024).empty
    with pytest.raises(KeyError):
        aw.ensure_year(db, 2025, 99, "tester")
    assert committee_id(db, " hamu ") == 2
    assert committee_id(db, "BAMU") is None
    assert list(committees(db)["name"]) == ["HAMU", "AMU Kultur"]  # widest scope first
    assert list(aw.scope_units(db, 1)["name"]) == ["Kultur", "Bibliotek", "Kino"]


def test_committee_over_a_unit_without_enheter_gets_one_vernerunde(db):
    ids = build_org(db)
    add_committee(db, 3, "AMU Kino", ids["Kino"])
    aw.ensure_year(db, 2025, 3, "tester")
    plan = aw.activities(db, 2025, 3)
    assert list(plan.loc[plan["kind"] == "vernerunde", "unit"]) == ["Kino"]
    with db.transaction() as con:
        empty_unit = con.execute(
            "INSERT INTO org_units (level, name, parent_id) VALUES ('sektor', 'Ny', ?) RETURNING id",
            [ids["Testkommune"]],
        ).fetchall()[0][0]
    add_committee(db, 4, "AMU Ny", empty_unit)
    aw.ensure_year(db, 2025, 4, "tester")
    plan = aw.activities(db, 2025, 4)
    assert list(plan.loc[plan["kind"] == "vernerunde", "unit"]) == ["Ny"]


def test_update_leaves_unnamed_fields_and_clears_with_empty_text(db, org):
    aw.ensure_year(db, 2025, 1, "tester")
    aid = int(aw.activities(db, 2025, 1)["id"].iloc[0])
    aw.update_activity(db, aid, note="Husk rapport", owner="Ny eier")
    aw.update_activity(db, aid, status="gjennomført")
    row = aw.activities(db, 2025, 1).set_index("id").loc[aid]
    assert (row["note"], row["owner"], row["status"]) == ("Husk rapport", "Ny eier", "gjennomført")
    aw.update_activity(db, aid, owner="", note="", activity="Nytt navn")
    row = aw.activities(db, 2025, 1).set_index("id").loc[aid]
    assert pd.isna(row["owner"]) and pd.isna(row["note"]) and row["activity"] == "Nytt navn"
    with pytest.raises(ValueError, match="Status"):
        aw.update_activity(db, aid, status="ferdig")
    with pytest.raises(ValueError, match="Måned"):
        aw.update_activity(db, aid, month=13)
    with pytest.raises(KeyError):
        aw.update_activity(db, 999, status="utsatt")
    with pytest.raises(ValueError):
        aw.add_activity(db, 2025, 1, 3, "kaffe", "Kaffe")


def test_replace_template_validates_and_feeds_new_plans(db, org):
    t = aw.template(db)
    assert len(t) == TEMPLATE_ROWS and list(t.columns) == list(aw.TEMPLATE_COLUMNS)
    assert t["per_unit"].sum() == 1
    new = pd.DataFrame(
        [
            {"month": 2, "kind": "amu_mote", "activity": "AMU-møte", "owner": None},
            {"month": 8, "kind": "vernerunde", "activity": "Vernerunde", "per_unit": True},
        ]
    )
    assert aw.replace_template(db, new) == 2
    saved = aw.template(db)
    assert list(saved["activity"]) == ["AMU-møte", "Vernerunde"]
    assert list(saved["per_unit"]) == [False, True]
    assert aw.ensure_year(db, 2025, 2, "tester") == 1 + 3
    bad = pd.DataFrame([{"month": 2, "kind": "amu_mote", "activity": " "}])
    with pytest.raises(ValueError, match="Rad 1"):
        aw.replace_template(db, bad)
    with pytest.raises(ValueError, match="Rad 1: Ukjent"):
        aw.replace_template(db, pd.DataFrame([{"month": 2, "kind": "fest", "activity": "Fest"}]))
    assert len(aw.template(db)) == 2  # a rejected template leaves the old one

"""The large demo organisation (sample_data/large_demo.py), built scaled down: what it holds and
that two builds are the same."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from metrics.decisions import decision_list
from sample_data.large import write_large_export
from sample_data.large_demo import build_large_demo
from store import open_database

SIZE = {"persons": 2_000, "units": 60, "years": 2, "deviations": 2_000, "committees": 3}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("large_demo") / "large.duckdb"
    messages = build_large_demo(path, **SIZE)
    return path, messages


def _decision_texts(db) -> list[tuple]:
    return db.rows("SELECT id, text, status, deadline FROM decisions ORDER BY id")


def test_organisation_and_sick_leave(built):
    path, messages = built
    with open_database(path) as db:
        levels = dict(db.rows("SELECT level, count(*) FROM org_units GROUP BY level"))
        assert levels == {"virksomhet": 1, "sektor": 12, "enhet": 60}
        months = db.rows(
            "SELECT count(DISTINCT month_from), min(month_from), max(month_to), count(*)"
            " FROM sick_leave GROUP BY unit_id"
        )
        assert len(months) == 60
        assert {m[0] for m in months} == {24}  # 2024-01 … 2025-12
        assert {(m[1], m[2]) for m in months} == {(2024 * 12, 2025 * 12 + 11)}
        assert {m[3] for m in months} == {24}
    assert messages[-1].startswith("Den store demodatabasen er klar")


def test_headcount_reaches_the_target(built):
    path, messages = built
    with open_database(path) as db:
        persons = db.rows("SELECT sum(persons) FROM sick_leave"
                          " WHERE month_to = (SELECT max(month_to) FROM sick_leave)")[0][0]  # fmt: skip
    assert abs(persons - SIZE["persons"]) <= 0.05 * SIZE["persons"], persons
    assert any(m.startswith("Antall ansatte i desember 2025") for m in messages)


def test_full_size_writer_gives_50_000_persons_and_some_small_units(tmp_path):
    path = tmp_path / "one_month.csv"
    write_large_export(path, 1_500, "csv", mean_persons=50_000 / 1_500)  # December 2025 only
    persons = pd.read_csv(path, sep=";", encoding="cp1252")["Antall personer"]
    assert len(persons) == 1_500 and abs(persons.sum() - 50_000) <= 500, persons.sum()
    assert (persons < 5).sum() >= 5  # below the threshold: suppression is exercised


def test_deviations_and_safety_rounds(built):
    path, _ = built
    with open_database(path) as db:
        assert db.rows("SELECT count(*) FROM deviations")[0][0] == 2_000
        rounds = db.rows(
            "SELECT year(runde_dato) AS y, count(DISTINCT unit_id), count(DISTINCT"
            " (unit_id, runde_dato)) FROM safety_findings GROUP BY y ORDER BY y"
        )
        assert rounds == [(2024, 60, 60), (2025, 60, 60)]


def test_committees_meetings_and_decisions(built):
    path, _ = built
    with open_database(path) as db:
        names = [r[0] for r in db.rows("SELECT name FROM committees ORDER BY id")]
        assert len(names) == 3 and names[0] == "HAMU"
        per_year = db.rows(
            "SELECT committee_id, year(meeting_date) AS y, count(*), count(*) FILTER"
            " (status = 'avholdt') FROM meetings GROUP BY ALL ORDER BY ALL"
        )
        assert len(per_year) == 3 * 2
        assert {(r[2], r[3]) for r in per_year} == {(4, 4)}
        statuses = {r[0] for r in db.rows("SELECT DISTINCT status FROM decisions")}
        assert len(statuses) >= 4, statuses
        assert "lukket" in statuses
        rows = decision_list(db, dt.date(2025, 12, 31))
        assert any(r.overdue for r in rows)
        # only each committee's last meeting has frozen snapshots
        snapped = db.rows(
            "SELECT count(DISTINCT meeting_id) FROM cases WHERE snapshot IS NOT NULL"
        )[0][0]
        assert snapped == 3


def test_two_builds_are_the_same(built, tmp_path):
    path, _ = built
    again = tmp_path / "again.duckdb"
    build_large_demo(again, **SIZE)
    query = "SELECT count(*), sum(tapte) FROM sick_leave"
    with open_database(path) as db:
        first = db.rows(query), _decision_texts(db)
    with open_database(again) as db:
        second = db.rows(query), _decision_texts(db)
    assert first == second


def test_refuses_to_overwrite_without_force(built):
    path, _ = built
    with pytest.raises(FileExistsError):
        build_large_demo(path, **SIZE)

"""CLI contracts of deviations, injuries and safety-rounds: exact JSON fields, hidden as null."""

import json

import pandas as pd

from store import open_database
from store.deviations import write_deviations
from store.safety_rounds import write_safety_rounds
from store.sick_leave import write_batch
from tests.conftest import make_batch
from tests.test_cli import cli
from tests.test_store_deviations import batch as deviation_batch
from tests.test_store_deviations import case
from tests.test_store_safety_rounds import batch as round_batch
from tests.test_store_safety_rounds import finding

DEVIATION_FIELDS = ["level", "unit", "parent", "period", "registered", "by_category", "by_severity", "open",
                    "overdue", "closed", "median_days_to_close", "registered_change", "improvement_suggestions",
                    "suppressed"]  # fmt: skip
INJURY_FIELDS = ["level", "unit", "parent", "period", "hours_worked", "lost_time_injuries",
                 "medical_treatment_injuries", "days_lost", "h1", "h2", "f", "uncertain", "suppressed"]  # fmt: skip
ROUND_FIELDS = ["level", "unit", "parent", "year", "units", "units_with_round", "coverage_percent",
                "findings_by_band", "open_high", "overdue_measures", "median_days_to_close"]  # fmt: skip


def build(path):
    with open_database(path) as db:
        write_batch(db, make_batch([
            dict(sektor="Kultur", enhet="Kino", period="2025-K1", persons=3, avtalte=150, tapte=1),
            dict(sektor="Kultur", enhet="Bibliotek", period="2025-K1", persons=9, avtalte=450, tapte=1),
            dict(sektor="Kultur", enhet="Hallen", period="2025-K1", persons=30, avtalte=20000, tapte=1),
        ]))  # fmt: skip
        write_deviations(db, deviation_batch([
            case("K-1", "2025-02-01", sektor="Kultur", enhet="Kino", skadetype="Fraværsskade", skadeklasse="fravær", fravaersdager=3.0),
            case("H-1", "2025-02-01", sektor="Kultur", enhet="Hallen", deadline="2025-02-15"),
        ]))  # fmt: skip
        write_safety_rounds(
            db, round_batch([finding("2025-03-14", sektor="Kultur", enhet="Hallen", s=5, k=5)])
        )


def test_deviations_json(tmp_path):
    build(tmp_path / "x.duckdb")
    r = cli(
        "deviations",
        "--level",
        "enhet",
        "--period",
        "2025-K1",
        "--json",
        "--reference-date",
        "2025-03-01",
        "--db",
        tmp_path / "x.duckdb",
    )
    assert r.returncode == 0, r.stderr
    rows = {d["unit"]: d for d in json.loads(r.stdout)}
    assert all(list(d) == DEVIATION_FIELDS for d in rows.values())
    assert rows["Kino"]["suppressed"] and rows["Kino"]["by_category"]["personskade"] is None
    # Kultur = Kino + Hallen here, so Hallen's count would give Kino's back: hidden too.
    assert rows["Hallen"]["overdue"] == 1 and rows["Hallen"]["by_category"]["personskade"] is None
    assert rows["Hallen"]["by_category"]["nestenulykke"] == 0
    r = cli(
        "deviations",
        "--level",
        "sektor",
        "--period",
        "2025-K1",
        "--json",
        "--db",
        tmp_path / "x.duckdb",
    )
    [kultur] = json.loads(r.stdout)
    assert kultur["by_category"]["personskade"] == 2 and not kultur["suppressed"]


def test_injuries_json_hides_small_units(tmp_path):
    build(tmp_path / "x.duckdb")
    r = cli(
        "injuries",
        "--level",
        "enhet",
        "--period",
        "2025-K1",
        "--json",
        "--db",
        tmp_path / "x.duckdb",
    )
    rows = {d["unit"]: d for d in json.loads(r.stdout)}
    assert all(list(d) == INJURY_FIELDS for d in rows.values())
    assert rows["Kino"]["lost_time_injuries"] is None and rows["Kino"]["h1"] is None
    assert rows["Hallen"]["hours_worked"] == 150_000 and rows["Hallen"]["lost_time_injuries"] == 0


def test_safety_rounds_json(tmp_path):
    build(tmp_path / "x.duckdb")
    r = cli(
        "safety-rounds",
        "--level",
        "sektor",
        "--year",
        "2025",
        "--json",
        "--reference-date",
        "2025-12-31",
        "--db",
        tmp_path / "x.duckdb",
    )
    [kultur] = json.loads(r.stdout)
    assert list(kultur) == ROUND_FIELDS
    assert (kultur["units"], kultur["units_with_round"], kultur["open_high"]) == (3, 1, 1)
    assert kultur["findings_by_band"] == {"lav": 0, "middels": 0, "høy": 1}
    assert pd.isna(kultur["median_days_to_close"]) or kultur["median_days_to_close"] is None


def test_bad_deviation_file_names_the_place_and_leaves_the_database_as_it_was(tmp_path):
    path = tmp_path / "x.duckdb"
    build(path)
    with open_database(path) as db:
        before = db.rows(
            "SELECT (SELECT count(*) FROM deviations), (SELECT count(*) FROM imports), (SELECT count(*) FROM org_units)"
        )
    bad = tmp_path / "avvik.csv"
    bad.write_bytes(
        "Saksnr;Registrert;Enhet;Kategori;Alvorlighetsgrad;Status\r\n"
        "N-1;31.01.2025;Ny enhet;Personskade;7;Åpen\r\n"
        "N-2;32.01.2025;Ny enhet;Personskade;2;Åpen\r\n"
        "N-1;01.02.2025;Ny enhet;Brann;2;Åpen\r\n".encode("cp1252")
    )  # fmt: skip
    r = cli("ingest", bad, "--db", path)
    assert r.returncode == 1
    assert "avvik.csv, rad 2, kolonne «Alvorlighetsgrad»" in r.stderr
    assert "rad 3, kolonne «Registrert»" in r.stderr
    assert "N-1" in r.stderr and "rad 4" in r.stderr  # the duplicate saksnummer, both rows
    with open_database(path) as db:
        after = db.rows(
            "SELECT (SELECT count(*) FROM deviations), (SELECT count(*) FROM imports), (SELECT count(*) FROM org_units)"
        )
    assert after == before


def test_import_log_says_what_changed(tmp_path):
    path = tmp_path / "x.duckdb"
    build(path)
    with open_database(path) as db:
        write_deviations(
            db,
            deviation_batch(
                [
                    case(
                        "H-1",
                        "2025-02-01",
                        sektor="Kultur",
                        enhet="Hallen",
                        status="lukket",
                        closed="2025-02-10",
                    )
                ],
                "senere.xlsx",
            ),
        )
        from store.imports import import_log

        log = import_log(db)
    assert log.iloc[0]["details"] == "0 nye saker, 1 oppdaterte (1 med ny status)"

"""The command line as scripts use it: real processes, real files, real database."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.periods import parse_period
from metrics.sick_leave import sick_leave_table
from store import open_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
FIELDS = ["level", "unit", "parent", "period", "persons", "avtalte_dagsverk", "tapte_dagsverk", "percent",
          "egenmeldt_percent", "legemeldt_percent", "change_pp", "target_percent", "suppressed", "incomplete"]  # fmt: skip


def cli(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_ingest_then_sick_leave_json(tmp_path):
    db = tmp_path / "x.duckdb"
    r = cli(
        "ingest",
        SAMPLE / "sykefravaer_2023-2024.xlsx",
        SAMPLE / "sykefravaer_2025-h1.csv",
        "--db",
        db,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("sykefravaer_2023-2024.xlsx: import #1")
    assert any(line.startswith("sykefravaer_2025-h1.csv: import #2") for line in lines)
    r = cli("sick-leave", "--level", "enhet", "--period", "2025-K1", "--json", "--db", db)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data and all(list(d) == FIELDS for d in data)
    hidden = [d for d in data if d["suppressed"]]
    assert hidden and all(
        d[f] is None for d in hidden for f in ("persons", "percent", "tapte_dagsverk", "change_pp")
    )
    with open_database(db) as handle:
        table = sick_leave_table(handle, parse_period("2025-K1"))
    expected = {r.unit: r.percent for r in table.level("enhet")}
    got = {d["unit"]: d["percent"] for d in data}
    assert got.keys() == expected.keys()
    for (
        unit,
        value,
    ) in expected.items():  # full precision (parallel float sums may differ in the last bit)
        assert got[unit] == (None if value is None else pytest.approx(value, rel=1e-12))


def test_rolling_and_levels(tmp_path):
    db = tmp_path / "x.duckdb"
    assert cli("demo", "--db", db).returncode == 0
    r = cli(
        "sick-leave",
        "--level",
        "virksomhet",
        "--period",
        "2025-K4",
        "--rolling",
        "--json",
        "--db",
        db,
    )
    [v] = json.loads(r.stdout)
    assert v["unit"] == "Nordvik kommune" and v["parent"] is None and v["period"] == "2025-K4"
    assert 0 < v["percent"] < 20 and not v["suppressed"]
    r = cli("sick-leave", "--level", "sektor", "--period", "2025", "--db", db)
    assert r.returncode == 0 and "Sykefravær, sektor, 2025" in r.stdout


def test_bad_file_exits_nonzero_with_location_on_stderr_and_writes_nothing(tmp_path):
    db = tmp_path / "x.duckdb"
    assert cli("ingest", SAMPLE / "sykefravaer_2025-h1.csv", "--db", db).returncode == 0
    bad = tmp_path / "feil.csv"
    bad.write_bytes(
        "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk\n2025-09;Skole;100;-3\n".encode("cp1252")
    )
    good = SAMPLE / "sykefravaer_2023-2024.xlsx"
    r = cli("ingest", good, bad, "--db", db)
    assert r.returncode == 1
    assert "feil.csv" in r.stderr and "rad 2" in r.stderr and "Tapte dagsverk" in r.stderr
    assert r.stdout == ""
    with open_database(db) as handle:
        assert (
            handle.scalar("SELECT count(*) FROM imports") == 1
        )  # the good file was not written either


def test_same_file_twice_writes_nothing(tmp_path):
    db = tmp_path / "x.duckdb"
    f = SAMPLE / "sykefravaer_2025-h1.csv"
    assert cli("ingest", f, "--db", db).returncode == 0
    r = cli("ingest", f, "--db", db)
    assert r.returncode == 0 and "allerede importert" in r.stdout


def test_unknown_period_is_a_usage_error():
    r = cli("sick-leave", "--level", "enhet", "--period", "2025-X9", "--json")
    assert r.returncode == 2 and "ukjent periode" in r.stderr

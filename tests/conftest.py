"""Shared fixtures: a real DuckDB file per test, and batches built from hand-written rows."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd
import pytest

from core.periods import parse_period
from data_loaders.batch import SICK_LEAVE_COLUMNS, Batch
from store import open_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def demo_sign_in(monkeypatch):
    """Pages run signed in as the demo advisor unless a test chooses another sign-in mode."""
    monkeypatch.setenv("HMS_AUTH", "demo")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "test.duckdb")
    yield database
    database.close()


def make_batch(rows: list[dict], name: str = "hand.xlsx") -> Batch:
    """A Batch from dicts with keys sektor, enhet, period (label), persons, avtalte, tapte,
    and optionally virksomhet, egenmeldt, legemeldt. Source rows count from 2."""
    records = []
    for i, r in enumerate(rows):
        p = parse_period(r["period"])
        records.append(
            {
                "virksomhet": r.get("virksomhet", "Testkommune"),
                "sektor": r.get("sektor"),
                "enhet": r.get("enhet"),
                "period_kind": p.kind,
                "month_from": p.first_month,
                "month_to": p.last_month,
                "persons": float(r["persons"]) if r.get("persons") is not None else math.nan,
                "avtalte": float(r["avtalte"]),
                "tapte": float(r["tapte"]),
                "egenmeldt": float(r.get("egenmeldt", math.nan)),
                "legemeldt": float(r.get("legemeldt", math.nan)),
                "source_row": i + 2,
            }
        )
    frame = pd.DataFrame(records, columns=list(SICK_LEAVE_COLUMNS))
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return Batch(
        kind="sykefravaer",
        file_name=name,
        sha256=digest,
        sheet="Ark1",
        dialect="test",
        header_row=1,
        rows_read=len(rows),
        frame=frame,
        column_map={},
    )


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory):
    """The sample organisation's database, built once per test worker from sample_data/."""
    from sample_data.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_env(demo_db_file, tmp_path, monkeypatch):
    """A private copy of the demo database, selected through HMS_DB as the app would be."""
    import shutil

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    monkeypatch.setenv("HMS_DB", str(path))
    return path


@pytest.fixture
def app(demo_env):
    """The real Streamlit app (dashboard.py with its navigation) on a private demo database."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


# After make_batch: the AMU fixture module uses it.
from tests.amu_fixtures import amu  # noqa: E402, F401  (a fixture for the AMU register tests)

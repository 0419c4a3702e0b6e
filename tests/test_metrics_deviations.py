"""Deviation, injury and safety-round metrics against figures computed by hand."""

import datetime as dt

import pandas as pd
import pytest

from core.periods import parse_period
from metrics.deviations import deviation_table
from metrics.injuries import injury_table
from metrics.safety_rounds import RiskBands, safety_round_table
from store.deviations import write_deviations
from store.safety_rounds import write_safety_rounds
from store.sick_leave import write_batch
from tests.conftest import make_batch
from tests.test_store_deviations import batch as deviation_batch
from tests.test_store_deviations import case
from tests.test_store_safety_rounds import batch as round_batch
from tests.test_store_safety_rounds import finding


def staff(db, *units):
    """Sick-leave rows for 2025-Q1 giving each (sektor, enhet, persons, avtalte) its hours."""
    write_batch(
        db,
        make_batch(
            [
                dict(sektor=s, enhet=e, period="2025-K1", persons=p, avtalte=a, tapte=0)
                for s, e, p, a in units
            ]
        ),
    )


def by_unit(rows):
    return {r.unit: r for r in rows}


def test_median_with_even_count_and_overdue_at_the_reference_boundary(db):
    staff(db, ("Teknisk drift", "Vei og park", 20, 1000))
    write_deviations(db, deviation_batch([
        case("A-1", "2025-01-01", status="lukket", closed="2025-01-03"),   # 2 days
        case("A-2", "2025-01-01", status="lukket", closed="2025-01-09"),   # 8 days
        case("A-3", "2025-02-01", status="lukket", closed="2025-02-11"),   # 10 days
        case("A-4", "2025-02-01", status="lukket", closed="2025-03-03"),   # 30 days
        case("A-5", "2025-03-01", deadline="2025-03-30"),                 # overdue on 31.3.
        case("A-6", "2025-03-01", deadline="2025-03-31"),                 # not yet: deadline is the day
        case("A-7", "2025-03-02", kategori="Forbedringsforslag"),
    ]))  # fmt: skip
    t = deviation_table(db, parse_period("2025-K1"), reference_date=dt.date(2025, 3, 31))
    r = by_unit(t.level("enhet"))["Vei og park"]
    assert r.median_days_to_close == 9.0  # (8 + 10) / 2
    assert (r.registered, r.open, r.closed, r.overdue) == (6, 2, 4, 1)
    assert r.improvement_suggestions == 1 and r.by_category["personskade"] == 6
    assert r.by_severity == {"lav": 0, "middels": 6, "høy": 0, "ukjent": 0}
    assert r.registered_change == 6


def test_small_unit_personskade_hidden_and_next_smallest_sibling_too(db):
    staff(
        db,
        ("Kultur", "Kino", 3, 150),
        ("Kultur", "Bibliotek", 9, 450),
        ("Kultur", "Hallen", 30, 1500),
    )
    write_deviations(db, deviation_batch([
        case("K-1", "2025-02-01", enhet="Kino", sektor="Kultur"),
        case("B-1", "2025-02-01", enhet="Bibliotek", sektor="Kultur"),
        case("H-1", "2025-02-01", enhet="Hallen", sektor="Kultur"),
        case("H-2", "2025-02-01", enhet="Hallen", sektor="Kultur", kategori="Miljø"),
    ]))  # fmt: skip
    t = deviation_table(db, parse_period("2025-K1"), reference_date=dt.date(2025, 3, 31))
    u = by_unit(t.rows)
    assert u["Kino"].by_category["personskade"] is None and u["Kino"].suppressed
    assert u["Kino"].hidden["personskade"] == "primary"
    assert u["Bibliotek"].by_category["personskade"] is None  # protects Kino under subtraction
    assert u["Hallen"].by_category["personskade"] == 1 and u["Hallen"].by_category["miljø"] == 1
    assert u["Kultur"].by_category["personskade"] == 3  # hidden ones still count in the parent


def test_injury_rates_per_million_hours_with_hours_from_dagsverk(db):
    staff(db, ("Teknisk drift", "Vei og park", 40, 20_000))  # 20,000 × 7.5 = 150,000 h
    write_deviations(db, deviation_batch([
        case("S-1", "2025-01-10", skadetype="Fraværsskade", skadeklasse="fravær", fravaersdager=6.0),
        case("S-2", "2025-02-10", skadetype="Medisinsk behandling", skadeklasse="medisinsk behandling"),
        case("S-3", "2025-03-10", skadetype="Førstehjelp", skadeklasse="førstehjelp"),
    ]))  # fmt: skip
    r = by_unit(injury_table(db, parse_period("2025-K1")).level("enhet"))["Vei og park"]
    assert r.hours_worked == 150_000
    assert r.h1 == pytest.approx(1 / 150_000 * 1e6)  # 6.67
    assert r.h2 == pytest.approx(2 / 150_000 * 1e6)  # first aid excluded
    assert r.f == pytest.approx(6 / 150_000 * 1e6)
    assert not r.uncertain


def test_rate_over_few_hours_is_uncertain(db):
    staff(db, ("A", "a1", 10, 1000))
    r = injury_table(db, parse_period("2025-K1")).level("enhet")[0]
    assert r.hours_worked == 7500 and r.uncertain and r.h1 == 0


@pytest.mark.parametrize(
    ("risk", "band"), [(4, "lav"), (5, "middels"), (12, "middels"), (15, "høy"), (25, "høy")]
)
def test_risk_bands_at_the_boundaries(risk, band):
    assert RiskBands().band(risk) == band


def test_coverage_findings_by_band_open_high_and_overdue(db):
    staff(db, ("Teknisk drift", "Vei og park", 20, 1000), ("Teknisk drift", "Eiendom", 20, 1000),
          ("Teknisk drift", "Renhold", 20, 1000))  # fmt: skip
    write_safety_rounds(db, round_batch([
        finding("2025-03-14", s=5, k=4),                                   # høy, open, overdue
        finding("2025-03-14", funn="Skilt", s=1, k=4),                     # lav
        finding("2025-03-14", funn="Hylle", s=3, k=4, status="lukket", lukket_dato=pd.Timestamp("2025-03-24")),
        finding("2025-05-02", enhet="Eiendom", funn=None, s=None, k=None),  # round, no findings
    ]))  # fmt: skip
    rows = {r.unit: r for r in safety_round_table(db, 2025, reference_date=dt.date(2025, 6, 1))}
    sector = rows["Teknisk drift"]
    assert (sector.units, sector.units_with_round) == (3, 2)
    assert sector.coverage_percent == pytest.approx(200 / 3)
    assert sector.units_without_round == ("Renhold",)
    assert sector.findings_by_band == {"lav": 1, "middels": 1, "høy": 1}
    assert (
        sector.open_high == 1 and sector.overdue_measures == 2 and sector.median_days_to_close == 10
    )

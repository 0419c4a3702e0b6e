"""Periods: the spellings exports use, month ranges, rolling windows."""

import datetime as dt

import pytest

from core.periods import MONTH, QUARTER, TERTIAL, YEAR, Period, parse_period, weekdays_in_months


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2025-03", "2025-03"),
        ("03.2025", "2025-03"),
        ("mars 2025", "2025-03"),
        ("Mars 2025", "2025-03"),
        ("des. 2024", "2024-12"),
        (dt.date(2025, 3, 1), "2025-03"),
        ("2025-03-01 00:00:00", "2025-03"),
        ("2025-K1", "2025-K1"),
        ("2025K1", "2025-K1"),
        ("K1 2025", "2025-K1"),
        ("1. kvartal 2025", "2025-K1"),
        ("4. kvartal 2024", "2024-K4"),
        ("2025-T1", "2025-T1"),
        ("2. tertial 2025", "2025-T2"),
        ("2025", "2025"),
    ],
)
def test_export_spellings(text, label):
    assert parse_period(text).label == label


@pytest.mark.parametrize(
    "text", ["", "2025-13", "K5 2025", "marsj 2025", "Sum", "1899", "5. kvartal 2025"]
)
def test_unknown_spellings_are_none(text):
    assert parse_period(text) is None


def test_months_and_containment():
    q = Period(QUARTER, 2025, 2)
    assert [Period.containing(MONTH, m).label for m in q.months()] == [
        "2025-04",
        "2025-05",
        "2025-06",
    ]
    assert Period(YEAR, 2025).contains(q)
    assert not Period(TERTIAL, 2025, 1).contains(q)  # Jan–Apr does not hold Apr–Jun
    assert Period(TERTIAL, 2025, 2).first_month == Period(MONTH, 2025, 5).first_month


def test_rolling_window_is_the_year_ending_with_the_period():
    first, last = Period(QUARTER, 2025, 1).rolling_window()
    assert Period.containing(MONTH, first).label == "2024-04"
    assert Period.containing(MONTH, last).label == "2025-03"


def test_previous_and_shift():
    assert Period(QUARTER, 2025, 1).previous().label == "2024-K4"
    assert Period(MONTH, 2025, 3).shift_years(-1).label == "2024-03"


def test_weekdays():
    # March 2025: 21 weekdays; Q1 2025: 23 + 20 + 21 = 64
    assert (
        weekdays_in_months(Period(MONTH, 2025, 3).first_month, Period(MONTH, 2025, 3).last_month)
        == 21
    )
    q = Period(QUARTER, 2025, 1)
    assert weekdays_in_months(q.first_month, q.last_month) == 64

"""Values: every period spelling, the number parser, tapte from its parts, percentages."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import month_ordinal, parse_period
from data_loaders.batch import SICK_LEAVE_COLUMNS
from data_loaders.issues import PERCENT_MISMATCH, ZERO_AVTALTE
from data_loaders.numbers import parse_number, parse_numbers
from tests.conftest_loaders import Pct, csv_bytes, load, one, simple_csv, xlsx_bytes

PERIOD_SPELLINGS = [
    ("2025-03", "month", "2025-03"),
    ("03.2025", "month", "2025-03"),
    ("mars 2025", "month", "2025-03"),
    ("Mars 2025", "month", "2025-03"),
    ("mar. 2025", "month", "2025-03"),
    ("01.03.2025", "month", "2025-03"),
    ("2025-K1", "quarter", "2025-K1"),
    ("2025K1", "quarter", "2025-K1"),
    ("K1 2025", "quarter", "2025-K1"),
    ("1. kvartal 2025", "quarter", "2025-K1"),
    ("2025-T1", "tertial", "2025-T1"),
    ("T2 2025", "tertial", "2025-T2"),
    ("2. tertial 2025", "tertial", "2025-T2"),
    ("2025", "year", "2025"),
]


@pytest.mark.parametrize(("spelling", "kind", "label"), PERIOD_SPELLINGS)
def test_period_spellings_in_csv(spelling, kind, label):
    batch = load("p.csv", simple_csv([f"{spelling};Oppvekst;Skole;100;4"]))
    assert batch.periods == [label]
    assert batch.frame["period_kind"].tolist() == [kind]
    p = parse_period(label)
    assert batch.frame[["month_from", "month_to"]].iloc[0].tolist() == [p.first_month, p.last_month]


def test_period_as_excel_date_cells_and_numbers():
    rows = [
        ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"],
        [dt.datetime(2025, 3, 1), "A", 100, 4],
        [dt.datetime(2025, 4, 30), "A", 100, 4],  # month-end date: the month it falls in
        [2024, "A", 1000, 40],  # a year as a number cell
    ]
    batch = load("datoer.xlsx", xlsx_bytes(rows))
    assert batch.frame["period_kind"].tolist() == ["month", "month", "year"]
    assert batch.frame["month_from"].tolist() == [
        month_ordinal(2025, 3), month_ordinal(2025, 4), month_ordinal(2024, 1)
    ]  # fmt: skip


def test_excel_datetime_text_with_any_day_is_that_month():
    assert parse_period("2025-04-30 00:00:00").label == "2025-04"
    assert parse_period("2025-04-15 13:30:00").label == "2025-04"
    assert parse_period("2025-04-32 00:00:00") is None
    assert parse_period("2025-04-30") is None  # a bare day is not a period


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0), ("12,5", 12.5), ("12.5", 12.5), ("-3", -3.0), ("\u22123,5", -3.5),
        ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234", 1234.0),
        ("12\u00a0345\u00a0678,25", 12345678.25), ("1.234,5", 1234.5), ("1.234.567", 1234567.0),
        ("1,234.5", 1234.5), ("6,8 %", 6.8), ("6,8%", 6.8), ("0.068", 0.068), ("1.234", 1.234),
        ("  7 ", 7.0), ("1e3", 1000.0), (",5", 0.5),
    ],
)  # fmt: skip
def test_number_spellings(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["abc", "12,5x", "1,2,3", "nan", "inf", "-", "0x10", "1_000", "12 %%", "1.2.3,4,5"]
)
def test_not_numbers(text):
    assert parse_number(text) is None
    assert parse_numbers(pd.Series([text], dtype="str")).bad.tolist() == [True]


def test_blank_cells_are_blank_not_bad():
    n = parse_numbers(pd.Series(["", "  ", None, "\u00a0", "5"], dtype="str"))
    assert n.blank.tolist() == [True, True, True, True, False]
    assert not n.bad.any()
    assert np.isnan(n.values[:4]).all() and n.values[4] == 5


def norwegian(x: float, group: str, minus: str) -> str:
    text = f"{abs(x):,.2f}".replace(",", "G").replace(".", ",").replace("G", group)
    return (minus if x < 0 else "") + text


@given(
    x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    group=st.sampled_from([" ", "\u00a0", "\u202f", "", "."]),
    minus=st.sampled_from(["-", "\u2212"]),
    percent=st.sampled_from(["", "%", " %", "\u00a0%"]),
)
def test_norwegian_formatting_round_trips(x, group, minus, percent):
    text = norwegian(x, group, minus) + percent
    assert parse_number(text) == pytest.approx(round(x, 2), abs=1e-9)


@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=1, max_size=30))
def test_column_of_plain_and_comma_numbers(xs):
    cells = [repr(x) if i % 2 else repr(x).replace(".", ",") for i, x in enumerate(xs)]
    parsed = parse_numbers(pd.Series(cells, dtype="str"))
    assert parsed.values.tolist() == pytest.approx(xs)
    assert not parsed.bad.any()


def test_tapte_is_egen_plus_lege_when_no_total_column():
    header = ["Periode", "Enhet", "Avtalte dagsverk", "Egenmeldte dagsverk", "Legemeldte dagsverk"]
    batch = load("deler.csv", simple_csv(["2025-01;A;100;1,5;4", "2025-01;B;50;0;0"], header))
    f = batch.frame
    assert f["tapte"].tolist() == [5.5, 0.0]
    assert f["egenmeldt"].tolist() == [1.5, 0.0] and f["legemeldt"].tolist() == [4.0, 0.0]


def test_parts_within_tolerance_are_accepted():
    header = ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Egenmeldt", "Legemeldt"]
    batch = load(
        "avrunding.csv", simple_csv(["2025-01;A;100;5,04;1;4", "2025-01;B;100;5;;"], header)
    )
    assert batch.frame["tapte"].tolist() == [5.04, 5.0]
    assert math.isnan(batch.frame["egenmeldt"].iloc[1])


def test_persons_keep_decimals_and_are_nan_when_absent():
    header = ["Periode", "Enhet", "Antall personer", "Avtalte dagsverk", "Tapte dagsverk"]
    batch = load("pers.csv", simple_csv(["2025-01;A;12,5;100;4", "2025-01;B;;100;4"], header))
    persons = batch.frame["persons"].tolist()
    assert persons[0] == 12.5 and math.isnan(persons[1])
    assert load("uten.csv", simple_csv(["2025-01;S;A;100;4"])).frame["persons"].isna().all()


def test_frame_has_exactly_the_canonical_columns_and_types():
    header = ["Virksomhet", "Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]
    lines = ["  Nordvik  kommune ;2025-01; Oppvekst ;Skole\u00a0 A;100;4", ";2025-01;Helse;;50;1"]
    f = load("typer.csv", simple_csv(lines, header)).frame
    assert tuple(f.columns) == SICK_LEAVE_COLUMNS
    assert f["virksomhet"].iloc[0] == "Nordvik kommune" and pd.isna(f["virksomhet"].iloc[1])
    assert f["sektor"].tolist() == ["Oppvekst", "Helse"]
    assert f["enhet"].iloc[0] == "Skole A" and pd.isna(f["enhet"].iloc[1])  # sector-level row
    for col in ("month_from", "month_to", "source_row"):
        assert f[col].dtype == np.int64
    for col in ("persons", "avtalte", "tapte", "egenmeldt", "legemeldt"):
        assert f[col].dtype == np.float64
    assert list(f.index) == [0, 1]


def test_percentage_is_checked_not_used():
    header = ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Fravær i %"]
    lines = ["2025-01;A;200;13,6;6,8", "2025-01;B;200;13,6;0,068", "2025-01;C;200;13,6;7,5"]
    batch = load("pst.csv", simple_csv(lines, header))
    issue = one(batch.warnings, PERCENT_MISMATCH)
    assert (issue.row, issue.column) == (4, "Fravær i %")
    assert "7,50\u00a0%" in issue.text and "6,80\u00a0%" in issue.text
    assert batch.frame["tapte"].tolist() == [13.6] * 3


def test_percent_formatted_excel_cells_match():
    rows = [
        ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Sykefravær %"],
        ["2025-01", "A", 200, 13.6, Pct(0.068)],
        ["2025-01", "B", 300, 10, Pct(10 / 300)],
    ]
    assert load("pst.xlsx", xlsx_bytes(rows)).warnings == ()


def test_percentage_that_is_not_a_number_is_only_a_warning():
    header = ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Fravær %"]
    batch = load("maskert.csv", simple_csv(["2025-01;A;200;13,6;***"], header))
    issue = one(batch.warnings, PERCENT_MISMATCH)
    assert "«***» er ikke et tall" in issue.text
    assert len(batch.frame) == 1


def test_rows_with_nothing_agreed_and_nothing_lost_are_skipped():
    batch = load("null.csv", simple_csv(["2025-01;S;A;100;4", "2025-01;S;Nedlagt;0;0"]))
    assert batch.frame["enhet"].tolist() == ["A"]
    issue = one(batch.warnings, ZERO_AVTALTE)
    assert "rad 3" in issue.text


def test_distinct_periods_are_parsed_once():
    lines = [f"{m};S;Enhet {i};100;4" for i in range(300) for m in ("2025-01", "februar 2025")]
    batch = load("mange.csv", simple_csv(lines))
    assert len(batch.frame) == 600
    assert batch.periods == ["2025-01", "2025-02"]


def test_empty_rows_inside_the_table_are_skipped_silently():
    data = csv_bytes(
        [
            "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk",
            "2025-01;A;1;0",
            "",
            ";;;",
            "2025-01;B;1;0",
        ]
    )
    batch = load("hull.csv", data)
    assert batch.frame["source_row"].tolist() == [2, 5]
    assert batch.warnings == () and batch.rows_read == 2


def test_many_percent_mismatches_are_listed_up_to_twenty():
    header = ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Fravær %"]
    batch = load("pst.csv", simple_csv([f"2025-01;E{i};100;5;9" for i in range(25)], header))
    warnings = [w for w in batch.warnings if w.code == PERCENT_MISMATCH]
    assert len(warnings) == 21
    assert warnings[-1].text.startswith("… og 5 rader til")

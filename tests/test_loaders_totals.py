"""Totals and subtotals: recognised, dropped, listed, and checked against the rows kept."""

from __future__ import annotations

import pandas as pd
import pytest

from data_loaders.issues import NOTE_ROWS_SKIPPED, TOTALS_DROPPED, TOTALS_MISMATCH
from data_loaders.totals import is_marker, marker_mask, strip_marker
from tests.conftest_loaders import load, one, simple_csv, xlsx_bytes

HEADER = ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]


@pytest.mark.parametrize(
    ("text", "marker", "name"),
    [
        ("Sum", True, ""), ("SUM Oppvekst", True, "Oppvekst"), ("Sum: Helse", True, "Helse"),
        ("Totalt", True, ""), ("Total", True, ""), ("Samlet", True, ""), ("I alt", True, ""),
        ("i alt Oppvekst", True, "Oppvekst"), ("Oppvekst totalt", True, "Oppvekst"),
        ("Helse i alt", True, "Helse"), ("Summert skole", False, None), ("Sumpa barnehage", False, None),
        ("Totalen bhg", False, None), ("Skole A", False, None), ("Samletomta skole", False, None),
    ],
)  # fmt: skip
def test_marker_words(text, marker, name):
    assert is_marker(text) is marker
    if marker:
        assert strip_marker(text) == name


def test_marker_mask_handles_missing_cells():
    mask = marker_mask(pd.Series(["Sum", None, "Skole"], dtype="str"))
    assert mask.tolist() == [True, False, False]


def test_subtotals_and_grand_total_are_dropped_and_agree():
    lines = [
        "2025-01;Oppvekst;Skole A;100;4",
        "2025-01;Oppvekst;Skole B;200;6",
        "2025-01;Sum Oppvekst;;300;10",  # row 4
        "2025-01;Helse;Sykehjem;400;40",
        "2025-01;Helse;Sum;400;40",  # row 6: sector in its column, marker in enhet
        "Totalt;;;700;50",  # row 7
    ]
    batch = load("sum.csv", simple_csv(lines, HEADER))
    assert batch.dropped_rows == (4, 6, 7)
    assert batch.frame["source_row"].tolist() == [2, 3, 5]
    assert batch.rows_read == 6
    issue = one(batch.warnings, TOTALS_DROPPED)
    assert "3 sumrader" in issue.text and "rad 4, 6, 7" in issue.text
    assert TOTALS_MISMATCH not in {w.code for w in batch.warnings}


def test_grand_total_that_disagrees_is_a_warning_at_its_row():
    lines = ["2025-01;Oppvekst;Skole A;100;4", "2025-01;Helse;Sykehjem;400;40", "Totalt;;;600;44"]
    batch = load("feil-sum.csv", simple_csv(lines, HEADER))
    issue = one(batch.warnings, TOTALS_MISMATCH)
    assert (issue.row, issue.column) == (4, "Avtalte dagsverk")
    assert (
        "600 avtalte dagsverk" in issue.text and "500" in issue.text and "hele filen" in issue.text
    )
    assert len(batch.frame) == 2  # imported all the same


def test_subtotal_that_disagrees_names_its_sector_and_period():
    lines = [
        "2025-01;Oppvekst;Skole A;100;4",
        "2025-02;Oppvekst;Skole A;100;5",
        "2025-01;Sum Oppvekst;;100;9",  # row 4: tapte should be 4
        "2025-02;Sum Oppvekst;;100;5",
    ]
    batch = load("sektor.csv", simple_csv(lines, HEADER))
    issue = one(batch.warnings, TOTALS_MISMATCH)
    assert (issue.row, issue.column) == (4, "Tapte dagsverk")
    assert "Oppvekst, januar 2025" in issue.text and "9 tapte dagsverk" in issue.text


def test_rounding_within_half_a_dagsverk_is_fine():
    lines = ["2025-01;S;A;100,2;4,2", "2025-01;S;B;100,2;4,2", "Sum;;;200;8"]
    batch = load("avrundet.csv", simple_csv(lines, HEADER))
    assert TOTALS_MISMATCH not in {w.code for w in batch.warnings}


def test_rows_with_figures_but_no_unit_are_totals():
    lines = ["2025-01;S;A;100;4", "2025-01;S;B;100;6", "2025-01;;;200;10"]
    batch = load("uten-enhet.csv", simple_csv(lines, HEADER))
    assert batch.dropped_rows == (4,)
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED]


def test_per_period_totals_without_period_are_not_checked_against_everything():
    lines = [
        "2025-01;S;A;100;4",
        "Totalt;;;100;4",
        "2025-02;S;A;100;6",
        "Totalt;;;100;6",
    ]
    batch = load("blokker.csv", simple_csv(lines, HEADER))
    assert batch.dropped_rows == (3, 5)
    assert TOTALS_MISMATCH not in {w.code for w in batch.warnings}


def test_one_total_over_many_periods_is_checked():
    lines = ["2025-01;S;A;100;4", "2025-02;S;A;100;6", "Totalt;;;200;11"]
    batch = load("alle.csv", simple_csv(lines, HEADER))
    assert one(batch.warnings, TOTALS_MISMATCH).row == 4


def test_total_row_in_xlsx_with_period_marker():
    rows = [
        ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"],
        ["2025-K1", "Oppvekst", "Skole A", 300, 12],
        ["2025-K2", "Oppvekst", "Skole A", 300, 9],
        ["Sum 2025", "Oppvekst", "Skole A", 600, 21],
    ]
    batch = load("aar.xlsx", xlsx_bytes(rows, "Ark1"))
    assert batch.dropped_rows == (4,)
    assert TOTALS_MISMATCH not in {w.code for w in batch.warnings}


def test_notes_and_group_headings_are_skipped_with_a_warning():
    lines = [
        ";Oppvekst;;;",  # a group heading: a name, no period, no figures
        "2025-01;Oppvekst;Skole A;100;4",
        "Kilde: HR-systemet, hentet 01.02.2025;;;;",
    ]
    batch = load("merknad.csv", simple_csv(lines, HEADER))
    assert batch.frame["source_row"].tolist() == [3]
    issue = one(batch.warnings, NOTE_ROWS_SKIPPED)
    assert "2 rader" in issue.text and "rad 2, 4" in issue.text
    assert batch.dropped_rows == ()

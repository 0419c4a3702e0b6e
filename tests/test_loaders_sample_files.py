"""The committed sample exports of Nordvik kommune load cleanly, in their own dialects."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.periods import month_ordinal
from data_loaders.batch import SourceFile
from data_loaders.issues import TOTALS_DROPPED
from data_loaders.sick_leave import load_sick_leave

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
XLSX = "sykefravaer_2023-2024.xlsx"
MONTHS = "sykefravaer_2025-h1.csv"
QUARTERS = "sykefravaer_2025-k3-k4.csv"
UNITS = 40


def sample(name: str):
    path = SAMPLE / name
    if not path.exists():
        pytest.skip(f"{name} is not generated yet")
    return load_sick_leave(SourceFile(name, path.read_bytes()))


def test_xlsx_2023_2024():
    batch = sample(XLSX)
    assert (batch.sheet, batch.dialect, batch.header_row) == ("Sykefravær", "xlsx", 4)
    assert len(batch.periods) == 24 and batch.periods[0] == "2023-01"
    assert len(batch.frame) == 24 * UNITS
    assert batch.frame["source_row"].iloc[0] == 5
    assert batch.dropped_rows == (5 + 24 * UNITS,)  # the «Sum» row at the bottom
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED]  # the total and % agree
    assert batch.frame["egenmeldt"].notna().all()


def test_cp1252_months_with_sector_subtotals():
    batch = sample(MONTHS)
    assert (batch.sheet, batch.dialect, batch.header_row) == (None, "csv (;, Windows-1252)", 1)
    assert batch.periods == [f"2025-{m:02d}" for m in range(1, 7)]
    assert len(batch.frame) == 6 * UNITS
    assert len(batch.dropped_rows) == 6 * 5 + 1  # Sum <sektor> per month, and Totalt
    assert "tapte_dagsverk" not in batch.column_map
    f = batch.frame
    assert (f["tapte"] - (f["egenmeldt"] + f["legemeldt"])).abs().max() < 1e-9
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED]
    assert "Økonomi" in set(f["enhet"])  # no mojibake


def test_utf8_bom_quarters():
    batch = sample(QUARTERS)
    assert (batch.dialect, batch.header_row) == ("csv (;, UTF-8 med BOM)", 3)
    assert batch.periods == ["2025-K3", "2025-K4"]
    assert len(batch.frame) == 2 * UNITS
    assert batch.dropped_rows == () and batch.warnings == ()


def test_the_three_files_cover_three_years_without_overlap():
    batches = [sample(n) for n in (XLSX, MONTHS, QUARTERS)]
    months = set()
    units = []
    for b in batches:
        for a, z in b.frame[["month_from", "month_to"]].drop_duplicates().itertuples(index=False):
            covered = set(range(a, z + 1))
            assert not covered & months
            months |= covered
        units.append(set(b.frame[["sektor", "enhet"]].itertuples(index=False, name=None)))
    assert months == set(range(month_ordinal(2023, 1), month_ordinal(2025, 12) + 1))
    assert units[0] == units[1] == units[2] and len(units[0]) == UNITS

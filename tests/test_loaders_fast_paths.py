"""The fast paths of reading an upload give what the plain paths give (issue 8).

- The workbook scan (xml_scan.PartScan) reads references with numpy and falls back to the
  regular expressions when a reference is spelled unusually: both must give the same figures.
- Inside prepare() an upload is read once: kind detection and the loader share the sheets.
- A csv without quotes is parsed by Arrow, one with quotes by pandas: the same table either way.
"""

from __future__ import annotations

import fastexcel
import pandas as pd
import pytest

from data_loaders import csv_reader, raw, readers, xml_scan
from data_loaders.batch import SourceFile
from data_loaders.ingest import prepare
from store import open_database
from tests.conftest_loaders import HEADER, csv_bytes, xlsx_bytes

PIECES = [
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b"<row r='1048576'><c><v>1</v></c></row>",
    b'<row r="5"><c r = "ZZ999999" ><v>1</v></c></row>',
    b'<row\tr="5"><c\nr="zz9"/></row>',
    b'<c r="A00012"/><c r="b0"/>',
    b'<c r="ABCD12"/><c r="A123456789"/><c r="A"/>',
    b'<x:c r="C3"/><sst count="7" uniqueCount="4000000000">',
    b'<c r="a5"/><c r="Z6"/><row r="0"/>',
    b'<t> r=\'Q1\' r="" r="hello</t>',
    b'<!DOCTYPE x><c r="J200004" t="s"><v>3</v></c>',
]


def exact(piece: bytes) -> tuple:
    """The figures by the regular expressions alone."""
    scan = xml_scan.PartScan()
    scan._exact_refs(piece.translate(xml_scan._BLANKS))
    return scan.max_row, scan.max_col


@pytest.mark.parametrize("piece", PIECES)
def test_the_quick_reference_scan_agrees_with_the_regular_expressions(piece):
    scan = xml_scan.PartScan()
    scan.feed(piece)
    assert (scan.max_row, scan.max_col) == exact(piece)


def test_the_scan_counts_cells_dtds_and_counts():
    scan = xml_scan.PartScan()
    for piece in PIECES[-4:]:
        scan.feed(piece)
    assert scan.unsafe and scan.max_count == 4_000_000_000
    assert scan.cells == 4  # <c and <x:c in the last four pieces


def test_prepare_reads_a_workbook_once(tmp_path, monkeypatch):
    rows = [HEADER, ["2025-01", "Oppvekst", "Skole A", 100, 4]]
    calls = []
    real = fastexcel.read_excel
    monkeypatch.setattr(fastexcel, "read_excel", lambda data: calls.append(1) or real(data))
    db = open_database(tmp_path / "db.duckdb")
    batch = prepare(db, SourceFile("f.xlsx", xlsx_bytes(rows))).batch
    assert len(batch.frame) == 1 and len(calls) == 1
    with readers.read_once():  # nothing is kept after the block
        pass
    assert not raw.reading_once()


@pytest.mark.parametrize(
    "lines",
    [
        ["Periode;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", "2025-01;Helse;Sjukeheim;80;2"],
        ["Periode;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", '2025-01;"Helse";"A;B";"80";2'],
        ["Periode;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", "2025-01;Helse", "", "x;y;z"],
    ],
    ids=["plain", "quoted", "ragged"],
)
def test_csv_bodies_read_the_same_by_arrow_and_by_pandas(lines, monkeypatch):
    data = csv_bytes(lines)
    fast = csv_reader.csv_table("f.csv", data, lambda records: 0).cells
    monkeypatch.setattr(csv_reader, "_read_csv_arrow", _refuse)
    slow = csv_reader.csv_table("f.csv", data, lambda records: 0).cells
    pd.testing.assert_frame_equal(fast, slow)


def _refuse(*args):
    import pyarrow as pa

    raise pa.ArrowInvalid("pandas, please")

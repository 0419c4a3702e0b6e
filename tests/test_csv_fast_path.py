"""The pandas-free fast path for clean sick-leave csv files (data_loaders/csv_fast.py, csv_body.py).

Every file goes into two real DuckDB files: one through `ingest()` (fast path first) and one
through the full path forced (`write(db, prepare(db, source).batch)`). The outcome of each
step (ImportResult, LoadError messages, AlreadyImported) and afterwards every stored row and
the provenance must be the same. Clean files must actually take the fast path; everything
unusual must be left to the full path, which gives the messages.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from core.periods import MONTH, QUARTER, TERTIAL, YEAR, Period, weekdays_in_months
from data_loaders import csv_body, csv_fast
from data_loaders.batch import SourceFile
from data_loaders.ingest import AlreadyImported, LoadError, ingest, prepare, remember_mapping, write
from sample_data.generate import write_large_export
from store import open_database
from tests.conftest_loaders import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
HEADER = "Periode;Sektor;Enhet;Antall ansatte;Avtalte dagsverk;Tapte dagsverk"
ROWS = ["2025-01;Oppvekst;Solbakken skole;20;400;20", "2025-01;Helse;Fjordheim;15;300;30,5"]

# Every stored table an import writes to, compared whole (the clock columns left out).
TABLES = {
    "sick_leave": "SELECT * FROM sick_leave ORDER BY unit_id, month_from, source_row",
    "org_units": "SELECT * FROM org_units ORDER BY id",
    "imports": "SELECT * EXCLUDE (imported_at) FROM imports ORDER BY id",
    "import_replacements": "SELECT * FROM import_replacements ORDER BY ALL",
    "audit_log": "SELECT * EXCLUDE (logged_at) FROM audit_log ORDER BY id",
}


def outcome(run) -> tuple:
    """What one ingest gave: the result, or the exception and its messages."""
    try:
        return ("ok", run())
    except LoadError as err:
        return ("LoadError", [(i.code, i.message) for i in err.issues], err.found_headers)
    except AlreadyImported as err:
        return ("AlreadyImported", str(err))
    except Exception as err:  # the full path's own failures must stay the same too
        return (type(err).__name__, str(err))


class Pair:
    """The same files into two databases: ingest() and the full path forced."""

    def __init__(self, tmp_path: Path) -> None:
        self.fast = open_database(tmp_path / "fast.duckdb")
        self.full = open_database(tmp_path / "full.duckdb")

    def ingest(self, name: str, data: bytes, **kw) -> tuple:
        source = SourceFile(name, data)
        a = outcome(lambda: ingest(self.fast, source, user="tester", **kw))
        b = outcome(lambda: write(self.full, prepare(self.full, source, **kw).batch, "tester"))
        assert a == b, name
        return a

    def assert_same_tables(self) -> None:
        for table, sql in TABLES.items():
            assert self.fast.rows(sql) == self.full.rows(sql), table

    def close(self) -> None:
        self.fast.close()
        self.full.close()


@pytest.fixture
def pair(tmp_path):
    both = Pair(tmp_path)
    yield both
    both.close()


def export(tmp_path: Path, rows: int, seed: int = 7, units: int = 100) -> bytes:
    path = tmp_path / f"export_{rows}_{seed}_{units}.csv"
    write_large_export(path, rows, "csv", seed=seed, units=units)
    return path.read_bytes()


def handled(tmp_path: Path, name: str, data: bytes) -> bool:
    """Whether csv_fast takes the file by itself (into an empty database of its own)."""
    with open_database(tmp_path / f"probe_{len(list(tmp_path.iterdir()))}.duckdb") as db:
        return csv_fast.try_ingest(db, SourceFile(name, data), "tester") is not None


# --------------------------------------------------------------------------------------------
# Clean files: the fast path runs, and stores exactly what the full path stores
# --------------------------------------------------------------------------------------------
def test_sample_and_generated_exports_store_the_same(pair, tmp_path):
    first = export(tmp_path, 1_200)
    newer = export(tmp_path, 1_200, seed=8)  # the same months, other figures: replaces all
    quarters = (SAMPLES / "sykefravaer_2025-k3-k4.csv").read_bytes()
    months = (SAMPLES / "sykefravaer_2025-h1.csv").read_bytes()  # totals rows: full path
    for name, data in [("a.csv", first), ("k3k4.csv", quarters), ("h1.csv", months)]:
        assert pair.ingest(name, data)[0] == "ok"
    assert pair.ingest("a.csv", first)[0] == "AlreadyImported"
    result = pair.ingest("b.csv", newer)
    assert result[0] == "ok" and result[1].rows_replaced == 1_200
    assert pair.ingest("k3k4-again.csv", quarters)[0] == "AlreadyImported"
    pair.assert_same_tables()
    assert pair.fast.scalar("SELECT count(*) FROM import_replacements") == 1


def test_the_fast_path_takes_clean_files(tmp_path):
    assert handled(tmp_path, "a.csv", export(tmp_path, 300))
    assert handled(tmp_path, "k.csv", (SAMPLES / "sykefravaer_2025-k3-k4.csv").read_bytes())
    assert handled(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS]))


def test_the_fast_path_imports_no_pandas(tmp_path):
    path, newer = tmp_path / "clean.csv", tmp_path / "newer.csv"
    path.write_bytes(export(tmp_path, 600))
    newer.write_bytes(export(tmp_path, 600, seed=9))
    code = f"""
import json, sys
from pathlib import Path
from data_loaders import csv_body, csv_fast
from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from store import open_database
db = open_database({str(tmp_path / "child.duckdb")!r})
source = SourceFile("clean.csv", Path({str(path)!r}).read_bytes())
fast = csv_fast.try_ingest(db, source, "tester") is not None
again = ingest(db, SourceFile("newer.csv", Path({str(newer)!r}).read_bytes()), user="tester")
print(json.dumps([fast, again.rows_written, "pandas" in sys.modules, "pyarrow" in sys.modules]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    fast, rows, pandas, pyarrow = json.loads(out.stdout.strip().splitlines()[-1])
    assert fast and rows == 600
    assert not pandas and not pyarrow


def test_units_placed_by_an_earlier_file_are_found_the_same_way(pair):
    pair.ingest("full.csv", csv_bytes([HEADER, *ROWS]))
    enhet_only = csv_bytes(
        [
            "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk",
            "2025-02;Solbakken skole;410;12",
            "2025-02;Ny enhet;100;1",
        ]
    )
    assert pair.ingest("enhet.csv", enhet_only)[0] == "ok"
    with_virksomhet = csv_bytes(
        ["Kommune;Sektor;Enhet;Måned;Mulige dagsverk;Egenmeldt;Legemeldt",
         "Nordvik;Oppvekst;Solbakken skole;mars 2025;400;2;3,5"]
    )  # fmt: skip
    assert pair.ingest("virksomhet.csv", with_virksomhet)[0] == "ok"
    pair.assert_same_tables()


# --------------------------------------------------------------------------------------------
# Unusual files: the same outcome either way, and (mostly) the fast path stays out of it
# --------------------------------------------------------------------------------------------
def _lines(*body: str, header: str = HEADER) -> list[str]:
    return [header, *body]


DEFERRED = {
    "decimal_error": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;300;30,5x")),
    "unknown_period": csv_bytes(_lines(ROWS[0], "Q7 2025;Helse;Fjordheim;15;300;3")),
    "no_unit": csv_bytes(_lines(ROWS[0], "2025-01;;;15;300;3")),
    "missing_column": csv_bytes(["Periode;Sektor;Enhet;Tapte dagsverk", "2025-01;A;B;3"]),
    "needs_mapping": csv_bytes(["Tid;Sted;Dager;Borte", "2025-01;Skole;400;20"]),
    "totals_row": csv_bytes(_lines(*ROWS, "2025-01;Sum Helse;;;300;30,5", "Totalt;;;;700;50,5")),
    "title_rows_and_totals": csv_bytes(
        ["Sykefravær 2025", "", *_lines(*ROWS, "Totalt;;;;700;50,5")]
    ),
    "percent_warning": csv_bytes([HEADER + ";Fravær %", ROWS[0] + ";5,0", ROWS[1] + ";99"]),
    "zero_row": csv_bytes(_lines(*ROWS, "2025-01;Helse;Tom;0;0;0")),
    "tapte_over_avtalte": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;300;301")),
    "negative": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;-300;3")),
    "infinite": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;inf;3")),
    "underscore_number": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;1_000;3")),
    "plus_minus": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;+-0;0")),
    "duplicate": csv_bytes(_lines(*ROWS, ROWS[0])),
    "overlap": csv_bytes(_lines(*ROWS, "2025-K1;Oppvekst;Solbakken skole;20;1200;60")),
    "two_spellings": csv_bytes(_lines(ROWS[0], "januar 2025;Helse;Fjordheim;15;300;3")),
    "quotes": csv_bytes(_lines(ROWS[0], '2025-01;"Helse";Fjordheim;15;300;3')),
    "quoted_decimal": csv_bytes([HEADER.replace(";", ","), '2025-01,Oppvekst,Skole,20,400,"20,5"']),
    "comma_decimal_unquoted": csv_bytes(
        [HEADER.replace(";", ","), "2025-01,Oppvekst,Skole,20,400,20,5"]
    ),
    "blank_line_in_body": csv_bytes(_lines(ROWS[0], "", ROWS[1])),
    "short_line": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;300")),
    "wide_line": csv_bytes(_lines(ROWS[0], ROWS[1] + ";7")),
    "lone_cr": csv_bytes(_lines(*ROWS), newline="\r"),
    "mixed_line_ends": (HEADER + "\r\n" + ROWS[0] + "\n" + ROWS[1] + "\r\n").encode(),
    "year_and_month_columns": csv_bytes(
        ["År;Måned;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", "2025;1;A;B;400;20"]
    ),
    "two_spaces_in_name": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjord  heim;15;300;3")),
    "space_around_name": csv_bytes(_lines(ROWS[0], "2025-01;Helse; Fjordheim ;15;300;3")),
    "c1_in_unread_column_cp1252": csv_bytes(  # DuckDB's Latin-1 refuses 0x80-0x9f anywhere
        [HEADER + ";Merknad", "2025-01;Helse;Fjordheim;15;300;3;€ – note"], "cp1252"
    ),
    "c1_character_cp1252": csv_bytes(_lines("2025-01;Helse;Fjordheim – nord;15;300;3"), "cp1252"),
    "mac_roman": csv_bytes(_lines("2025-01;Helse;Fj¿rdheim;15;300;3"), "cp1252"),
    "utf16": csv_bytes(_lines(*ROWS), "utf-16"),
    "empty": b"",
    "header_only": csv_bytes([HEADER]),
    "only_zero_rows": csv_bytes(_lines("2025-01;Helse;Fjordheim;15;0;0")),
    "avvik_csv": (SAMPLES / "avvik_2025_eksport.csv").read_bytes(),
    "xlsx_workbook": (SAMPLES / "sykefravaer_2023-2024.xlsx").read_bytes(),
}

HANDLED = {
    "cp1252_aeoeaa": csv_bytes(_lines("2025-01;Helse;Ærøy å Østby;15;300;3"), "cp1252"),
    "utf8_bom": csv_bytes(_lines(*ROWS, "2025-01;Helse;Åsheim;1;2;0"), bom=True),
    "title_rows": csv_bytes(["Sykefravær 2025", "Nordvik kommune", "", *_lines(*ROWS)]),
    "sep_line": csv_bytes(["sep=;", *_lines(*ROWS)]),
    "lf_and_no_last_newline": "\n".join(_lines(*ROWS)).encode(),
    "tab_delimited": csv_bytes([r.replace(";", "\t") for r in _lines(*ROWS)]),
    "point_decimals": csv_bytes(_lines(ROWS[0], "2025-01;Helse;Fjordheim;15;300.25;3.5")),
    "grouped_and_percent": csv_bytes(
        [HEADER + ";Fravær %", "2025-K1;Helse;Fjordheim;15;1\u00a0200,0;60,0;5,0 %"]
    ),
    "egen_and_lege_only": csv_bytes(
        [
            "Periode;Sektor;Enhet;Egenmeldte dagsverk;Legemeldte dagsverk;Avtalte dagsverk",
            "2025-T1;Helse;Fjordheim;2,5;10;400",
            "2025-T1;Helse;Sjøbu;0;0;40",
        ]
    ),  # fmt: skip
    "all_three_agree": csv_bytes(
        [
            "Periode;Enhet;Egenmeldt;Legemeldt;Tapte dagsverk;Avtalte dagsverk;Fravær %",
            "2025;Fjordheim;2,5;10;12,54;400;3,1",
            "2025;Sjøbu;;;4;40;0,1",
        ]
    ),  # fmt: skip
}


@pytest.mark.parametrize("case", sorted(DEFERRED))
def test_unusual_files_are_left_to_the_full_path(case, pair, tmp_path):
    data = DEFERRED[case]
    assert not handled(tmp_path, f"{case}.csv", data)
    pair.ingest(f"{case}.csv", data)
    pair.assert_same_tables()


@pytest.mark.parametrize("case", sorted(HANDLED))
def test_unusual_but_certain_files_go_fast_and_store_the_same(case, pair, tmp_path):
    data = HANDLED[case]
    assert handled(tmp_path, f"{case}.csv", data)
    assert pair.ingest(f"{case}.csv", data)[0] == "ok"
    assert pair.ingest(f"{case}.csv", data)[0] == "AlreadyImported"
    pair.assert_same_tables()


def test_a_saved_mapping_and_an_explicit_one_take_the_full_path(pair):
    data = DEFERRED["needs_mapping"]
    assert pair.ingest("m.csv", data)[0] == "LoadError"
    mapping = {"periode": "Tid", "enhet": "Sted", "avtalte_dagsverk": "Dager",
               "tapte_dagsverk": "Borte"}  # fmt: skip
    for db in (pair.fast, pair.full):
        remember_mapping(db, "sykefravaer", ("Tid", "Sted", "Dager", "Borte"), mapping, "tester")
    assert pair.ingest("m.csv", data)[0] == "ok"
    other = csv_bytes(["Tid;Sted;Dager;Borte", "2025-02;Skole;400;20"])
    assert pair.ingest("n.csv", other, mapping=mapping, kind="sykefravaer")[0] == "ok"
    assert pair.ingest("s.csv", csv_bytes([HEADER, *ROWS]), kind="sykefravaer")[0] == "ok"
    pair.assert_same_tables()


# Spellings of a number: DuckDB's own number reader and the loader must agree on every one the
# fast path lets through (the rest it leaves to the loader).
SPELLINGS = [
    " 12", "12 ", "\t12", "+12", "-0", "1e3", "1E+3", "1,5e2", "inf", "nan", "Infinity", "1_000",
    "1.5", "1.234,5", ",5", "5,", "0x10", "１２", "1 234", "1\u00a0234,5", "1,234", "1,2,3",
    "12%", "6,7 %", "007", "1.", ".5", "1e", "+-1", "99999999999999999999999", "1e400", "1e-400",
    "3,14159265358979323846", "\u22121", "TRUE", " ", "0,1", "1 000 000,25",
]  # fmt: skip


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_number_spellings_give_the_same_outcome(spelling, pair):
    data = csv_bytes(_lines(f"2025-01;Helse;Fjordheim;15;{spelling};0"))
    pair.ingest("n.csv", data)
    pair.assert_same_tables()


def test_many_decimals_are_read_to_the_same_doubles(pair):
    rng = random.Random(11)
    rows = []
    for i in range(2_000):
        avtalte = f"{rng.randint(1, 99_999)},{rng.randint(0, 10 ** rng.randint(1, 9))}"
        rows.append(f"2025-01;Helse;Enhet {i};{rng.randint(1, 80)};{avtalte};0,{i % 10}")
    assert pair.ingest("many.csv", csv_bytes(_lines(*rows)))[0] == "ok"
    pair.assert_same_tables()


# --------------------------------------------------------------------------------------------
# What the fast path keeps in step with
# --------------------------------------------------------------------------------------------
def test_constants_match_the_loader():
    from data_loaders import kinds, validation

    assert csv_body.PARTS_TOLERANCE == validation.PARTS_TOLERANCE
    assert csv_body.PERCENT_TOLERANCE == validation.PERCENT_TOLERANCE
    assert tuple(kinds.LOADERS) == csv_fast.DETECTION_ORDER


def test_weekdays_match_numpys_business_days():
    """core.periods counts weekdays in plain Python (the fast path loads no numpy); numpy's
    busday_count, which it replaced, gives the same for every period 1990-2100."""
    import datetime as dt

    import numpy as np

    from core.periods import ordinal_to_year_month

    for year in range(1990, 2101):
        for kind, count in ((MONTH, 12), (QUARTER, 4), (TERTIAL, 3), (YEAR, 1)):
            for index in range(1, count + 1):
                p = Period(kind, year, index)
                start = dt.date(*ordinal_to_year_month(p.first_month), 1)
                end = dt.date(*ordinal_to_year_month(p.last_month + 1), 1)
                expected = int(np.busday_count(start, end))
                assert weekdays_in_months(p.first_month, p.last_month) == expected, p

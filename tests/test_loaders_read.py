"""Reading every dialect: xlsx with titles, dates and totals; csv in the encodings and
delimiters Norwegian PCs produce. Row numbers are the ones Excel shows."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from data_loaders.batch import SICK_LEAVE_COLUMNS
from data_loaders.issues import NOT_A_NUMBER, TOTALS_DROPPED
from tests.conftest_loaders import Formula, Pct, csv_bytes, load, load_error, one, xlsx_bytes

XLSX_ROWS = [
    ["Sykefraværsrapport Nordvik kommune"],
    ["Utvalg: alle enheter, januar–februar 2024"],
    [],
    ["Periode", "Sektor", "Enhet", "Antall ansatte", "Avtalte dagsverk", "Tapte dagsverk",
     "Sykefravær %", "Barns sykdom"],
    [dt.datetime(2024, 1, 1), "Oppvekst", "Skole A", 40, 800.5, 54.4, Pct(0.068), 7],
    [dt.datetime(2024, 1, 1), "Helse", "Sykehjem", 60, 1200, Formula("=1200*0.1", 120), Pct(0.1), 3],
    [dt.datetime(2024, 2, 1), "Oppvekst", "Skole A", 40, 760, 38, Pct(0.05), 0],
    [dt.datetime(2024, 2, 1), "Helse", "Sykehjem", 61, 1140, 91.2, Pct(0.08), 2],
    ["Totalt", None, None, None, 3900.5, 303.6, None, 12],
]  # fmt: skip


def test_xlsx_with_titles_dates_percent_cells_and_totals():
    batch = load("rapport.xlsx", xlsx_bytes(XLSX_ROWS, "Sykefravær"))
    assert batch.kind == "sykefravaer"
    assert (batch.sheet, batch.dialect, batch.header_row) == ("Sykefravær", "xlsx", 4)
    assert batch.rows_read == 5
    assert batch.dropped_rows == (9,)
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED]  # totals and % agree
    f = batch.frame
    assert tuple(f.columns) == SICK_LEAVE_COLUMNS
    assert f["source_row"].tolist() == [5, 6, 7, 8]
    assert batch.periods == ["2024-01", "2024-02"]
    assert f["period_kind"].tolist() == ["month"] * 4
    assert f["avtalte"].tolist() == [800.5, 1200, 760, 1140]
    assert f["tapte"].tolist() == [54.4, 120, 38, 91.2]
    assert f["persons"].tolist() == [40, 60, 40, 61]
    assert f["egenmeldt"].isna().all() and f["legemeldt"].isna().all()
    assert f["virksomhet"].isna().all()
    assert f["enhet"].tolist() == ["Skole A", "Sykehjem", "Skole A", "Sykehjem"]
    assert "Barns sykdom" not in batch.column_map.values()
    assert batch.column_map["sykefravaer_prosent"] == "Sykefravær %"
    assert batch.sha256 and batch.file_name == "rapport.xlsx"


def test_xlsx_row_numbers_are_excels_with_title_rows_and_empty_first_column():
    rows = [r[:] for r in XLSX_ROWS]
    rows[6][4] = "7x6"  # Excel row 7
    data = xlsx_bytes(rows, "Sykefravær", first_col=1)  # table starts in column B
    issue = one(load_error("rapport.xlsx", data), NOT_A_NUMBER)
    assert (issue.row, issue.column, issue.sheet) == (7, "Avtalte dagsverk", "Sykefravær")
    assert issue.message == (
        "rapport.xlsx, ark «Sykefravær», rad 7, kolonne «Avtalte dagsverk»: «7x6» er ikke et tall."
    )


def test_xlsx_skips_hidden_sheets_and_sheets_without_a_header():
    data = xlsx_bytes(
        XLSX_ROWS,
        "Data",
        before=[
            ("Skjult", [["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]], True),
            ("Forside", [["Sykefravær 2024"], ["Laget av HR"]], False),
        ],
    )
    batch = load("flere-ark.xlsx", data)
    assert batch.sheet == "Data"
    assert len(batch.frame) == 4


CP1252_LINES = [
    "Sykefravær per avdeling;;;;",
    "Periode;Tjenesteområde;Avdeling;Mulige dagsverk;Fraværsdagsverk",
    "mars 2025;Oppvekst;Skjærgården barnehage;1 234,5;80,25",
    "mars 2025;Helse og omsorg;Åsen sykehjem;2345,0;150",
    "april 2025;Oppvekst;Skjærgården barnehage;1200;60,5",
]


def test_cp1252_semicolon_decimal_comma_csv():
    batch = load("eksport.csv", csv_bytes(CP1252_LINES, "cp1252"))
    assert batch.dialect == "csv (;, Windows-1252)"
    assert batch.sheet is None
    assert batch.header_row == 2
    f = batch.frame
    assert f["enhet"].tolist() == [
        "Skjærgården barnehage",
        "Åsen sykehjem",
        "Skjærgården barnehage",
    ]
    assert f["avtalte"].tolist() == [1234.5, 2345.0, 1200.0]
    assert f["tapte"].tolist() == [80.25, 150.0, 60.5]
    assert f["source_row"].tolist() == [3, 4, 5]
    assert batch.periods == ["2025-03", "2025-04"]
    assert not any("Ã" in str(v) for v in f["enhet"])


def test_utf8_bom_csv_with_thousands_separators_quarters_and_percent_cells():
    lines = [
        "Sykefravær per kvartal",
        "Nordvik kommune, 2024",
        "Kvartal;Område;Org.enhet;Ansatte;Avtalte dagsverk;Tapte dagsverk;Sykefraværsprosent",
        "1. kvartal 2024;Oppvekst;Skole A;120;12\u00a0345,0;839,5;6,8 %",
        "1. kvartal 2024;Oppvekst;Skole B;8;1 000;50;5,0 %",
        "2. kvartal 2024;Oppvekst;Skole A;118;12\u202f000,5;600;5,0\u00a0%",
    ]
    batch = load("kvartal.csv", csv_bytes(lines, "utf-8", bom=True, newline="\n"))
    assert batch.dialect == "csv (;, UTF-8 med BOM)"
    assert batch.header_row == 3
    assert batch.frame["avtalte"].tolist() == [12345.0, 1000.0, 12000.5]
    assert batch.frame["source_row"].tolist() == [4, 5, 6]
    assert batch.periods == ["2024-K1", "2024-K2"]
    assert batch.frame["period_kind"].unique().tolist() == ["quarter"]
    assert batch.warnings == ()  # 839,5 / 12 345 = 6,8 %


def test_csv_row_numbers_count_title_and_blank_lines():
    lines = ["Sykefravær", "", "Utvalg: alle", *CP1252_LINES[1:]]
    lines[4] = "mars 2025;Oppvekst;Skjærgården barnehage;12,5x;80,25"  # Excel row 5
    issue = one(load_error("eksport.csv", csv_bytes(lines, "cp1252")), NOT_A_NUMBER)
    assert (issue.row, issue.column, issue.sheet) == (5, "Mulige dagsverk", None)
    assert (
        issue.message == "eksport.csv, rad 5, kolonne «Mulige dagsverk»: «12,5x» er ikke et tall."
    )


def test_utf8_comma_delimited_csv_with_quoted_decimal_commas():
    lines = [
        "Periode,Enhet,Avtalte dagsverk,Tapte dagsverk",
        '2025-01,"Skole A, avd. 1","100,5","4,5"',
        "2025-01,Skole B,200,10",
    ]
    batch = load("komma.csv", csv_bytes(lines))
    assert batch.dialect == "csv (,, UTF-8)"
    assert batch.frame["enhet"].tolist() == ["Skole A, avd. 1", "Skole B"]
    assert batch.frame["avtalte"].tolist() == [100.5, 200]


def test_tab_and_pipe_delimiters():
    for delim, label in (("\t", "tab"), ("|", "|")):
        lines = [
            delim.join(["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]),
            delim.join(["2025-K1", "Skole A", "100,5", "4,5"]),
        ]
        batch = load("fil.txt", csv_bytes(lines))
        assert batch.dialect == f"csv ({label}, UTF-8)"
        assert batch.frame["tapte"].tolist() == [4.5]


def test_utf16_unicode_text_from_excel():
    text = "Periode\tEnhet\tAvtalte dagsverk\tTapte dagsverk\r\n2025-02\tØvre skole\t100\t5\r\n"
    batch = load("unicode.txt", text.encode("utf-16"))
    assert batch.dialect == "csv (tab, UTF-16)"
    assert batch.frame["enhet"].tolist() == ["Øvre skole"]


def test_excel_sep_hint_line_is_not_a_row():
    lines = ["sep=;", "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk", "2025-02;Skole;100;oops"]
    issue = one(load_error("hint.csv", csv_bytes(lines)), NOT_A_NUMBER)
    assert issue.row == 2  # Excel hides the sep= line


def test_format_comes_from_bytes_not_name():
    xlsx = xlsx_bytes(XLSX_ROWS)
    assert load("feil-endelse.csv", xlsx).dialect == "xlsx"
    assert load("feil-endelse.xlsx", csv_bytes(CP1252_LINES, "cp1252")).dialect.startswith("csv")


def test_quoted_line_break_in_a_cell_counts_as_one_row():
    lines = [
        "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk",
        '2025-01;"Skole A\nny linje";100;4',
        "2025-01;Skole B;100;x",
    ]
    issue = one(load_error("linjeskift.csv", csv_bytes(lines, newline="\n")), NOT_A_NUMBER)
    assert issue.row == 3


def test_trailing_delimiters_and_crlf_are_harmless():
    lines = ["Periode;Enhet;Avtalte dagsverk;Tapte dagsverk;", "2025-01;Skole;100;4;", ";;;;"]
    batch = load("semikolon.csv", csv_bytes(lines))
    assert len(batch.frame) == 1 and batch.rows_read == 1
    assert math.isclose(batch.frame["tapte"].iloc[0], 4)
    assert batch.frame["month_from"].dtype == np.int64

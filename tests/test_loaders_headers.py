"""Header row detection, the synonym table, manual mappings and header signatures."""

from __future__ import annotations

import csv

import pytest

from data_loaders.headers import (
    COLUMN_MAPS,
    YEAR_FIELD,
    HeaderMatcher,
    header_signature,
    normalise_header,
    synonym_table,
)
from data_loaders.issues import AMBIGUOUS_COLUMN, MISSING_COLUMN, NO_HEADER
from tests.conftest_loaders import csv_bytes, load, load_error, one, xlsx_bytes

CANONICAL = {
    "periode": "Periode",
    "sektor": "Sektor",
    "enhet": "Enhet",
    "avtalte_dagsverk": "Avtalte dagsverk",
    "tapte_dagsverk": "Tapte dagsverk",
}
VALUES = {
    "periode": "2025-01",
    "virksomhet": "Nordvik kommune",
    "sektor": "Oppvekst",
    "enhet": "Skole A",
    "antall_personer": "12",
    "avtalte_dagsverk": "200",
    "tapte_dagsverk": "10",
    "egenmeldt_dagsverk": "4",
    "legemeldt_dagsverk": "6",
    "sykefravaer_prosent": "5,0",
}


def test_column_map_file_has_one_row_per_header():
    with (COLUMN_MAPS / "sick_leave.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["field"] for r in rows} == set(VALUES)
    assert len({normalise_header(r["header"]) for r in rows}) == len(rows)


@pytest.mark.parametrize(("field", "header"), synonym_table())
def test_every_synonym_is_recognised(field, header):
    columns = dict(CANONICAL)
    if field in ("egenmeldt_dagsverk", "legemeldt_dagsverk"):
        columns.update(egenmeldt_dagsverk="Egenmeldt", legemeldt_dagsverk="Legemeldt")
    columns[field] = header
    names = list(columns)
    data = csv_bytes([";".join(columns[n] for n in names), ";".join(VALUES[n] for n in names)])
    batch = load("synonym.csv", data)
    assert batch.column_map[field] == header
    assert len(batch.frame) == 1


@pytest.mark.parametrize(
    "header",
    ["avtalte dagsverk", "AVTALTE DAGSVERK", "  Avtalte   dagsverk ", "Avtalte\u00a0dagsverk",
     "Avtalte dagsverk:", "Avtalte\ndagsverk"],
)  # fmt: skip
def test_headers_ignore_case_whitespace_nbsp_and_colon(header):
    rows = [["Periode", "Enhet", header, "Tapte dagsverk"], ["2025-01", "Skole", 100, 4]]
    batch = load("rart.xlsx", xlsx_bytes(rows))
    assert batch.column_map["avtalte_dagsverk"] == header.strip()
    assert batch.frame["avtalte"].tolist() == [100]


def test_barns_sykdom_and_unknown_columns_are_ignored():
    rows = [
        ["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk", "Barns sykdom", "Kommentar"],
        ["2025-01", "Skole", 100, 4, 9, "ok"],
    ]
    batch = load("barn.xlsx", xlsx_bytes(rows))
    assert set(batch.column_map) == {"periode", "enhet", "avtalte_dagsverk", "tapte_dagsverk"}
    assert batch.frame["tapte"].tolist() == [4]


def test_mapping_for_unknown_headers():
    data = csv_bytes(["Mnd.;Avd;Dagsverk mulig;Dagsverk tapt", "2025-03;Skole;100;4"])
    err = load_error("eget.csv", data)
    assert err.codes == {NO_HEADER}
    assert err.found_headers == ("Mnd.", "Avd", "Dagsverk mulig", "Dagsverk tapt")
    mapping = {
        "periode": "Mnd.",
        "enhet": "Avd",
        "avtalte_dagsverk": "Dagsverk mulig",
        "tapte_dagsverk": "Dagsverk tapt",
    }
    batch = load("eget.csv", data, mapping)
    assert batch.column_map == mapping
    assert batch.frame["tapte"].tolist() == [4]
    assert batch.periods == ["2025-03"]


def test_mapping_overrides_a_synonym():
    lines = ["Periode;Enhet;Avtalte dagsverk;Tapte dagsverk;Totalt fravær", "2025-01;Skole;100;4;6"]
    batch = load("overstyr.csv", csv_bytes(lines), {"tapte_dagsverk": "totalt FRAVÆR"})
    assert batch.column_map["tapte_dagsverk"] == "Totalt fravær"
    assert batch.frame["tapte"].tolist() == [6]


def test_mapping_naming_a_header_that_is_not_there():
    lines = ["Periode;Enhet;Avtalte dagsverk;Tapte dagsverk", "2025-01;Skole;100;4"]
    err = load_error("borte.csv", csv_bytes(lines), {"tapte_dagsverk": "Fravær totalt"})
    issue = one(err, MISSING_COLUMN)
    assert "«Fravær totalt»" in issue.text and "tapte dagsverk" in issue.text
    assert issue.row == 1


def test_mapping_with_an_unknown_field_is_a_programming_error():
    with pytest.raises(ValueError, match="ukjente felt"):
        HeaderMatcher({"tapte": "Tapte dagsverk"})


def test_missing_required_columns_list_the_found_headers():
    rows = [
        ["Sykefravær 2025"],
        [],
        ["Periode", "Enhet", "Antall ansatte", "Fraværstimer", "Barns sykdom"],
        ["2025-01", "Skole", 10, 12, 1],
    ]
    err = load_error("timer.xlsx", xlsx_bytes(rows, "Eksport"))
    assert err.codes == {MISSING_COLUMN}
    assert err.found_headers == (
        "Periode",
        "Enhet",
        "Antall ansatte",
        "Fraværstimer",
        "Barns sykdom",
    )
    texts = [i.text for i in err.issues]
    assert any("avtalte dagsverk" in t and "Mulige dagsverk" in t for t in texts)
    assert any(t.startswith("Fant ingen kolonne for tapte dagsverk") for t in texts)
    for issue in err.issues:
        assert (issue.file, issue.sheet, issue.row) == ("timer.xlsx", "Eksport", 3)
        assert (
            "Overskriftsraden (rad 3) har disse kolonnene: «Periode», «Enhet», «Antall ansatte», «Fraværstimer», «Barns sykdom»"
            in issue.text
        )
    assert issue.message.startswith("timer.xlsx, ark «Eksport», rad 3: Fant ingen kolonne")


def test_enhet_or_sektor_and_tapte_or_both_parts_are_required():
    lines = ["Periode;Virksomhet;Avtalte dagsverk;Egenmeldt", "2025-01;Nordvik;100;4"]
    err = load_error("deler.csv", csv_bytes(lines))
    texts = " | ".join(i.text for i in err.issues)
    assert "enhet eller sektor" in texts
    assert "eller både egenmeldte og legemeldte dagsverk" in texts


def test_two_columns_for_one_field_are_ambiguous():
    lines = ["Periode;Enhet;Avdeling;Avtalte dagsverk;Tapte dagsverk", "2025-01;A;B;100;4"]
    err = load_error("dobbel.csv", csv_bytes(lines))
    issue = one(err, AMBIGUOUS_COLUMN)
    assert "«Enhet» og «Avdeling»" in issue.text and "enhet" in issue.text
    assert err.found_headers == (
        "Periode",
        "Enhet",
        "Avdeling",
        "Avtalte dagsverk",
        "Tapte dagsverk",
    )
    # ... which a mapping settles
    batch = load("dobbel.csv", csv_bytes(lines), {"enhet": "Avdeling"})
    assert batch.frame["enhet"].tolist() == ["B"]


def test_year_and_quarter_columns_make_one_period():
    lines = [
        "År;Kvartal;Enhet;Avtalte dagsverk;Tapte dagsverk",
        "2024;1;Skole;100;4",
        "2024;K2;Skole;100;4",
        "2024;3. kvartal;Skole;100;4",
        "2024;2024-K4;Skole;100;4",
    ]
    batch = load("aar.csv", csv_bytes(lines))
    assert batch.periods == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]
    assert batch.column_map["periode"] == "Kvartal"
    assert batch.column_map[YEAR_FIELD] == "År"


def test_year_and_month_columns_make_one_period():
    lines = [
        "År;Måned;Enhet;Avtalte dagsverk;Tapte dagsverk",
        "2024;3;Skole;100;4",
        "2024;april;Skole;90;4",
    ]
    assert load("mnd.csv", csv_bytes(lines)).periods == ["2024-03", "2024-04"]


def test_header_must_be_within_the_first_30_rows():
    rows = [[f"Merknad {i}"] for i in range(30)]
    rows += [["Periode", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"], ["2025-01", "A", 1, 0]]
    err = load_error("langt-ned.xlsx", xlsx_bytes(rows, "Ark1"))
    issue = one(err, NO_HEADER)
    assert "de første 30 radene" in issue.text and issue.sheet == "Ark1"
    rows = rows[1:]  # header now on row 30
    assert load("langt-ned.xlsx", xlsx_bytes(rows)).header_row == 30


def test_header_needs_three_known_cells():
    matcher = HeaderMatcher()
    assert (
        matcher.header_at([["Periode", "Enhet"], ["periode", "x", "ENHET", "Tapte dagsverk"]]) == 1
    )
    assert matcher.header_at([["Periode: 2025", "Enhet: alle", "Avtalte dagsverk 2025"]]) is None


def test_header_signature_is_stable():
    a = header_signature(["Periode", "Enhet", "Avtalte dagsverk", None, ""])
    b = header_signature(["  PERIODE:", "enhet", "Avtalte\u00a0 dagsverk"])
    c = header_signature(["Periode", "Avtalte dagsverk", "Enhet"])
    assert a == b != c
    assert len(a) == 16 and int(a, 16) >= 0
    assert header_signature(("Mnd.", "Avd")) == header_signature(["Mnd.", "Avd"])

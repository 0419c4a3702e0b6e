"""The safety-round (vernerunde) loader: findings with sannsynlighet × konsekvens, rounds
without findings, and every bad input reported with its code, file, sheet, Excel row and
column header."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_loaders.batch import SAFETY_ROUND_COLUMNS, SourceFile
from data_loaders.issues import (
    CLOSED_BEFORE_REGISTERED,
    MISSING_COLUMN,
    MISSING_VALUE,
    NOT_A_NUMBER,
    OUT_OF_RANGE,
    RISK_MISMATCH,
    STATUS_ASSUMED,
    UNKNOWN_DATE,
    UNKNOWN_STATUS,
    LoadError,
)
from data_loaders.safety_rounds import load_safety_rounds
from tests.conftest_loaders import csv_bytes, one, xlsx_bytes

HEADER = ["Dato", "Sektor", "Enhet", "Deltakere", "Funn", "Sannsynlighet", "Konsekvens",
          "Risiko", "Tiltak", "Ansvarlig", "Frist", "Status", "Lukket dato"]  # fmt: skip
TITLE = [["Vernerunder 2025"], ["Nordvik kommune"], []]
MARCH4 = pd.Timestamp("2025-03-04")


def finding(**values: object) -> list[object]:
    """One row under HEADER: a good open finding unless told otherwise."""
    row = dict(zip(HEADER, ["04.03.2025", "Oppvekst", "Skole A", "Rektor, verneombud",
                            "Løs ledning i gangen", 3, 4, 12, "Feste ledningen", "Vaktmester",
                            "01.04.2025", "Åpen", None], strict=True))  # fmt: skip
    row.update({k.replace("_", " "): v for k, v in values.items()})
    return [row[h] for h in HEADER]


def nothing_found(**values: object) -> list[object]:
    """A round without findings."""
    blank = dict.fromkeys(["Funn", "Sannsynlighet", "Konsekvens", "Risiko", "Tiltak",
                           "Ansvarlig", "Frist", "Status"])  # fmt: skip
    return finding(**{**blank, **values})


def xlsx(*rows: list[object]) -> bytes:
    """Title rows 1-3, the header on Excel row 4, `rows` from row 5."""
    return xlsx_bytes([*TITLE, HEADER, *rows], "Vernerunder")


def load(data: bytes, name: str = "vernerunder.xlsx", mapping=None):
    return load_safety_rounds(SourceFile(name, data), mapping)


def load_error(data: bytes, name: str = "vernerunder.xlsx") -> LoadError:
    with pytest.raises(LoadError) as info:
        load(data, name)
    return info.value


def test_xlsx_with_title_rows_findings_and_a_round_without_findings():
    rows = [
        finding(Dato=dt.datetime(2025, 3, 4)),
        finding(Funn="Glatt trapp", Sannsynlighet=2, Konsekvens=2, Risiko=None, Tiltak=None,
                Status="Utført", Lukket_dato="10.03.2025"),
        nothing_found(Dato="5.3.2025", Enhet="Skole B", Deltakere=None),
        [None] * len(HEADER),
    ]  # fmt: skip
    batch = load(xlsx(*rows))
    assert batch.kind == "vernerunde"
    assert (batch.sheet, batch.dialect, batch.header_row) == ("Vernerunder", "xlsx", 4)
    assert batch.rows_read == 3 and batch.warnings == ()
    f = batch.frame
    assert tuple(f.columns) == SAFETY_ROUND_COLUMNS
    assert f["source_row"].tolist() == [5, 6, 7]
    assert f["runde_dato"].tolist() == [MARCH4, MARCH4, pd.Timestamp("2025-03-05")]
    for col in ("sannsynlighet", "konsekvens", "risiko"):
        assert f[col].dtype == "Int64"
    assert f["sannsynlighet"].tolist()[:2] == [3, 2] and pd.isna(f["sannsynlighet"].iloc[2])
    assert f["risiko"].tolist()[:2] == [12, 4]  # recomputed where the file left it empty
    assert pd.isna(f["risiko"].iloc[2]) and pd.isna(f["funn"].iloc[2])
    assert f["status"].tolist()[:2] == ["åpen", "lukket"] and pd.isna(f["status"].iloc[2])
    assert f["status_kilde"].tolist()[:2] == ["Åpen", "Utført"]
    assert f["lukket_dato"].iloc[1] == pd.Timestamp("2025-03-10")
    assert f["frist"].iloc[0] == pd.Timestamp("2025-04-01")
    assert f["deltakere"].tolist()[:2] == ["Rektor, verneombud"] * 2


@pytest.mark.parametrize(
    "written",
    ["04.03.2025", "4.3.2025", "2025-03-04", "04.03.2025 10:15", dt.datetime(2025, 3, 4, 10, 15)],
)
def test_round_dates(written):
    assert load(xlsx(finding(Dato=written))).frame["runde_dato"].iloc[0] == MARCH4


def test_risk_mismatch():
    err = load_error(xlsx(finding(), finding(Funn="Glatt gulv", Risiko=11)))
    issue = one(err, RISK_MISMATCH)
    assert issue.message == (
        "vernerunder.xlsx, ark «Vernerunder», rad 6, kolonne «Risiko»: Risiko 11 stemmer ikke "
        "med sannsynlighet × konsekvens = 3 × 4 = 12. Rett risikoen, sannsynligheten eller "
        "konsekvensen i filen."
    )


@pytest.mark.parametrize(("s", "k"), [(6, 4), (3, 0), ("2,5", 1), (-1, 2)])
def test_score_out_of_range(s, k):
    err = load_error(xlsx(finding(Sannsynlighet=s, Konsekvens=k, Risiko=None)))
    bad_col = "Sannsynlighet" if s not in range(1, 6) else "Konsekvens"
    bad = s if bad_col == "Sannsynlighet" else k
    issue = one(err, OUT_OF_RANGE)
    assert issue.message == (
        f"vernerunder.xlsx, ark «Vernerunder», rad 5, kolonne «{bad_col}»: «{bad}» er utenfor "
        f"skalaen; {bad_col.lower()} må være et helt tall fra 1 til 5."
    )


def test_finding_without_score_and_score_without_finding():
    rows = [finding(Sannsynlighet=None, Risiko=None), finding(Funn=None), nothing_found()]
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (MISSING_VALUE, 5, "Sannsynlighet"), (MISSING_VALUE, 6, "Funn"),
    ]  # fmt: skip
    assert err.issues[0].text == "Cellen er tom, men hvert funn må ha sannsynlighet (1–5)."


def test_text_scores_and_unknown_status():
    rows = [finding(Konsekvens="stor", Risiko="høy"), finding(Status="Glemt")]
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (NOT_A_NUMBER, 5, "Konsekvens"), (NOT_A_NUMBER, 5, "Risiko"),
        (UNKNOWN_STATUS, 6, "Status"),
    ]  # fmt: skip


def test_missing_required_column():
    header = [h for h in HEADER if h != "Konsekvens"]
    err = load_error(xlsx_bytes([*TITLE, header, ["04.03.2025", "S", "A"]], "Vernerunder"))
    issue = one(err, MISSING_COLUMN)
    assert (issue.file, issue.sheet, issue.row) == ("vernerunder.xlsx", "Vernerunder", 4)
    assert issue.text.startswith(
        "Fant ingen kolonne for konsekvens (godtatte navn: Konsekvens, Konsekvens (1-5), K). "
        "Overskriftsraden (rad 4) har disse kolonnene: «Dato», «Sektor»,"
    )


def test_closed_before_the_round():
    err = load_error(xlsx(finding(Status="Lukket", Lukket_dato="01.03.2025")))
    issue = one(err, CLOSED_BEFORE_REGISTERED)
    assert (issue.row, issue.column) == (5, "Lukket dato")
    assert issue.text == "Lukket dato (01.03.2025) er før datoen for vernerunden (04.03.2025)."


def test_finding_without_status_is_open_or_closed_by_its_date_with_a_warning():
    rows = [finding(Status=None), finding(Status=None, Lukket_dato="05.03.2025"), finding()]
    batch = load(xlsx(*rows))
    assert batch.frame["status"].tolist() == ["åpen", "lukket", "åpen"]
    warning = one(batch.warnings, STATUS_ASSUMED)
    assert warning.text.startswith("2 rader med funn har fått status åpen") and "(rad 5, 6)" in (
        warning.text
    )


def test_several_errors_in_one_file_are_reported_together():
    rows = [
        finding(),
        finding(Dato="4/3/2025"),
        finding(Risiko=13),
        finding(Sannsynlighet=9, Risiko=None),
        finding(Enhet=None, Sektor=None),
    ]
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (UNKNOWN_DATE, 6, "Dato"), (RISK_MISMATCH, 7, "Risiko"), (OUT_OF_RANGE, 8, "Sannsynlighet"),
        (MISSING_VALUE, 9, "Enhet"),
    ]  # fmt: skip
    assert all(i.sheet == "Vernerunder" for i in err.issues)


def test_cp1252_semicolon_csv_with_short_headers():
    lines = [
        "Vernerunde Vågen sykehjem",
        "Dato vernerunde;Avdeling;Til stede;Avvik/funn;S;K;R;Tiltak;Ansvarlig;Frist;Status",
        "12.05.2025;Vågen sykehjem;Styrer, verneombud;Sklisikring mangler på bad;3;3;9;"
        "Bestille matter;Styrer;01.06.2025;Pågår",
        "12.05.2025;Vågen sykehjem;Styrer, verneombud;Røykvarsler uten batteri;2;5;10;Bytte;"
        "Vaktmester;13.05.2025;Lukket",
        "13.05.2025;Måkeskjær barnehage;Styrer;;;;;;;;",
    ]
    batch = load(csv_bytes(lines, "cp1252"), "vernerunde.csv")
    assert (batch.dialect, batch.header_row) == ("csv (;, Windows-1252)", 2)
    f = batch.frame
    assert f["enhet"].tolist() == ["Vågen sykehjem", "Vågen sykehjem", "Måkeskjær barnehage"]
    assert f["risiko"].tolist()[:2] == [9, 10]
    assert f["status"].tolist()[:2] == ["under behandling", "lukket"]
    assert f["funn"].isna().tolist() == [False, False, True]
    assert batch.column_map["sannsynlighet"] == "S" and batch.column_map["risiko"] == "R"


def test_csv_risk_mismatch_names_row_without_sheet():
    lines = ["Dato;Enhet;Funn;S;K;Risikotall", "1.1.2025;A;Løs hylle;2;3;6", "1.1.2025;A;B;2;3;5"]
    issue = one(load_error(csv_bytes(lines), "r.csv"), RISK_MISMATCH)
    assert issue.location == "r.csv, rad 3, kolonne «Risikotall»"

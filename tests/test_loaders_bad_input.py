"""Every kind of bad input: the reason code and a Norwegian message naming file, sheet, the
row as Excel shows it and the column header; several problems are reported together."""

from __future__ import annotations

import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from data_loaders import readers
from data_loaders.issues import (
    CORRUPT,
    DUPLICATE_ROW,
    EMPTY_FILE,
    ENCRYPTED,
    MISSING_VALUE,
    NEGATIVE,
    NO_HEADER,
    NOT_A_NUMBER,
    NOT_SPREADSHEET,
    OVERLAPPING_PERIODS,
    PARTS_DISAGREE,
    TAPTE_GT_AVTALTE,
    TOO_MANY_FIELDS,
    UNKNOWN_PERIOD,
)
from tests.conftest_loaders import (
    Formula,
    csv_bytes,
    load,
    load_error,
    one,
    simple_csv,
    xlsx_bytes,
)

HEADER = ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]
TITLE = [["Sykefravær 2025"], ["Utvalg: alle"], []]


def xlsx_with(row: list[object], extra_header: list[str] = (), good_extra: list = ()) -> bytes:
    """Titles on rows 1-3, header on row 4, one good row (5) and `row` on Excel row 6."""
    header = HEADER + list(extra_header)
    good = ["2025-01", "Oppvekst", "Skole A", 100, 4, *good_extra]
    return xlsx_bytes([*TITLE, header, good, row], "Fravær")


def test_text_in_a_number_column():
    err = load_error("f.xlsx", xlsx_with(["2025-01", "Oppvekst", "Skole B", "12,5x", 4]))
    issue = one(err, NOT_A_NUMBER)
    assert (
        issue.message
        == "f.xlsx, ark «Fravær», rad 6, kolonne «Avtalte dagsverk»: «12,5x» er ikke et tall."
    )


def test_negative_figure():
    err = load_error("f.xlsx", xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, -2]))
    issue = one(err, NEGATIVE)
    assert (issue.file, issue.sheet, issue.row, issue.column) == (
        "f.xlsx",
        "Fravær",
        6,
        "Tapte dagsverk",
    )
    assert issue.text == "«-2» er negativt; tapte dagsverk kan ikke være under null."


def test_tapte_greater_than_avtalte():
    err = load_error("f.xlsx", xlsx_with(["2025-01", "Oppvekst", "Skole B", 80, 85.5]))
    issue = one(err, TAPTE_GT_AVTALTE)
    assert (issue.sheet, issue.row, issue.column) == ("Fravær", 6, "Tapte dagsverk")
    assert "Tapte dagsverk (85,5) er flere enn avtalte dagsverk (80)" in issue.text


def test_tapte_with_zero_avtalte():
    issue = one(load_error("f.csv", simple_csv(["2025-01;S;A;0;3"])), TAPTE_GT_AVTALTE)
    assert issue.row == 2 and "Avtalte dagsverk er 0, men tapte dagsverk er 3" in issue.text


def test_unknown_period_says_what_is_accepted():
    err = load_error("f.xlsx", xlsx_with(["Q5 2025", "Oppvekst", "Skole B", 100, 4]))
    issue = one(err, UNKNOWN_PERIOD)
    assert (issue.sheet, issue.row, issue.column) == ("Fravær", 6, "Periode")
    assert issue.text.startswith("«Q5 2025» er ikke en periode vi kjenner igjen.")
    for spelling in ("2025-03", "mars 2025", "2025-K1", "1. kvartal 2025", "2025-T1"):
        assert spelling in issue.text


def test_missing_values():
    err = load_error("f.csv", simple_csv(["2025-01;S;A;;3", ";S;B;100;3"]))
    issues = [i for i in err.issues if i.code == MISSING_VALUE]
    assert [(i.row, i.column) for i in issues] == [(2, "Avtalte dagsverk"), (3, "Periode")]
    assert issues[0].text == "Cellen er tom, men avtalte dagsverk må fylles ut."


def test_duplicate_row_names_both_rows():
    lines = [
        "2025-01;Oppvekst;Skole A;100;4",
        "2025-01;Helse;Skole A;100;4",
        "januar 2025;Oppvekst;Skole A;90;3",
    ]
    issue = one(load_error("f.csv", simple_csv(lines)), DUPLICATE_ROW)
    assert (issue.row, issue.column) == (4, "Periode")
    assert "«Oppvekst / Skole A» har allerede en rad for 2025-01 (rad 2)" in issue.text


def test_overlapping_periods_for_one_unit():
    lines = ["2025-01;S;A;100;4", "2025-K1;S;A;300;10", "2025-K1;S;B;300;10"]
    issue = one(load_error("f.csv", simple_csv(lines)), OVERLAPPING_PERIODS)
    assert issue.row == 3
    assert "2025-K1 overlapper med 2025-01 på rad 2" in issue.text


def test_parts_disagree():
    parts = ["Egenmeldte dagsverk", "Legemeldte dagsverk"]
    row = ["2025-01", "Oppvekst", "Skole B", 100, 10, 3, 6]
    err = load_error("f.xlsx", xlsx_with(row, parts, good_extra=[1, 3]))
    issue = one(err, PARTS_DISAGREE)
    assert (issue.sheet, issue.row, issue.column) == ("Fravær", 6, "Tapte dagsverk")
    assert "Tapte dagsverk (10) er ikke summen av egenmeldte (3) og legemeldte (6)" in issue.text


def test_csv_line_with_more_fields_than_the_header():
    lines = [
        "Periode,Enhet,Avtalte dagsverk,Tapte dagsverk",
        "2025-01,A,100,4",
        "2025-01,B,100,5,5",
    ]
    issue = one(load_error("komma.csv", csv_bytes(lines)), TOO_MANY_FIELDS)
    assert (issue.row, issue.column) == (3, None)
    assert "flere felt enn overskriftsraden (4)" in issue.text and "desimalkomma" in issue.text


def test_missing_required_column():
    rows = [*TITLE, ["Periode", "Sektor", "Enhet", "Fraværsdagsverk"], ["2025-01", "S", "A", 4]]
    err = load_error("f.xlsx", xlsx_bytes(rows, "Fravær"))
    issue = one(err, "missing_column")
    assert (issue.file, issue.sheet, issue.row) == ("f.xlsx", "Fravær", 4)
    assert "avtalte dagsverk" in issue.text
    assert "«Periode», «Sektor», «Enhet», «Fraværsdagsverk»" in issue.text
    assert err.found_headers == ("Periode", "Sektor", "Enhet", "Fraværsdagsverk")


def test_several_errors_are_reported_together():
    lines = [
        "2025-01;S;A;abc;4",  # row 2: not a number
        "2025-13;S;B;100;4",  # row 3: unknown period
        "2025-01;S;C;100;-1",  # row 4: negative
        "2025-01;S;D;10;20",  # row 5: tapte > avtalte
        "2025-01;S;E;100;",  # row 6: missing
        "2025-01;S;D;10;2",  # row 7: duplicate of row 5
    ]
    err = load_error("mange.csv", simple_csv(lines))
    assert [(i.code, i.row) for i in err.issues] == [
        (NOT_A_NUMBER, 2), (UNKNOWN_PERIOD, 3), (NEGATIVE, 4), (TAPTE_GT_AVTALTE, 5),
        (MISSING_VALUE, 6), (DUPLICATE_ROW, 7),
    ]  # fmt: skip
    text = str(err)
    assert text.count("\n") == 5 and text.startswith("mange.csv, rad 2, kolonne «Avtalte dagsverk»")


def test_many_errors_are_summarised_after_fifty():
    err = load_error("tusen.csv", simple_csv([f"2025-01;S;E{i};x;1" for i in range(120)]))
    assert len(err.issues) == 120
    assert str(err).splitlines()[-1] == "… og 70 feil til i samme fil."


# -- files that are not spreadsheets, or not readable --------------------------------------
def test_empty_file_zero_bytes():
    issue = one(load_error("tom.xlsx", b""), EMPTY_FILE)
    assert issue.message == "tom.xlsx: Filen er tom (0 byte)."


def test_csv_with_only_blank_lines():
    for data in (b"\r\n\r\n  \r\n", b";;;\r\n;;;\r\n"):
        issue = one(load_error("blank.csv", data), EMPTY_FILE)
        assert "ingen celler med innhold" in issue.text


def test_xlsx_without_cells():
    issue = one(load_error("tom.xlsx", xlsx_bytes([])), EMPTY_FILE)
    assert issue.file == "tom.xlsx"


def test_no_header_row():
    data = xlsx_bytes([["Hei"], ["Dette er et brev", "med to celler"]], "Brev")
    err = load_error("brev.xlsx", data)
    issue = one(err, NO_HEADER)
    assert issue.sheet == "Brev" and "Fant ingen overskriftsrad" in issue.text
    assert err.found_headers == ("Dette er et brev", "med to celler")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (PNG, "et PNG-bilde"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "en PDF-fil"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "et program (.exe)"),
        (b"<html><body><table><tr><td>Periode</td></tr></table></body></html>", "nettside"),
        (b"\x00\x01\x02\x03binary\x00junk" * 10, "ikke et regneark"),
    ],
)
def test_not_a_spreadsheet(data, what):
    issue = one(load_error("sykefravær.xlsx", data), NOT_SPREADSHEET)
    assert issue.file == "sykefravær.xlsx" and what in issue.text


def test_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    issue = one(load_error("rapport.xlsx", buf.getvalue()), NOT_SPREADSHEET)
    assert "Word-dokument" in issue.text and ".xlsx" in issue.text


def test_old_xls_is_refused_with_advice():
    data = readers.OLE2_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 100
    issue = one(load_error("gammel.xls", data), NOT_SPREADSHEET)
    assert ".xls" in issue.text and "lagre den som Excel-arbeidsbok (.xlsx)" in issue.text


def test_password_protected_xlsx():
    plain = io.BytesIO(xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, 4]))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("hemmelig", encrypted)
    issue = one(load_error("låst.xlsx", encrypted.getvalue()), ENCRYPTED)
    assert issue.message == (
        "låst.xlsx: Filen er passordbeskyttet. Lagre den uten passord i Excel og last opp på nytt."
    )


def test_truncated_xlsx_is_corrupt():
    data = xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, 4])
    issue = one(load_error("halv.xlsx", data[: len(data) // 2]), CORRUPT)
    assert "skadet" in issue.text


def test_broken_sheet_xml_is_corrupt():
    data = xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, 4])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            content = src.read(info.filename)
            zf.writestr(
                info, content[:150] if info.filename.startswith("xl/worksheets/") else content
            )
    issue = one(load_error("ødelagt.xlsx", out.getvalue()), CORRUPT)
    assert issue.sheet == "Fravær" and "skadet" in issue.text


def test_zip_bomb_guard(monkeypatch):
    data = xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, 4])
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED", 1024)
    issue = one(load_error("bombe.xlsx", data), CORRUPT)
    assert "grensen" in issue.text


def test_declared_size_is_read_without_unpacking():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as part:  # 201 MB of zeros, streamed
            chunk = b"\x00" * 1024 * 1024
            for _ in range(201):
                part.write(chunk)
    issue = one(load_error("stor.xlsx", buf.getvalue()), CORRUPT)
    assert "201 MB" in issue.text


def test_a_good_file_still_loads():
    assert len(load("ok.xlsx", xlsx_with(["2025-01", "Oppvekst", "Skole B", 100, 4])).frame) == 2


def test_excel_error_cells_are_shown_as_excel_shows_them():
    rows = [
        HEADER,
        ["2025-01", "S", "A", Formula("=1/0", "#DIV/0!"), Formula("=NA()", "#N/A")],
    ]
    err = load_error("feilceller.xlsx", xlsx_bytes(rows, "Ark1"))
    assert [(i.code, i.row, i.column, i.text) for i in err.issues] == [
        (NOT_A_NUMBER, 2, "Avtalte dagsverk", "«#DIV/0!» er ikke et tall."),
        (NOT_A_NUMBER, 2, "Tapte dagsverk", "«#N/A» er ikke et tall."),
    ]


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        ("Periode;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", []),
        ("Periode;Sektor;Enhet;Avtalte dagsverk;Tapte dagsverk", ["2025-01;Helse;Legevakt;0;0"]),
        ("Saksnummer;Registrert dato;Enhet;Kategori;Status", []),
    ],
    ids=["sick-leave headers only", "sick-leave rows all 0/0", "deviation headers only"],
)
def test_a_file_with_nothing_to_import_says_so_and_writes_nothing(db, header, rows):
    """Headers without any row to import crashed the writer (NaN period); now a message."""
    from data_loaders.batch import SourceFile
    from data_loaders.ingest import ingest
    from data_loaders.issues import NO_DATA_ROWS, LoadError

    before = db.version()
    text = "\n".join([header, *rows]) + "\n"
    with pytest.raises(LoadError) as err:
        ingest(db, SourceFile("tom.csv", text.encode("utf-8")))
    assert err.value.codes == {NO_DATA_ROWS}
    message = str(err.value)
    assert message.startswith("tom.csv: Ingen rader å importere") and "rad 1" in message
    assert ("0 avtalte og 0 tapte" in message) == bool(rows)
    assert db.version() == before and db.scalar("SELECT count(*) FROM imports") == 0

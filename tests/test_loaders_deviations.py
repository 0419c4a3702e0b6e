"""The deviation (avvik) loader: dates, severity, status and injury classes as Norwegian case
systems write them, and every bad input reported with its code, file, sheet, Excel row and
column header."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_loaders.batch import DEVIATION_COLUMNS, SourceFile
from data_loaders.dates import parse_dates
from data_loaders.deviations import load_deviations
from data_loaders.issues import (
    CLOSED_BEFORE_REGISTERED,
    CLOSED_WITHOUT_DATE,
    DUPLICATE_CASE,
    MISSING_COLUMN,
    MISSING_VALUE,
    NEGATIVE,
    NOT_A_NUMBER,
    NOTE_ROWS_SKIPPED,
    TOTALS_DROPPED,
    UNKNOWN_DATE,
    UNKNOWN_INJURY_TYPE,
    UNKNOWN_SEVERITY,
    UNKNOWN_STATUS,
    LoadError,
)
from tests.conftest_loaders import csv_bytes, one, xlsx_bytes

HEADER = ["Saksnr", "Registrert", "Sektor", "Enhet", "Kategori", "Alvorlighetsgrad", "Status",
          "Frist", "Lukket", "Skadetype", "Fraværsdager", "Beskrivelse"]  # fmt: skip
TITLE = [["Avviksrapport – Nordvik kommune"], ["Eksportert 31.12.2025 15:42"]]
JAN31 = pd.Timestamp("2025-01-31")


def case(**values: object) -> list[object]:
    """One row under HEADER: a good open case unless told otherwise."""
    row = dict(zip(HEADER, ["AV-1", "31.01.2025", "Oppvekst", "Skole A", "Personskade", 3,
                            "Åpen", None, None, None, None, "Falt i trappa"], strict=True))  # fmt: skip
    row.update({k.replace("_", " "): v for k, v in values.items()})
    return [row[h] for h in HEADER]


def xlsx(*rows: list[object]) -> bytes:
    """Title rows 1-2, the header on Excel row 3, `rows` from row 4."""
    return xlsx_bytes([*TITLE, HEADER, *rows], "Avvik")


def load(data: bytes, name: str = "avvik.xlsx", mapping=None):
    return load_deviations(SourceFile(name, data), mapping)


def load_error(data: bytes, name: str = "avvik.xlsx") -> LoadError:
    with pytest.raises(LoadError) as info:
        load(data, name)
    return info.value


def first(value_of: str, **values: object):
    """The frame's value in column `value_of` for one case built from `values`."""
    return load(xlsx(case(**values))).frame[value_of].iloc[0]


def test_xlsx_with_title_rows_to_canonical_frame():
    rows = [
        case(),
        case(Saksnr="AV-2", Registrert=dt.datetime(2025, 2, 3, 9, 30), Enhet="Sykehjem",
             Sektor="Helse", Kategori=None, Alvorlighetsgrad="Høy", Status="Lukket",
             Frist="15.02.2025", Lukket="2025-02-10", Skadetype="Skade med fravær",
             Fraværsdager="2,5", Beskrivelse="Slag\nmot arm"),
        [None] * len(HEADER),  # empty row: skipped silently
        ["Sum", None, None, None, None, None, None, None, None, None, 2.5, None],
    ]  # fmt: skip
    batch = load(xlsx(*rows))
    assert batch.kind == "avvik"
    assert (batch.sheet, batch.dialect, batch.header_row) == ("Avvik", "xlsx", 3)
    assert batch.rows_read == 3 and batch.dropped_rows == (7,)
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED]
    assert batch.column_map["fravaersdager"] == "Fraværsdager"
    f = batch.frame
    assert tuple(f.columns) == DEVIATION_COLUMNS
    assert f["source_row"].tolist() == [4, 5]
    assert f["saksnummer"].tolist() == ["AV-1", "AV-2"]
    assert f["registrert_dato"].tolist() == [JAN31, pd.Timestamp("2025-02-03")]
    assert str(f["registrert_dato"].dtype).startswith("datetime64")
    assert f["kategori"].tolist() == ["Personskade", ""]
    assert f["alvorlighetsgrad"].dtype == "Int64" and f["alvorlighetsgrad"].tolist() == [3, 5]
    assert f["alvorlighet_kilde"].tolist() == ["3", "Høy"]
    assert f["status"].tolist() == ["åpen", "lukket"]
    assert f["status_kilde"].tolist() == ["Åpen", "Lukket"]
    assert pd.isna(f["frist"].iloc[0]) and f["frist"].iloc[1] == pd.Timestamp("2025-02-15")
    assert f["lukket_dato"].iloc[1] == pd.Timestamp("2025-02-10")
    assert pd.isna(f["skadeklasse"].iloc[0]) and f["skadeklasse"].iloc[1] == "fravær"
    assert np.isnan(f["fravaersdager"].iloc[0]) and f["fravaersdager"].iloc[1] == 2.5
    assert f["beskrivelse"].tolist() == ["Falt i trappa", "Slag\nmot arm"]  # free text as written
    assert f["virksomhet"].isna().all()


@pytest.mark.parametrize(
    "written",
    ["31.01.2025", "31.1.2025", "2025-01-31", "31.01.25", "31.01.2025 14:05",
     "31.1.2025 14:05:59", "31.01.2025 kl. 14.05", "2025-01-31 00:00:00", "2025-01-31T14:05:00",
     "20250131", "45688", dt.datetime(2025, 1, 31), dt.datetime(2025, 1, 31, 14, 5)],
)  # fmt: skip
def test_every_date_spelling(written):
    assert first("registrert_dato", Registrert=written) == JAN31


@given(
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)),
    st.sampled_from(["{d:%d.%m.%Y}", "{d.day}.{d.month}.{d.year}", "{d:%Y-%m-%d}"]),
    st.sampled_from(["", " 00:00:00", " 23:59", "T07:05:00", " kl. 14.05"]),
)
def test_any_day_in_any_accepted_spelling_parses_to_that_day(day, spelling, time):
    dates = parse_dates(pd.Series([spelling.format(d=day) + time, None], dtype="str"))
    assert dates.values[0] == np.datetime64(day, "us") and np.isnat(dates.values[1])
    assert dates.blank.tolist() == [False, True] and not dates.bad.any()


def test_dates_in_csv_and_frist_lukket_columns():
    lines = [
        "Saksnr;Registrert;Enhet;Kategori;Status;Frist;Lukket",
        "1;31.1.2025 08:00;A;Vold;Lukket;2025-02-28;3.2.2025",
    ]
    f = load(csv_bytes(lines), "a.csv").frame
    assert f["registrert_dato"].iloc[0] == JAN31
    assert f["frist"].iloc[0] == pd.Timestamp("2025-02-28")
    assert f["lukket_dato"].iloc[0] == pd.Timestamp("2025-02-03")


@pytest.mark.parametrize(
    ("written", "grade"),
    [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), ("4", 4), ("3,0", 3), ("3 - Middels", 3),
     ("lav", 1), ("Lav", 1), ("LAV", 1), ("low", 1), ("Liten", 1),
     ("middels", 3), ("Middels", 3), ("medium", 3), ("Moderat", 3),
     ("høy", 5), ("Høy", 5), ("High", 5), ("alvorlig", 5), (None, None)],
)  # fmt: skip
def test_severity_as_number_and_word(written, grade):
    f = load(xlsx(case(Alvorlighetsgrad=written))).frame
    value = f["alvorlighetsgrad"].iloc[0]
    assert pd.isna(value) if grade is None else value == grade
    kept = f["alvorlighet_kilde"].iloc[0]
    assert pd.isna(kept) if written is None else kept == str(written)


@pytest.mark.parametrize(
    ("written", "status"),
    [("Åpen", "åpen"), ("åpen", "åpen"), ("Ny", "åpen"), ("Registrert", "åpen"),
     ("Mottatt", "åpen"), ("Under behandling", "under behandling"),
     ("under  behandling", "under behandling"), ("Pågår", "under behandling"),
     ("Under arbeid", "under behandling"), ("Tiltak iverksatt", "under behandling"),
     ("Til behandling", "under behandling"), ("Lukket", "lukket"), ("LUKKET", "lukket"),
     ("Avsluttet", "lukket"), ("Ferdig", "lukket"), ("Løst", "lukket")],
)  # fmt: skip
def test_status_synonyms(written, status):
    f = load(xlsx(case(Status=written, Lukket="01.02.2025"))).frame
    assert (f["status"].iloc[0], f["status_kilde"].iloc[0]) == (status, " ".join(written.split()))


@pytest.mark.parametrize(
    ("written", "days", "klasse"),
    [("Fraværsskade", None, "fravær"), ("Skade med fravær", None, "fravær"),
     ("Med fravær", 3, "fravær"), ("Medisinsk behandling", None, "medisinsk behandling"),
     ("Behandling hos lege", None, "medisinsk behandling"),
     ("Legebehandling", 0, "medisinsk behandling"),
     ("Skade uten fravær med behandling", None, "medisinsk behandling"),
     ("Førstehjelp", None, "førstehjelp"), ("førstehjelpsskade", None, "førstehjelp"),
     (None, None, None), ("Ingen", None, None), ("Ingen skade", None, None),
     ("Førstehjelp", 2, "fravær"), (None, 1, "fravær"), ("Brukket arm", 4, "fravær")],
)  # fmt: skip
def test_injury_classes_and_days_lost_mean_lost_time(written, days, klasse):
    value = first("skadeklasse", Skadetype=written, Fraværsdager=days)
    assert pd.isna(value) if klasse is None else value == klasse


def test_unknown_date():
    err = load_error(xlsx(case(), case(Saksnr="AV-2", Registrert="32.01.2025")))
    issue = one(err, UNKNOWN_DATE)
    assert issue.message.startswith(
        "avvik.xlsx, ark «Avvik», rad 5, kolonne «Registrert»: «32.01.2025» er ikke en dato "
        "vi kjenner igjen. Skriv for eksempel 31.01.2025, 31.1.2025 eller 2025-01-31"
    )


@pytest.mark.parametrize("written", ["01/31/2025", "januar 2025", "31.13.2025", "i går"])
def test_dates_we_do_not_guess(written):
    issue = one(load_error(xlsx(case(Frist=written))), UNKNOWN_DATE)
    assert (issue.row, issue.column) == (4, "Frist")


@pytest.mark.parametrize("written", [7, 0, "kritisk?", "2,5"])
def test_unknown_severity(written):
    err = load_error(xlsx(case(), case(Saksnr="AV-2", Alvorlighetsgrad=written)))
    issue = one(err, UNKNOWN_SEVERITY)
    assert issue.message == (
        f"avvik.xlsx, ark «Avvik», rad 5, kolonne «Alvorlighetsgrad»: «{written}» er ikke en "
        "alvorlighetsgrad vi kjenner igjen. Bruk et tall fra 1 til 5 eller lav, middels eller høy."
    )


def test_unknown_status():
    issue = one(load_error(xlsx(case(Status="Parkert"))), UNKNOWN_STATUS)
    assert (issue.file, issue.sheet, issue.row, issue.column) == (
        "avvik.xlsx", "Avvik", 4, "Status",
    )  # fmt: skip
    assert issue.text.startswith("«Parkert» er ikke en status vi kjenner igjen.")


def test_unknown_injury_type():
    issue = one(load_error(xlsx(case(Skadetype="Brukket arm"))), UNKNOWN_INJURY_TYPE)
    assert issue.message.startswith(
        "avvik.xlsx, ark «Avvik», rad 4, kolonne «Skadetype»: «Brukket arm» er ikke en "
        "skadetype vi kjenner igjen."
    )


def test_duplicate_case_names_both_rows():
    rows = [case(), case(Saksnr="AV-2"), case(Enhet="Skole B")]
    issue = one(load_error(xlsx(*rows)), DUPLICATE_CASE)
    assert issue.message == (
        "avvik.xlsx, ark «Avvik», rad 6, kolonne «Saksnr»: Saksnummeret «AV-1» står også på "
        "rad 4. Hver sak kan bare stå én gang i en fil."
    )


def test_missing_required_column():
    header = [h for h in HEADER if h != "Status"]
    err = load_error(xlsx_bytes([*TITLE, header, ["AV-1", "31.01.2025"]], "Avvik"))
    issue = one(err, MISSING_COLUMN)
    assert (issue.file, issue.sheet, issue.row, issue.column) == ("avvik.xlsx", "Avvik", 3, None)
    assert issue.text.startswith(
        "Fant ingen kolonne for status (godtatte navn: Status, Saksstatus). "
        "Overskriftsraden (rad 3) har disse kolonnene: «Saksnr», «Registrert»,"
    )
    assert err.found_headers == tuple(header)


def test_missing_unit_column_names_both_alternatives():
    header = ["Saksnr", "Registrert", "Kategori", "Status"]
    issue = one(
        load_error(csv_bytes([";".join(header), "1;1.1.2025;A;Ny"]), "a.csv"), MISSING_COLUMN
    )
    assert issue.text.startswith("Fant ingen kolonne for enhet eller sektor (godtatte navn: Enhet,")


def test_fravaersdager_negative_or_text():
    rows = [case(Fraværsdager=-2), case(Saksnr="AV-2", Fraværsdager="mange")]
    err = load_error(xlsx(*rows))
    neg, text = one(err, NEGATIVE), one(err, NOT_A_NUMBER)
    assert (neg.row, neg.column, text.row, text.column) == (4, "Fraværsdager", 5, "Fraværsdager")
    assert neg.text == "«-2» er negativt; fraværsdager kan ikke være under null."
    assert text.text == "«mange» er ikke et tall."


def test_closed_before_registered_is_an_error():
    issue = one(
        load_error(xlsx(case(Status="Lukket", Lukket="30.01.2025"))), CLOSED_BEFORE_REGISTERED
    )
    assert issue.message == (
        "avvik.xlsx, ark «Avvik», rad 4, kolonne «Lukket»: Lukket dato (30.01.2025) er før "
        "registrert dato (31.01.2025)."
    )


def test_closed_without_date_is_a_warning_listing_rows():
    rows = [case(Status="Lukket"), case(Saksnr="AV-2"), case(Saksnr="AV-3", Status="Ferdig")]
    batch = load(xlsx(*rows))
    warning = one(batch.warnings, CLOSED_WITHOUT_DATE)
    assert warning.message == (
        "avvik.xlsx, ark «Avvik»: 2 rader har status lukket, men ingen lukket dato, og er "
        "derfor ikke med når behandlingstiden regnes ut (rad 4, 6)."
    )
    assert batch.frame["status"].tolist() == ["lukket", "åpen", "lukket"]


def test_missing_values_and_blank_kategori():
    rows = [case(Saksnr=None), case(Saksnr="AV-2", Registrert=None, Kategori=None),
            case(Saksnr="AV-3", Sektor=None, Enhet=None, Status=None)]  # fmt: skip
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (MISSING_VALUE, 4, "Saksnr"), (MISSING_VALUE, 5, "Registrert"),
        (MISSING_VALUE, 6, "Enhet"), (MISSING_VALUE, 6, "Status"),
    ]  # fmt: skip
    assert err.issues[0].text == "Cellen er tom, men saksnummer må fylles ut."
    assert err.issues[2].text == "Raden mangler enhet eller sektor."


def test_several_errors_in_one_file_are_reported_together():
    rows = [
        case(),
        case(Saksnr="AV-2", Registrert="31.02.2025"),
        case(Saksnr="AV-3", Alvorlighetsgrad=7),
        case(Saksnr="AV-4", Status="?", Skadetype="Vondt"),
        case(Saksnr="AV-2"),
    ]
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (UNKNOWN_DATE, 5, "Registrert"), (UNKNOWN_SEVERITY, 6, "Alvorlighetsgrad"),
        (UNKNOWN_STATUS, 7, "Status"), (UNKNOWN_INJURY_TYPE, 7, "Skadetype"),
        (DUPLICATE_CASE, 8, "Saksnr"),
    ]  # fmt: skip
    assert all(i.file == "avvik.xlsx" and i.sheet == "Avvik" for i in err.issues)
    assert str(err).count("\n") == 4


def test_cp1252_semicolon_csv_with_other_headers():
    lines = [
        "Avvik eksportert fra kvalitetssystemet",
        "ID;Meldt dato;Tjenesteområde;Avdeling;Hendelsestype;Alvorlighet;Saksstatus;"
        "Tidsfrist;Avsluttet dato;Personskade;Tapte arbeidsdager;Hva skjedde",
        "17;05.03.2025 13:37;Helse og omsorg;Vågen sykehjem;Vold og trusler;Høy;Avsluttet;"
        "20.03.2025;19.03.2025;Fraværsskade;1,5;Beboer slo etter pleier",
        "18;6.3.2025;Teknisk;Vei og park;Nestenulykke;Middels;Pågår;;;;;Glatt ved inngangen",
        "Totalt;;;;;;;;;;1,5;",
        "Utskrevet av HMS-rådgiver",
    ]
    batch = load(csv_bytes(lines, "cp1252"), "avvik.csv")
    assert (batch.sheet, batch.dialect, batch.header_row) == (None, "csv (;, Windows-1252)", 2)
    assert [w.code for w in batch.warnings] == [TOTALS_DROPPED, NOTE_ROWS_SKIPPED]
    assert batch.dropped_rows == (5,)
    f = batch.frame
    assert f["source_row"].tolist() == [3, 4]
    assert f["enhet"].tolist() == ["Vågen sykehjem", "Vei og park"]  # no mojibake
    assert f["sektor"].tolist() == ["Helse og omsorg", "Teknisk"]
    assert f["alvorlighetsgrad"].tolist() == [5, 3]
    assert f["status"].tolist() == ["lukket", "under behandling"]
    assert f["skadeklasse"].iloc[0] == "fravær" and f["fravaersdager"].iloc[0] == 1.5
    assert f["registrert_dato"].tolist() == [pd.Timestamp("2025-03-05"), pd.Timestamp("2025-03-06")]


def test_csv_error_names_file_row_and_column_without_sheet():
    lines = ["Saksnr;Registrert;Enhet;Kategori;Status", "1;1.1.2025;A;B;Ny", "2;1.1.2025;A;B;Hm"]
    issue = one(load_error(csv_bytes(lines), "a.csv"), UNKNOWN_STATUS)
    assert issue.location == "a.csv, rad 3, kolonne «Status»"


def test_manual_mapping_for_unknown_headers():
    rows = [["Nr", "Dato", "Sted", "Art", "Tilstand"], ["1", "1.1.2025", "A", "Vold", "Ny"]]
    mapping = {"saksnummer": "Nr", "registrert_dato": "Dato", "enhet": "Sted",
               "kategori": "Art", "status": "Tilstand"}  # fmt: skip
    batch = load(xlsx_bytes(rows), mapping=mapping)
    assert batch.column_map == mapping
    assert batch.frame["status"].tolist() == ["åpen"]

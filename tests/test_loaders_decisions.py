"""The decision-log (vedtak) loader: an AMU's follow-up spreadsheet of decisions, its header
synonyms and status words, and every bad input reported with its code, file, sheet, Excel row
and column header."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_loaders.batch import DECISION_COLUMNS, SourceFile
from data_loaders.decisions import STATUSES, load_decisions
from data_loaders.headers import HeaderMatcher, synonym_table
from data_loaders.issues import (
    CLOSED_BEFORE_REGISTERED,
    CLOSED_DATE_NOT_CLOSED,
    CLOSED_WITHOUT_DATE,
    DEADLINE_BEFORE_MEETING,
    DUPLICATE_ROW,
    MISSING_COLUMN,
    MISSING_VALUE,
    NO_HEADER,
    NOTE_ROWS_SKIPPED,
    UNKNOWN_DATE,
    UNKNOWN_STATUS,
    WARNING_CODES,
    LoadError,
)
from data_loaders.kinds import detect_kind
from data_loaders.records import value_map
from data_loaders.specs import SPECS
from tests.conftest_loaders import csv_bytes, one, xlsx_bytes

HEADER = ["Møtedato", "Saksnr", "Sak", "Vedtak", "Ansvarlig", "Frist", "Status", "Kommentar"]
TITLE = [["Oppfølging av AMU-vedtak 2025"]]
FEB11 = pd.Timestamp("2025-02-11")


def decision(**values: object) -> list[object]:
    """One row under HEADER: a good open decision unless told otherwise."""
    row = dict(zip(HEADER, ["11.02.2025", "PS 3/25", "Vold og trusler", "Lage handlingsplan",
                            "Kommunalsjef", "01.05.2025", "Åpen", None], strict=True))  # fmt: skip
    row.update(values)
    return [row[h] for h in HEADER]


def xlsx(*rows: list[object], header: list[str] = HEADER) -> bytes:
    """The title on Excel row 1, the header on row 2, `rows` from row 3."""
    return xlsx_bytes([*TITLE, header, *rows], "Vedtak")


def load(data: bytes, name: str = "vedtak.xlsx", mapping=None):
    return load_decisions(SourceFile(name, data), mapping)


def load_error(data: bytes, name: str = "vedtak.xlsx", mapping=None) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(data, name, mapping)
    return info.value


def test_xlsx_with_title_row_case_numbers_as_written_and_empty_and_note_rows():
    rows = [
        decision(Møtedato=dt.datetime(2025, 2, 11)),
        decision(Saksnr="12/25", Vedtak="Tas til orientering", Frist=None, Status="Lukket"),
        [None] * len(HEADER),
        decision(Møtedato="6.5.2025", Saksnr=" AMU-sak 7/11 ", Status="Under arbeid", Frist=None,
                 Kommentar="Opplæring i to av tre soner.\nResten i høst."),
        decision(Møtedato="2025-05-06 10:00", Saksnr="12/2025", Vedtak="Forslaget avvises", Frist=None,
                 Status="Ikke vedtatt", Ansvarlig=None),
        decision(Saksnr=None, Sak=None, Vedtak="Årshjulet vedtas", Status="Gjennomført"),
        ["Saker merket * følges opp av HR"],
    ]  # fmt: skip
    batch = load(xlsx(*rows))
    assert batch.kind == "vedtak"
    assert (batch.sheet, batch.dialect, batch.header_row) == ("Vedtak", "xlsx", 2)
    assert batch.rows_read == 6
    f = batch.frame
    assert tuple(f.columns) == DECISION_COLUMNS
    assert f["source_row"].tolist() == [3, 4, 6, 7, 8]
    assert f["motedato"].tolist() == [FEB11, FEB11, *[pd.Timestamp("2025-05-06")] * 2, FEB11]
    assert f["saksnr"].tolist()[:4] == ["PS 3/25", "12/25", "AMU-sak 7/11", "12/2025"]
    assert pd.isna(f["saksnr"].iloc[4]) and pd.isna(f["sak"].iloc[4])
    assert f["status"].tolist() == ["åpen", "lukket", "pågår", "avvist", "utført"]
    assert f["status_kilde"].tolist() == ["Åpen", "Lukket", "Under arbeid", "Ikke vedtatt",
                                          "Gjennomført"]  # fmt: skip
    assert f["kommentar"].iloc[2] == "Opplæring i to av tre soner.\nResten i høst."
    assert f["frist"].iloc[0] == pd.Timestamp("2025-05-01") and pd.isna(f["frist"].iloc[1])
    assert f["lukket_dato"].isna().all() and f["utvalg"].isna().all()
    assert batch.periods == ["2025-02", "2025-05"]
    codes = [w.code for w in batch.warnings]
    assert codes == [NOTE_ROWS_SKIPPED, CLOSED_WITHOUT_DATE]
    assert one(batch.warnings, NOTE_ROWS_SKIPPED).text.endswith("(rad 9).")


def test_cp1252_semicolon_csv_with_synonyms_committee_and_closed_dates():
    lines = [
        "Vedtaksoppfølging HAMU",
        "Dato;Sak nr;Tittel;Vedtakstekst;Oppfølging ved;Tidsfrist;Status;Merknad;Utvalg;"
        "Lukket dato",
        "14.02.2023;PS 2/23;Budsjett for HMS-tiltak;Avsette 12,5 mill. kr til tiltak;"
        "Økonomisjef;01.03.2023;Avsluttet;Beløp 12,5 mill. kr;HAMU;20.03.2023",
        "14.02.2023;PS 3/23;Støy på Vågen sykehjem;Måle støy på avdelingen;Eiendom;;"
        "I arbeid;;Helse-AMU;",
        "09.05.2023;PS 7/23;Treningstilbud;Gratis treningskort;;;Utgår;;HAMU;",
    ]
    batch = load(csv_bytes(lines, "cp1252"), "vedtak.csv")
    assert (batch.dialect, batch.header_row, batch.sheet) == ("csv (;, Windows-1252)", 2, None)
    assert batch.column_map == {
        "utvalg": "Utvalg", "motedato": "Dato", "saksnr": "Sak nr", "sak": "Tittel",
        "vedtak": "Vedtakstekst", "ansvarlig": "Oppfølging ved", "frist": "Tidsfrist",
        "status": "Status", "lukket_dato": "Lukket dato", "kommentar": "Merknad",
    }  # fmt: skip
    f = batch.frame
    assert f["utvalg"].tolist() == ["HAMU", "Helse-AMU", "HAMU"]
    assert f["vedtak"].iloc[0] == "Avsette 12,5 mill. kr til tiltak"
    assert f["kommentar"].iloc[0] == "Beløp 12,5 mill. kr"
    assert f["ansvarlig"].iloc[0] == "Økonomisjef"
    assert f["status"].tolist() == ["lukket", "pågår", "avvist"]
    assert f["lukket_dato"].iloc[0] == pd.Timestamp("2023-03-20")
    warning = one(batch.warnings, CLOSED_WITHOUT_DATE)
    assert warning.text == (
        "1 rad har status lukket eller avvist, men ingen lukket dato; vedtakene lagres uten "
        "lukket dato (rad 5)."
    )


def test_every_error_is_reported_at_once_in_row_and_column_order():
    rows = [
        decision(),  # row 3: good
        decision(Saksnr="PS 4/25", Møtedato="11/2/2025", Status="Glemt"),  # row 4
        decision(Saksnr="PS 5/25", Vedtak=None, Frist="snart"),  # row 5
        decision(Saksnr="PS 6/25", Møtedato=None, Status=None),  # row 6
        decision(Saksnr="PS 9/25", Status="Pågår", Kommentar="ok"),  # row 7
        decision(Saksnr="ps  3/25", Vedtak="lage  HANDLINGSPLAN"),  # row 8: same as row 3
    ]
    err = load_error(xlsx(*rows))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (UNKNOWN_DATE, 4, "Møtedato"), (UNKNOWN_STATUS, 4, "Status"),
        (MISSING_VALUE, 5, "Vedtak"), (UNKNOWN_DATE, 5, "Frist"),
        (MISSING_VALUE, 6, "Møtedato"), (MISSING_VALUE, 6, "Status"),
        (DUPLICATE_ROW, 8, "Vedtak"),
    ]  # fmt: skip
    assert all((i.file, i.sheet) == ("vedtak.xlsx", "Vedtak") for i in err.issues)
    assert err.issues[2].message == (
        "vedtak.xlsx, ark «Vedtak», rad 5, kolonne «Vedtak»: Cellen er tom, men vedtak må "
        "fylles ut."
    )
    assert err.issues[-1].text == (
        "Det samme vedtaket (samme saksnummer og samme vedtakstekst) står også på rad 3. "
        "Hvert vedtak kan bare stå én gang i en fil."
    )


def test_unknown_status_names_the_allowed_words():
    issue = one(load_error(xlsx(decision(Status="Parkert"))), UNKNOWN_STATUS)
    assert issue.message == (
        "vedtak.xlsx, ark «Vedtak», rad 3, kolonne «Status»: «Parkert» er ikke en status for "
        "vedtak vi kjenner igjen. Bruk åpen, pågår, utført, lukket eller avvist (eller et vanlig "
        "synonym som Ny, Under arbeid, Gjennomført, Avsluttet, Ikke vedtatt)."
    )


@pytest.mark.parametrize(
    ("written", "meaning"),
    [("Ny", "åpen"), ("åpen", "åpen"), ("Ikke startet", "åpen"), ("Pågår", "pågår"),
     ("under arbeid", "pågår"), ("I arbeid", "pågår"), ("Under oppfølging", "pågår"),
     ("Utført", "utført"), ("Gjennomført", "utført"), ("Ferdig.", "utført"),
     ("LUKKET", "lukket"), ("Avsluttet", "lukket"), ("Avvist", "avvist"),
     ("Ikke  vedtatt", "avvist"), ("Utgår", "avvist")],
)  # fmt: skip
def test_status_words(written, meaning):
    assert load(xlsx(decision(Status=written))).frame["status"].iloc[0] == meaning


def test_status_vocabulary_is_its_own_and_covers_every_state():
    assert set(value_map("vedtak_status").values()) == set(STATUSES)
    assert value_map("status")["pågår"] == "under behandling"  # avvik keep their meaning


def test_closed_without_a_lukket_dato_column_is_one_warning_with_the_count():
    rows = [decision(Status="Lukket"), decision(Saksnr="PS 4/25", Status="Avvist"), decision(
        Saksnr="PS 5/25", Status="Utført")]  # fmt: skip
    batch = load(xlsx(*rows))
    assert batch.frame["lukket_dato"].isna().all()
    warning = one(batch.warnings, CLOSED_WITHOUT_DATE)
    assert warning.code in WARNING_CODES and warning.row is None
    assert warning.message == (
        "vedtak.xlsx, ark «Vedtak»: 2 rader har status lukket eller avvist, men ingen lukket dato "
        "(filen har ingen kolonne for lukket dato); vedtakene lagres uten lukket dato (rad 3, 4)."
    )


def test_lukket_dato_only_on_closed_decisions_and_not_before_the_meeting():
    header = [*HEADER, "Lukket dato"]
    rows = [
        [*decision(Status="Lukket"), "01.03.2025"],
        [*decision(Saksnr="PS 4/25", Status="Pågår"), "01.03.2025"],
        [*decision(Saksnr="PS 5/25", Status="Avvist"), "01.02.2025"],
        [*decision(Saksnr="PS 6/25", Status="Lukket"), "i fjor"],
    ]
    err = load_error(xlsx(*rows, header=header))
    assert [(i.code, i.row, i.column) for i in err.issues] == [
        (CLOSED_DATE_NOT_CLOSED, 4, "Lukket dato"), (CLOSED_BEFORE_REGISTERED, 5, "Lukket dato"),
        (UNKNOWN_DATE, 6, "Lukket dato"),
    ]  # fmt: skip
    assert err.issues[0].text == (
        "Vedtaket har lukket dato (01.03.2025), men status «Pågår». Bare vedtak med status "
        "lukket eller avvist kan ha lukket dato; rett statusen eller fjern datoen."
    )
    assert err.issues[1].text == "Lukket dato (01.02.2025) er før møtedatoen (11.02.2025)."


def test_deadline_before_the_meeting_is_a_warning():
    rows = [decision(Frist="01.02.2025"), decision(Saksnr="PS 4/25"), decision(
        Saksnr="PS 5/25", Frist="10.02.2025")]  # fmt: skip
    batch = load(xlsx(*rows))
    assert len(batch.frame) == 3
    warning = one(batch.warnings, DEADLINE_BEFORE_MEETING)
    assert DEADLINE_BEFORE_MEETING in WARNING_CODES
    assert warning.text == (
        "2 rader har frist før møtedatoen; sjekk at datoene er riktige (rad 3, 5)."
    )


def test_same_text_at_two_meetings_without_case_number_is_two_decisions():
    rows = [
        decision(Saksnr=None, Vedtak="Tas til orientering"),
        decision(Saksnr=None, Vedtak="Tas til orientering", Møtedato="06.05.2025"),
    ]
    assert len(load(xlsx(*rows)).frame) == 2
    rows.append(decision(Saksnr=None, Vedtak="tas til  orientering", Møtedato="6.5.2025"))
    issue = one(load_error(xlsx(*rows)), DUPLICATE_ROW)
    assert (issue.row, issue.column) == (5, "Vedtak")
    assert "samme møtedato, uten saksnummer," in issue.text


def test_missing_required_column():
    header = [h for h in HEADER if h != "Vedtak"]
    row = [c for h, c in zip(HEADER, decision(), strict=True) if h != "Vedtak"]
    issue = one(load_error(xlsx(row, header=header)), MISSING_COLUMN)
    assert (issue.file, issue.sheet, issue.row) == ("vedtak.xlsx", "Vedtak", 2)
    assert issue.text.startswith(
        "Fant ingen kolonne for vedtak (godtatte navn: Vedtak, Vedtakstekst, Beslutning). "
        "Overskriftsraden (rad 2) har disse kolonnene: «Møtedato», «Saksnr»,"
    )


def test_mapping_overrides_the_synonyms():
    header = ["Når", "Hva ble bestemt", "Tilstand", "Hvem"]
    data = xlsx(["11.02.2025", "Lage plan", "Åpen", "HR"], header=header)
    assert load_error(data).codes == {NO_HEADER}
    mapping = {"motedato": "Når", "vedtak": "Hva ble bestemt", "status": "Tilstand",
               "ansvarlig": "Hvem"}  # fmt: skip
    batch = load(data, mapping=mapping)
    assert batch.column_map == mapping
    assert batch.frame[["vedtak", "status", "ansvarlig"]].iloc[0].tolist() == [
        "Lage plan", "åpen", "HR",
    ]  # fmt: skip


def test_mapping_can_take_a_column_from_its_synonym():
    """A log whose "Tiltak" column holds the decision text (not a synonym: see vedtak.csv)."""
    header = ["Møtedato", "Saksnr", "Tiltak", "Status", "Vedtak"]
    data = xlsx(["11.02.2025", "PS 1/25", "Kjøpe inn pulter", "Ny", "Ja"], header=header)
    batch = load(data, mapping={"vedtak": "Tiltak"})
    assert batch.frame["vedtak"].iloc[0] == "Kjøpe inn pulter"


@pytest.mark.parametrize(("fld", "header"), synonym_table("vedtak"))
def test_every_synonym_is_recognised(fld, header):
    first: dict[str, str] = {}
    for f, h in synonym_table("vedtak"):
        first.setdefault(f, h)
    cells = [header if f == fld else h for f, h in first.items()]
    assert HeaderMatcher(None, "vedtak").match(cells).columns[fld] == cells.index(header)


def test_spec():
    assert SPECS["vedtak"].required_fields == ("motedato", "vedtak", "status")
    assert SPECS["vedtak"].title == "AMU-vedtak"


def test_detection_keeps_other_kinds_apart():
    """A vernerunde list missing a required column is still a vernerunde list (its loader then
    names the missing column), not a decision log: Tiltak is therefore no vedtak synonym."""
    runde = ["Dato", "Enhet", "Funn", "Sannsynlighet", "Tiltak", "Ansvarlig", "Frist", "Status",
             "Lukket dato"]  # fmt: skip
    src = SourceFile("r.xlsx", xlsx_bytes([runde, ["04.03.2025", "Skole A", "Ledning", 3]]))
    assert detect_kind(src) == "vernerunde"
    assert detect_kind(SourceFile("v.xlsx", xlsx(decision()))) == "vedtak"
    assert detect_kind(SourceFile("v.csv", csv_bytes([";".join(HEADER)]))) == "vedtak"


def test_headers_match_without_regard_to_spaces_and_case():
    cells = ["Møte dato", "SAK NR", "Vedtak", "Fristdato", "status:"]
    columns = HeaderMatcher(None, "vedtak").match(cells).columns
    assert columns == {"motedato": 0, "saksnr": 1, "vedtak": 2, "frist": 3, "status": 4}

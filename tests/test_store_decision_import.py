"""Importing an AMU decision log into the register: decisions with their log, once, all or
nothing, in the right committee, without adding decisions the register already has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from data_loaders.batch import SourceFile
from data_loaders.decisions import load_decisions
from data_loaders.ingest import AlreadyImported, LoadError, ingest, prepare, write
from data_loaders.issues import UNKNOWN_COMMITTEE
from data_loaders.kinds import detect_kind
from sample_data.decision_log import DECISIONS, FILE, HEADER, write_decision_log_file
from store.decision_import import CLOSED_REASON, write_decision_log
from store.imports import import_log
from tests.conftest_loaders import csv_bytes, xlsx_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
TABLES = ("decisions", "decision_log", "imports", "import_replacements", "committees")


def add_committee(db, name: str = "HAMU", cid: int = 1) -> None:
    with db.transaction() as con:
        con.execute(
            "INSERT INTO committees (id, name, unit_id, case_prefix, created_at, created_by)"
            " VALUES (?, ?, ?, 'PS', ?, 'test')",
            [cid, name, 1, dt.datetime(2024, 1, 1)],
        ).fetchall()


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of the tables an import touches."""
    queries = {
        "decisions": "SELECT * FROM decisions ORDER BY id",
        "decision_log": "SELECT * FROM decision_log ORDER BY id",
        "imports": "SELECT * FROM imports ORDER BY id",
        "import_replacements": "SELECT * FROM import_replacements ORDER BY ALL",
        "committees": "SELECT * FROM committees ORDER BY id",
    }
    return {t: db.rows(queries[t]) for t in TABLES}


@pytest.fixture
def sample(tmp_path) -> SourceFile:
    path = tmp_path / FILE
    write_decision_log_file(path)
    return SourceFile(FILE, path.read_bytes())


def csv_log(*rows: str, header: str = "Møtedato;Saksnr;Vedtak;Status;Kommentar") -> SourceFile:
    return SourceFile("logg.csv", csv_bytes([header, *rows], "cp1252"))


def test_the_sample_log_becomes_decisions_with_their_log(db, sample):
    add_committee(db)
    result = ingest(db, sample, user="sekretær")
    assert result.rows_written == 12 and result.details == ""
    assert result.periods == "14.02.2023–05.12.2023"
    assert result.summary.startswith(f"{FILE}: import #1, 12 rader skrevet (14.02.2023–05.12.2023)")
    rows = db.rows(
        "SELECT id, committee_id, case_id, meeting_date, case_number, case_title, owner,"
        " deadline, status, closed_date, closed_reason, created_by, import_id, source_row"
        " FROM decisions ORDER BY id"
    )
    assert [r[0] for r in rows] == list(range(1, 13))
    assert {(r[1], r[2], r[11], r[12]) for r in rows} == {(1, None, "sekretær", 1)}
    assert [r[13] for r in rows] == list(range(3, 15))  # header on row 2
    assert rows[0][3:7] == (dt.date(2023, 2, 14), "PS 1/23",
                            "Sykefraværsstatistikk 4. kvartal 2022", "HMS-rådgiver")  # fmt: skip
    assert [r[8] for r in rows] == ["lukket", "utført", "lukket", "utført", "pågår", "avvist",
                                    "pågår", "åpen", "utført", "åpen", "lukket", "åpen"]  # fmt: skip
    assert rows[1][7] == dt.date(2023, 5, 9)
    closed = [(r[9], r[10]) for r in rows if r[8] in ("lukket", "avvist")]
    assert closed == [(None, CLOSED_REASON)] * 4
    assert {r[10] for r in rows if r[8] not in ("lukket", "avvist")} == {None}

    log = db.rows(
        "SELECT decision_id, changed_by, field, old, new, comment FROM decision_log ORDER BY id"
    )
    created = [r for r in log if r[2] == "opprettet"]
    assert len(created) == 12
    assert created[0] == (
        1,
        "sekretær",
        "opprettet",
        None,
        "lukket",
        f"Importert fra {FILE}, rad 3",
    )
    comments = [(r[0], r[5]) for r in log if r[2] == "comment"]
    assert comments == [(i + 1, d[7]) for i, d in enumerate(DECISIONS) if d[7]]
    assert db.rows("SELECT kind, rows_written, periods FROM imports") == [
        ("vedtak", 12, "14.02.2023–05.12.2023")
    ]
    assert import_log(db)["rows_live"].tolist() == [12]  # the import log counts decisions too


def test_the_same_bytes_again_are_refused_and_nothing_changes(db, sample):
    add_committee(db)
    ingest(db, sample)
    before = snapshot(db)
    with pytest.raises(AlreadyImported):
        ingest(db, sample)
    assert snapshot(db) == before


def test_one_bad_row_writes_nothing(db, sample):
    add_committee(db)
    ingest(db, sample)
    before = snapshot(db)
    bad = csv_log("07.03.2024;PS 1/24;Ny rutine;Ny;", "07.03.2024;PS 2/24;Annen rutine;Parkert;")
    with pytest.raises(LoadError) as info:
        ingest(db, bad)
    assert [(i.code, i.row, i.column) for i in info.value.issues] == [
        ("unknown_status", 3, "Status")
    ]
    assert snapshot(db) == before


def test_an_unknown_utvalg_refuses_the_file_naming_row_and_column(db):
    add_committee(db)
    add_committee(db, "AMU Helse og omsorg", 2)
    before = snapshot(db)
    src = csv_log(
        "07.03.2024;HAMU;PS 1/24;Ny rutine;Ny",
        "07.03.2024;amu  helse og omsorg;PS 2/24;Annen rutine;Ny",
        "07.03.2024;Teknisk AMU;PS 3/24;Tredje rutine;Ny",
        header="Dato;Komité;Saksnr;Vedtak;Status",
    )
    with pytest.raises(LoadError) as info:
        ingest(db, src)
    [issue] = info.value.issues
    assert (issue.code, issue.row, issue.column) == (UNKNOWN_COMMITTEE, 4, "Komité")
    assert issue.message == (
        "logg.csv, rad 4, kolonne «Komité»: Utvalget «Teknisk AMU» finnes ikke i registeret. "
        "Utvalg som finnes: «AMU Helse og omsorg», «HAMU». Rett navnet i filen, eller opprett "
        "utvalget først."
    )
    assert snapshot(db) == before


def test_the_utvalg_column_decides_and_blank_cells_take_the_chosen_committee(db):
    add_committee(db)
    add_committee(db, "AMU Helse og omsorg", 2)
    src = csv_log(
        "07.03.2024;amu  helse og omsorg;PS 1/24;Ny rutine;Ny",
        "07.03.2024;;PS 2/24;Annen rutine;Ny",
        header="Dato;Utvalg;Saksnr;Vedtak;Status",
    )
    with pytest.raises(LoadError) as info:
        ingest(db, src)
    assert info.value.issues[0].text.startswith("Vet ikke hvilket utvalg vedtakene hører til")
    assert info.value.issues[0].text.endswith("Utvalg-kolonnen er tom på rad 3.")
    ingest(db, src, committee="hamu")
    assert db.rows("SELECT case_number, committee_id FROM decisions ORDER BY id") == [
        ("PS 1/24", 2), ("PS 2/24", 1)]  # fmt: skip


def test_which_committee_without_an_utvalg_column(db, sample):
    with pytest.raises(LoadError) as info:
        ingest(db, sample)
    assert info.value.codes == {UNKNOWN_COMMITTEE}
    assert "Det finnes ingen utvalg i registeret ennå." in str(info.value)

    add_committee(db)
    add_committee(db, "AMU Helse og omsorg", 2)
    batch = prepare(db, sample).batch
    with pytest.raises(LoadError) as info:
        write(db, batch)
    assert info.value.issues[0].text == (
        "Vet ikke hvilket utvalg vedtakene hører til: registeret har flere utvalg "
        "(«AMU Helse og omsorg», «HAMU»). Velg utvalget ved importen, eller legg til en kolonne "
        "Utvalg i filen."
    )
    with pytest.raises(LoadError) as info:
        write(db, batch, committee="Teknisk AMU")
    assert info.value.issues[0].text.startswith("Utvalget «Teknisk AMU» finnes ikke i registeret.")
    assert db.rows("SELECT count(*) FROM decisions") == [(0,)]
    assert db.rows("SELECT count(*) FROM imports") == [(0,)]

    write(db, batch, committee=" HAMU ")
    assert db.rows("SELECT DISTINCT committee_id FROM decisions") == [(1,)]


def test_decisions_already_in_the_register_are_skipped_and_counted(db):
    add_committee(db)
    first = csv_log(
        "14.02.2023;PS 1/23;Lage handlingsplan mot vold;Pågår;",
        "14.02.2023;PS 2/23;Måle støy;Åpen;",
        "14.02.2023;;Tas til orientering;Lukket;",
        "14.02.2023;PS 3/23;Kjøpe pulter;Åpen;",
    )
    ingest(db, first)
    newer = csv_log(
        "14.02.2023;ps  1/23;lage handlingsplan  mot VOLD;Utført;Ferdig i mai",
        "14.02.2023;PS 2/23;Måle støy;Åpen;",
        "14.02.2023;;Tas til orientering;Lukket;",
        "09.05.2023;;Tas til orientering;Lukket;",
        "09.05.2023;PS 7/23;Vernerunder innen juni;Åpen;",
        "14.02.2023;PS 3/23;Kjøpe pulter;Åpen;",
    )
    result = ingest(db, newer)
    assert result.rows_written == 2
    assert result.details == "4 vedtak fantes fra før og ble hoppet over"
    assert result.summary.endswith(", 4 vedtak fantes fra før og ble hoppet over.")
    assert db.rows("SELECT source_row, import_id FROM decisions WHERE id > 4 ORDER BY id") == [
        (5, 2), (6, 2)]  # fmt: skip
    assert db.rows("SELECT count(*) FROM decision_log") == [(6,)]  # no comment of a skipped one
    assert db.rows("SELECT details FROM imports ORDER BY id") == [
        (None,), ("4 vedtak fantes fra før og ble hoppet over",)]  # fmt: skip


def test_dry_run_tells_what_it_would_write_and_writes_nothing(db, sample):
    add_committee(db)
    before = snapshot(db)
    result = write_decision_log(db, load_decisions(sample), "test", dry_run=True)
    assert (result.import_id, result.rows_written) == (1, 12)
    assert snapshot(db) == before
    assert ingest(db, sample).import_id == 1


def test_a_closed_decision_keeps_its_lukket_dato(db):
    add_committee(db)
    src = SourceFile("l.xlsx", xlsx_bytes([
        [*HEADER, "Lukket dato"],
        ["14.02.2023", "PS 1/23", "Sak", "Vedtak", None, None, "Lukket", None, "20.03.2023"],
        ["14.02.2023", "PS 2/23", "Sak", "Vedtak", None, None, "Avvist", None, None],
    ]))  # fmt: skip
    ingest(db, src)
    assert db.rows("SELECT closed_date, closed_reason FROM decisions ORDER BY id") == [
        (dt.date(2023, 3, 20), CLOSED_REASON), (None, CLOSED_REASON)]  # fmt: skip


def test_detect_kind_knows_the_decision_log_and_still_the_other_samples(sample):
    assert detect_kind(sample) == "vedtak"
    assert detect_kind(SourceFile(FILE, (SAMPLE / FILE).read_bytes())) == "vedtak"
    expected = {
        "sykefravaer_2023-2024.xlsx": "sykefravaer", "sykefravaer_2025-h1.csv": "sykefravaer",
        "sykefravaer_2025-k3-k4.csv": "sykefravaer", "avvik_2023-2025.xlsx": "avvik",
        "avvik_2025_eksport.csv": "avvik", "vernerunder_2023-2025.xlsx": "vernerunde",
        "vernerunder_2025.csv": "vernerunde",
    }  # fmt: skip
    for name, kind in expected.items():
        assert detect_kind(SourceFile(name, (SAMPLE / name).read_bytes())) == kind, name


def test_the_committed_sample_holds_what_the_generator_writes(sample):
    committed = load_decisions(SourceFile(FILE, (SAMPLE / FILE).read_bytes()))
    assert committed.frame.equals(load_decisions(sample).frame)

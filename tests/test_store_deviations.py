"""Deviation cases update by saksnummer, never duplicate, and the log says what changed."""

import hashlib

import pandas as pd
import pytest

from data_loaders.batch import DEVIATION_COLUMNS, Batch
from store.deviations import case_changes, write_deviations
from store.imports import AlreadyImported, import_log


def case(nr, registered, status="åpen", closed=None, deadline=None, enhet="Vei og park", **extra):
    base = {
        "saksnummer": nr, "registrert_dato": pd.Timestamp(registered), "virksomhet": "Testkommune",
        "sektor": "Teknisk drift", "enhet": enhet, "kategori": "Personskade",
        "alvorlighetsgrad": 3, "alvorlighet_kilde": "3", "status": status, "status_kilde": status.title(),
        "frist": pd.Timestamp(deadline) if deadline else pd.NaT,
        "lukket_dato": pd.Timestamp(closed) if closed else pd.NaT,
        "skadetype": None, "skadeklasse": None, "fravaersdager": float("nan"),
        "beskrivelse": "Ansatt skled på isen", "source_row": 2,
    }  # fmt: skip
    base.update(extra)
    return base


def batch(cases, name="avvik.xlsx"):
    frame = pd.DataFrame(cases, columns=list(DEVIATION_COLUMNS))
    frame["alvorlighetsgrad"] = frame["alvorlighetsgrad"].astype("Int64")
    return Batch(
        kind="avvik", file_name=name, sha256=hashlib.sha256(repr(cases).encode()).hexdigest(),
        sheet="Avvik", dialect="test", header_row=1, rows_read=len(cases), frame=frame, column_map={},
    )  # fmt: skip


def test_first_import_writes_every_case(db):
    r = write_deviations(
        db, batch([case("A-1", "2025-01-10"), case("A-2", "2025-02-01")]), user="kari"
    )
    assert r.rows_written == 2 and r.details.startswith("2 nye saker, 0 oppdaterte")
    assert db.scalar("SELECT count(*) FROM deviations") == 2
    assert (
        db.scalar("SELECT beskrivelse FROM deviations WHERE saksnummer = 'A-1'")
        == "Ansatt skled på isen"
    )
    assert import_log(db).iloc[0]["kind"] == "avvik"


def test_newer_export_updates_cases_never_duplicates_and_logs_changes(db):
    first = write_deviations(
        db, batch([case("A-1", "2025-01-10"), case("A-2", "2025-02-01")], "jan.xlsx")
    )
    second = write_deviations(db, batch([
        case("A-1", "2025-01-10", status="lukket", closed="2025-01-24"),   # closed since
        case("A-2", "2025-02-01"),                                          # unchanged
        case("A-3", "2025-03-05"),                                          # new
    ], "mars.xlsx"))  # fmt: skip
    assert db.scalar("SELECT count(*) FROM deviations") == 3
    assert second.rows_written == 2  # A-1 rewritten, A-3 new; A-2 untouched
    assert second.replaced == {first.import_id: 1}
    assert "1 nye saker, 1 oppdaterte (1 med ny status)" in second.summary
    history = case_changes(db, "A-1")
    assert list(zip(history["field"], history["old_value"], history["new_value"], strict=True)) == [
        ("status", "åpen", "lukket"), ("lukket_dato", None, "2025-01-24")]  # fmt: skip
    rows = dict(db.rows("SELECT saksnummer, import_id FROM deviations"))
    assert rows == {"A-1": second.import_id, "A-2": first.import_id, "A-3": second.import_id}
    assert (
        db.scalar("SELECT first_import_id FROM deviations WHERE saksnummer = 'A-1'")
        == first.import_id
    )


def test_same_file_again_writes_nothing(db):
    b = batch([case("A-1", "2025-01-10")])
    write_deviations(db, b)
    version = db.version()
    with pytest.raises(AlreadyImported):
        write_deviations(db, b)
    assert db.version() == version and db.scalar("SELECT count(*) FROM deviations") == 1


def test_dry_run_changes_nothing(db):
    write_deviations(db, batch([case("A-1", "2025-01-10")]))
    before = db.rows("SELECT * FROM deviations")
    preview = write_deviations(
        db, batch([case("A-1", "2025-01-10", status="lukket", closed="2025-02-01")]), dry_run=True
    )
    assert preview.rows_written == 1 and db.rows("SELECT * FROM deviations") == before
    assert db.scalar("SELECT count(*) FROM deviation_changes") == 0


def test_a_coarser_severity_word_in_the_same_band_is_not_a_change(db):
    write_deviations(db, deviation_batch_graded("A-1", 4, "4"), user="x")
    later = write_deviations(db, deviation_batch_graded("A-1", 5, "Høy", status="lukket"), user="x")
    fields = list(case_changes(db, "A-1")["field"])
    assert fields == ["status", "lukket_dato"] and "1 oppdaterte" in later.summary
    assert db.rows("SELECT alvorlighetsgrad, alvorlighet_kilde FROM deviations") == [(4, "4")]
    write_deviations(db, deviation_batch_graded("A-1", 1, "Lav", status="lukket"), user="x")
    assert list(case_changes(db, "A-1")["field"]) == [
        "status",
        "lukket_dato",
        "alvorlighetsgrad",
    ]  # band changed


def deviation_batch_graded(nr, grade, source, status="åpen"):
    closed = "2025-02-01" if status == "lukket" else None
    return batch([case(nr, "2025-01-10", status=status, closed=closed, alvorlighetsgrad=grade, alvorlighet_kilde=source)],
                 name=f"{nr}-{grade}-{status}.csv")  # fmt: skip

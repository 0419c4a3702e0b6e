"""Provenance and idempotent re-loading: same file writes nothing, a newer export replaces."""

import pytest

import store.org as org_store
from store.imports import import_log
from store.sick_leave import AlreadyImported, write_batch
from tests.conftest import make_batch

COUNT_QUERIES = (
    "SELECT count(*) FROM imports",
    "SELECT count(*) FROM sick_leave",
    "SELECT count(*) FROM org_units",
    "SELECT count(*) FROM import_replacements",
)


def counts(db):
    return [db.scalar(q) for q in COUNT_QUERIES]


def test_every_import_is_recorded_with_its_provenance(db):
    batch = make_batch(
        [dict(sektor="A", enhet="a1", period="2025-01", persons=9, avtalte=100, tapte=5)],
        "eksport.xlsx",
    )
    result = write_batch(db, batch, user="kari")
    log = import_log(db)
    assert len(log) == 1
    entry = log.iloc[0]
    assert entry["file_name"] == "eksport.xlsx" and entry["imported_by"] == "kari"
    assert (
        entry["sha256"] == batch.sha256
        and entry["rows_written"] == 1
        and entry["periods"] == "2025-01"
    )
    assert (
        db.scalar("SELECT import_id FROM sick_leave") == result.import_id
    )  # each figure traces back
    assert db.scalar("SELECT source_row FROM sick_leave") == 2


def test_same_file_again_writes_nothing(db):
    batch = make_batch(
        [dict(sektor="A", enhet="a1", period="2025-01", persons=9, avtalte=100, tapte=5)]
    )
    write_batch(db, batch)
    before, version = counts(db), db.version()
    with pytest.raises(AlreadyImported) as err:
        write_batch(db, batch)
    assert "allerede importert" in str(err.value)
    assert counts(db) == before and db.version() == version


def test_newer_export_replaces_overlapping_figures_and_log_says_which(db):
    old = write_batch(db, make_batch([
        dict(sektor="A", enhet="a1", period=f"2025-{m:02d}", persons=9, avtalte=100, tapte=5) for m in (1, 2, 3, 4)
    ], "gammel.csv"))  # fmt: skip
    # A quarterly export for Q1 with corrected figures replaces the three monthly rows.
    new = write_batch(
        db,
        make_batch(
            [dict(sektor="A", enhet="a1", period="2025-K1", persons=9, avtalte=300, tapte=30)],
            "ny.csv",
        ),
    )
    assert new.rows_replaced == 3 and new.replaced == {old.import_id: 3}
    assert "erstattet 3 rader fra import #1" in new.summary
    rows = db.rows(
        "SELECT month_from, month_to, tapte, import_id FROM sick_leave ORDER BY month_from"
    )
    assert [r[3] for r in rows] == [new.import_id, old.import_id]  # April stays from the old file
    assert rows[0][2] == 30
    assert db.rows("SELECT * FROM import_replacements") == [(new.import_id, old.import_id, 3)]
    log = import_log(db)
    assert log.loc[log["id"] == new.import_id, "replaced"].item() == "#1 (3 rader)"
    assert log.loc[log["id"] == old.import_id, "rows_live"].item() == 1


def test_other_units_are_not_touched_by_a_replacement(db):
    write_batch(
        db,
        make_batch(
            [
                dict(sektor="A", enhet=e, period="2025-01", persons=9, avtalte=100, tapte=5)
                for e in ("a1", "a2")
            ]
        ),
    )
    r = write_batch(
        db,
        make_batch(
            [dict(sektor="A", enhet="a1", period="2025-01", persons=9, avtalte=100, tapte=7)]
        ),
    )
    assert r.rows_replaced == 1
    assert sorted(db.rows("SELECT tapte FROM sick_leave")) == [(5.0,), (7.0,)]


def test_a_failure_midway_leaves_the_database_exactly_as_before(db, monkeypatch):
    write_batch(
        db,
        make_batch(
            [dict(sektor="A", enhet="a1", period="2025-01", persons=9, avtalte=100, tapte=5)]
        ),
    )
    before, version = counts(db), db.version()
    real = org_store.resolve_units

    def resolve_then_fail(con, keys, import_id):
        real(con, keys, import_id)  # creates the new units inside the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(org_store, "resolve_units", resolve_then_fail)
    with pytest.raises(RuntimeError):
        write_batch(
            db,
            make_batch(
                [dict(sektor="B", enhet="b1", period="2025-01", persons=9, avtalte=100, tapte=5)]
            ),
        )
    assert counts(db) == before and db.version() == version


def test_enhet_without_sektor_finds_where_an_earlier_file_placed_it(db):
    write_batch(
        db,
        make_batch(
            [dict(sektor="A", enhet="a1", period="2025-01", persons=9, avtalte=100, tapte=5)]
        ),
    )
    write_batch(
        db,
        make_batch(
            [dict(sektor=None, enhet="a1", period="2025-02", persons=9, avtalte=100, tapte=6)]
        ),
    )
    assert db.scalar("SELECT count(*) FROM org_units WHERE level = 'enhet'") == 1
    assert db.scalar("SELECT count(DISTINCT unit_id) FROM sick_leave") == 1


def test_dry_run_tells_what_a_real_import_would_do_and_writes_nothing(db):
    old = make_batch(
        [
            dict(sektor="A", enhet="a1", period=f"2025-{m:02d}", persons=9, avtalte=100, tapte=5)
            for m in (1, 2)
        ]
    )
    write_batch(db, old)
    new = make_batch([
        dict(sektor="A", enhet="a1", period="2025-02", persons=9, avtalte=100, tapte=6),
        dict(sektor="B", enhet="b1", period="2025-02", persons=9, avtalte=100, tapte=6),
    ])  # fmt: skip
    before, version = counts(db), db.version()
    preview = write_batch(db, new, dry_run=True)
    assert counts(db) == before and db.version() == version
    real = write_batch(db, new)
    assert (preview.import_id, preview.rows_written, preview.rows_replaced, preview.replaced, preview.units_created) == (
        real.import_id, real.rows_written, real.rows_replaced, real.replaced, real.units_created)  # fmt: skip
    assert real.import_id == 2 and real.replaced == {1: 1} and real.units_created == 2

"""Backups on a copy of the demo database: a round trip keeps every row, a changed backup is
refused, restore keeps what it replaces, snapshots keep their rhythm, and a backup taken while
another thread writes is one consistent moment."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading

import duckdb
import pytest

from store import open_database
from store.backup import (
    backup,
    backups_in,
    manifest_path,
    restore,
    scheduled_snapshot,
    snapshot_if_due,
    table_checksums,
    verify,
)
from store.decisions import change_decision


def checksums(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return table_checksums(con)
    finally:
        con.close()


@pytest.fixture
def demo(demo_db_file, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copy(demo_db_file, path)
    return path


def test_backup_then_restore_gives_every_row_back(demo, tmp_path):
    with open_database(demo) as db:
        path = backup(db, tmp_path / "backups", label="før oppgradering")
        db.checkpoint()
    assert re.fullmatch(r"hms-\d{8}-\d{6}-før-oppgradering\.duckdb", path.name)
    manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
    live = checksums(demo)
    assert manifest["tables"] == live
    assert live["sick_leave"]["rows"] > 1000 and live["decisions"]["rows"] > 100
    assert verify(path).ok

    target = tmp_path / "restored" / "hms.duckdb"
    assert restore(path, target) is None  # nothing was replaced
    assert checksums(target) == live
    with open_database(target) as db:  # an ordinary database the app can open
        assert db.scalar("SELECT count(*) FROM sick_leave") == live["sick_leave"]["rows"]


def test_a_changed_backup_fails_verify_and_is_not_restored(demo, tmp_path):
    path = backup(demo, tmp_path / "backups")
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE sick_leave SET tapte = tapte + 1 WHERE rowid = (SELECT min(rowid) FROM sick_leave)"
    )
    con.close()
    check = verify(path)
    assert not check.ok
    assert check.problems == ("sick_leave: innholdet er endret (sjekksummen stemmer ikke)",)
    target = tmp_path / "restored.duckdb"
    with pytest.raises(ValueError, match="stemmer ikke med manifestet"):
        restore(path, target)
    assert not target.exists()

    con = duckdb.connect(str(path))
    con.execute("DELETE FROM decisions WHERE id = (SELECT max(id) FROM decisions)")
    con.close()
    assert any("decisions:" in p and "rader" in p for p in verify(path).problems)


def test_restore_keeps_the_database_it_replaces(demo, tmp_path):
    path = backup(demo, tmp_path / "backups")
    with open_database(demo) as db:  # the live database moves on after the backup
        first = db.scalar("SELECT min(id) FROM decisions")
        change_decision(db, first, "test", owner="Ny eier")
    before = checksums(demo)
    assert before != json.loads(manifest_path(path).read_text())["tables"]

    with pytest.raises(FileExistsError, match="--force"):
        restore(path, demo)
    assert checksums(demo) == before

    kept = restore(path, demo, force=True)
    assert kept.name.startswith("live.duckdb.before-restore-")
    assert checksums(kept) == before
    assert (
        checksums(demo)
        == verify(path).tables
        == json.loads(manifest_path(path).read_text())["tables"]
    )


def test_snapshots_follow_the_interval_and_keep_the_newest(demo, tmp_path, monkeypatch):
    dest = tmp_path / "snapshots"
    t0 = dt.datetime(2026, 1, 5, 3, 0, 0)
    with open_database(demo) as db:
        manual = backup(db, dest, label="manuell", now=t0 - dt.timedelta(days=30))
        assert snapshot_if_due(db, dest, 24, 2, now=t0) is not None  # the manual one is old
        assert snapshot_if_due(db, dest, 24, 2, now=t0 + dt.timedelta(hours=23)) is None
        taken = [snapshot_if_due(db, dest, 24, 2, now=t0 + dt.timedelta(hours=h)) for h in (24, 48)]
        assert all(taken)
        autos = [p for _, p in backups_in(dest) if p.stem.endswith("-auto")]
        assert autos == taken  # the oldest snapshot is gone, with its manifest
        assert manual.exists() and sorted(dest.glob("*.json")) == sorted(
            manifest_path(p) for p in [manual, *taken]
        )
        assert all(verify(p).ok for p in taken)

        monkeypatch.delenv("HMS_BACKUP_DIR", raising=False)
        assert scheduled_snapshot(db) is None
        monkeypatch.setenv("HMS_BACKUP_DIR", str(tmp_path / "cron"))
        monkeypatch.setenv("HMS_BACKUP_EVERY_HOURS", "1")
        monkeypatch.setenv("HMS_BACKUP_KEEP", "3")
        made = scheduled_snapshot(db)
        assert made is not None and made.parent == tmp_path / "cron"
        assert scheduled_snapshot(db) is None  # less than an hour since


def test_backup_while_another_thread_writes_is_consistent(demo, tmp_path):
    with open_database(demo) as db:
        decision = db.scalar("SELECT min(id) FROM decisions")
        stop = threading.Event()
        changes = []

        def writer():
            i = 0
            while not stop.is_set():
                i += 1
                change_decision(db, decision, "test", owner=f"Eier {i}")
                changes.append(i)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            paths = [backup(db, tmp_path / "backups", label=f"n{n}") for n in range(3)]
        finally:
            stop.set()
            thread.join()
    assert len(changes) > 3  # the writer really ran alongside
    for path in paths:
        assert verify(path).ok
        con = duckdb.connect(str(path), read_only=True)
        # The decision and its log were written in one transaction: the copy has both or neither.
        owner = con.execute("SELECT owner FROM decisions WHERE id = ?", [decision]).fetchone()[0]
        last = con.execute(
            "SELECT new FROM decision_log WHERE decision_id = ? AND field = 'owner'"
            " ORDER BY id DESC LIMIT 1",
            [decision],
        ).fetchone()
        version = con.execute("SELECT version FROM data_version").fetchone()[0]
        con.close()
        assert last is None or owner == last[0]
        assert json.loads(manifest_path(path).read_text())["data_version"] == version


def test_cli_backup_verify_and_restore(demo, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent

    def cli(*args):
        return subprocess.run(
            [sys.executable, str(root / "cli.py"), *map(str, args)],
            capture_output=True, text=True, cwd=root,
        )  # fmt: skip

    r = cli("backup", "--db", demo, "--out", tmp_path / "b", "--label", "cli")
    assert r.returncode == 0, r.stderr
    path = Path(r.stdout.splitlines()[0])
    assert path.exists() and "sick_leave" in r.stdout
    r = cli("backup", "--verify", path)
    assert r.returncode == 0 and "i orden" in r.stdout
    r = cli("restore", path, "--db", demo)
    assert r.returncode == 1 and "--force" in r.stderr
    r = cli("restore", path, "--db", demo, "--force")
    assert r.returncode == 0, r.stderr
    assert "before-restore-" in r.stdout
    assert checksums(demo) == verify(path).tables

"""Nothing is lost when things go wrong: a killed import, a second process, a full disk.

Each fault runs in a real child process against a real DuckDB file, and afterwards the file
must open and hold either exactly what it held before or exactly the complete import: every
table's row count and checksum (store.backup.table_checksums) is compared.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from commands.figures import DISK_FAILED
from data_loaders.batch import SourceFile
from data_loaders.ingest import prepare, write
from sample_data.large import write_large_export
from store import open_database
from store.backup import table_checksums
from store.database import ReadOnlyDatabase

ROOT = Path(__file__).resolve().parent.parent
SMALL_CSV = ROOT / "sample_data" / "sykefravaer_2025-h1.csv"
BUSY = "er i bruk av et annet program"
STAMPED = {"imports", "audit_log"}  # their rows carry the time of the import

# The child imports the large export; MODE "hold" stops inside the transaction after every row
# is written (before COMMIT) so a kill there is certain to land mid-transaction.
IMPORT_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
import store.sick_leave as sl
from data_loaders.batch import SourceFile
from data_loaders.ingest import prepare, write
from store import open_database

if {mode!r} == "hold":
    plain = sl.write_import
    def held(db, batch, periods, writer, *args, **kwargs):
        def slow(con, import_id):
            done = writer(con, import_id)
            print("inside", flush=True)
            time.sleep(120)
            return done
        return plain(db, batch, periods, slow, *args, **kwargs)
    sl.write_import = held
db = open_database({db!r})
path = Path({export!r})
batch = prepare(db, SourceFile(path.name, path.read_bytes())).batch
print("writing", flush=True)
write(db, batch, "test")
print("committed", flush=True)
time.sleep(120)
"""

HOLDER_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from store import open_database
db = open_database({db!r})  # read-only or not as HMS_READ_ONLY says, like the app
print("ready", db.read_only, flush=True)
time.sleep(120)
"""


def state(path: Path) -> dict:
    """Every table's rows and checksum, after opening the file as the app would."""
    with open_database(path) as db, db.cursor() as cur:
        return table_checksums(cur)


def cli(*args, env=None, **popen):
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}, **popen,
    )  # fmt: skip


def start(code: str, env=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@contextmanager
def holder(path: Path, env: dict, ready: str):
    """A child process holding the database open (as the app would) until the block ends."""
    app = start(HOLDER_CHILD.format(root=str(ROOT), db=str(path)), env=env)
    try:
        wait_for(app, ready)
        yield app
    finally:
        app.kill()
        app.wait(timeout=30)
        app.stdout.close()
        app.stderr.close()


def wait_for(child: subprocess.Popen, marker: str) -> None:
    for line in child.stdout:
        if line.startswith(marker):
            return
    raise AssertionError(f"child ended before «{marker}»: {child.stderr.read()[-2000:]}")


@pytest.fixture(scope="module")
def base(demo_db_file, tmp_path_factory):
    """The demo database at the current schema, and a 150 000-row sick-leave export."""
    folder = tmp_path_factory.mktemp("faults")
    db = folder / "base.duckdb"
    shutil.copy(demo_db_file, db)
    open_database(db).close()  # migrate once, so the children only import
    export = folder / "stor.csv"
    write_large_export(export, 150_000, "csv")
    return db, export


def test_sigkill_during_an_import_leaves_all_or_nothing(base, tmp_path):
    base_db, export = base
    before = state(base_db)
    complete = tmp_path / "complete.duckdb"
    shutil.copy(base_db, complete)
    with open_database(complete) as db:
        write(db, prepare(db, SourceFile(export.name, export.read_bytes())).batch, "test")
    after = state(complete)
    assert after["sick_leave"]["rows"] == before["sick_leave"]["rows"] + 150_000

    # (marker, seconds after it): inside the write at several points, held before COMMIT,
    # and after COMMIT but before any checkpoint (the rows then live only in the WAL).
    points = [("writing", 0.0), ("writing", 0.05), ("writing", 0.12), ("writing", 0.25),
              ("inside", 0.0), ("committed", 0.0)]  # fmt: skip
    outcomes = []
    for n, (marker, delay) in enumerate(points):
        path = tmp_path / f"killed{n}.duckdb"
        shutil.copy(base_db, path)
        mode = "hold" if marker == "inside" else "run"
        child = start(
            IMPORT_CHILD.format(root=str(ROOT), mode=mode, db=str(path), export=str(export))
        )
        try:
            wait_for(child, marker)
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(timeout=30)
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        if marker == "committed":
            assert Path(f"{path}.wal").exists()  # a real WAL replay follows
        got = state(path)  # opens: WAL replayed, schema checked
        if got == before:
            outcomes.append("nothing")
            continue
        # Everything, identical to the uninterrupted import but for when it was imported.
        assert {t: v["rows"] for t, v in got.items()} == {t: v["rows"] for t, v in after.items()}
        assert {t: v for t, v in got.items() if t not in STAMPED} == {
            t: v for t, v in after.items() if t not in STAMPED
        }, f"kill at {marker}+{delay}s left a partial import"
        outcomes.append("all")
    print("outcomes per kill point:", list(zip(points, outcomes, strict=True)))
    assert outcomes[4] == "nothing" and outcomes[5] == "all", outcomes


def test_a_second_process_gets_a_clear_message_and_breaks_nothing(base, tmp_path):
    path = tmp_path / "app.duckdb"
    shutil.copy(base[0], path)
    before = state(path)
    env = {"HMS_READ_ONLY": ""}
    with holder(path, env, "ready"):
        for args in (
            ("sick-leave", "--level", "virksomhet", "--period", "2024"),
            ("ingest", SMALL_CSV),
            ("backup", "--out", tmp_path / "b"),
        ):
            r = cli(*args, "--db", path, env=env)
            assert r.returncode == 1, (args, r.stdout, r.stderr)
            assert BUSY in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert state(path) == before


def test_read_only_processes_share_the_database_and_a_writer_is_told(base, tmp_path):
    path = tmp_path / "shared.duckdb"
    shutil.copy(base[0], path)
    before = state(path)
    with holder(path, {"HMS_READ_ONLY": "1"}, "ready True"):  # the env switch: read-only
        readers = [
            subprocess.Popen(
                [sys.executable, str(ROOT / "cli.py"), *args, "--db", str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )  # fmt: skip
            for args in (
                ("sick-leave", "--level", "sektor", "--period", "2024", "--json"),
                ("deviations", "--level", "sektor", "--period", "2024"),
                ("decisions", "--json"),
            )
        ]
        for reader in readers:
            out, err = reader.communicate(timeout=60)
            assert reader.returncode == 0, err
            assert out.strip()
        with open_database(path, read_only=True) as db:  # this process reads alongside too
            assert db.scalar("SELECT count(*) FROM sick_leave") == before["sick_leave"]["rows"]
            with pytest.raises(ReadOnlyDatabase, match="skrivebeskyttet"), db.transaction():
                pass
        r = cli("ingest", SMALL_CSV, "--db", path)
        assert r.returncode == 1 and BUSY in r.stderr and "Traceback" not in r.stderr
        r = cli("backup", "--db", path, "--out", tmp_path / "b")  # backups only read
        assert r.returncode == 0, r.stderr
    assert state(path) == before


# The child runs the real CLI with a file size limit just above the database file, so DuckDB's
# writes beyond it fail with EFBIG like a full disk. CHECKPOINT_THRESHOLD "1KB" makes the
# commit itself write the data into the file (a checkpoint) instead of the WAL.
DISK_CHILD = """
import os, resource, signal, sys
sys.path.insert(0, {root!r})
import duckdb
if {threshold!r}:
    plain = duckdb.connect
    duckdb.connect = lambda *a, **k: plain(*a, config={{"checkpoint_threshold": {threshold!r}}}, **k)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = os.path.getsize({db!r}) + {margin}
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["cli.py", "ingest", {export!r}, "--db", {db!r}]
from cli import main
sys.exit(main())
"""


@pytest.mark.parametrize(
    ("margin", "threshold"),
    [(64 * 1024, ""), (4_000_000, "1KB")],
    ids=["while-writing-rows", "at-commit"],
)
def test_a_full_disk_fails_the_import_cleanly(base, tmp_path, margin, threshold):
    base_db, export = base
    path = tmp_path / "full.duckdb"
    shutil.copy(base_db, path)
    before = state(path)
    code = DISK_CHILD.format(
        root=str(ROOT), db=str(path), export=str(export), margin=margin, threshold=threshold
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert DISK_FAILED in r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert state(path) == before  # the limit is gone in this process: exactly as before

    r = cli("ingest", export, "--db", path)  # and the database still takes the import
    assert r.returncode == 0, r.stderr
    assert state(path)["sick_leave"]["rows"] == before["sick_leave"]["rows"] + 150_000

"""Schema migrations: numbered, applied once, recorded, and an older database upgrades in place."""

from store import Database, open_database
from store.migrate import available, migrate


def test_numbers_are_unique_and_consecutive():
    assert [m.version for m in available()] == list(range(1, len(available()) + 1))


def test_reopening_applies_nothing(tmp_path):
    open_database(tmp_path / "a.duckdb").close()
    with open_database(tmp_path / "a.duckdb") as db:
        assert migrate(db) == []
        assert db.scalar("SELECT count(*) FROM schema_migrations") == len(available())


def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    db = Database(path)
    assert migrate(db, up_to=2) == [1, 2]
    with db.transaction() as con:  # a row as the version-2 schema stored it
        con.execute("INSERT INTO org_units (id, level, name) VALUES (1, 'enhet', 'a1')")
        con.execute(
            "INSERT INTO sick_leave VALUES (1, 24300, 24300, 9, 4.5, 100, 5, NULL, NULL, 1, 2)"
        )
    db.close()
    with open_database(path) as db:
        assert db.scalar("SELECT max(version) FROM schema_migrations") == len(available())
        assert db.scalar("SELECT count(*) FROM sick_leave") == 1
        assert db.scalar("SELECT count(*) FROM category_map") > 30

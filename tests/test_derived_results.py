"""Hidden cells kept in the database per data version (store/derived.py, version_cache.kept).

On a real copy of the sample organisation: a new process reads what an earlier one computed,
gets exactly the same answer without running the secondary rule, and never reads a result of
another data version, threshold or read-only handle.
"""

import shutil

import pytest

from metrics import deviation_suppression, joint_suppression, version_cache
from metrics.deviation_suppression import hidden_counts
from metrics.joint_suppression import joint_hidden
from metrics.org_rollup import parents
from store import open_database
from store.derived import load_cells, store_cells
from store.settings import set_suppression_threshold


@pytest.fixture
def sample(demo_db_file, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    version_cache._CACHE.clear()
    yield path
    version_cache._CACHE.clear()


def _compute_all(db, threshold=5):
    parent_of = parents(db)
    return joint_hidden(db, parent_of, threshold), hidden_counts(db, parent_of, threshold)


def _stored(db):
    return db.rows("SELECT version, name, cells FROM derived_results ORDER BY name")


def _no_secondary_rule(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the secondary rule ran although a stored result was there")

    monkeypatch.setattr(joint_suppression, "propagate", refuse)
    monkeypatch.setattr(deviation_suppression, "propagate", refuse)


def test_a_new_process_reads_the_stored_cells_and_gets_the_same_answer(sample, monkeypatch):
    _forget_stored(sample)
    with open_database(sample) as db:
        version = db.version()
        first = _compute_all(db)
        stored = _stored(db)
        assert db.version() == version  # storing derived cells is not a change of the data
    hidden_sick = sum(len(units) for units in first[0].values())
    assert [(v, name.split("/")[0], n) for v, name, n in stored] == [
        (version, "deviations_hidden", len(first[1].deviations) + len(first[1].injuries)),
        (version, "sick_leave_hidden", hidden_sick),
    ]
    assert hidden_sick > 0 and first[1].deviations and first[1].injuries

    version_cache._CACHE.clear()  # what a restarted app starts with
    _no_secondary_rule(monkeypatch)
    with open_database(sample, read_only=True) as db:
        assert _compute_all(db) == first


def test_a_new_data_version_is_computed_again_and_the_old_cells_go(sample, monkeypatch):
    with open_database(sample) as db:
        old = db.version()
        first = _compute_all(db)
        with db.transaction():  # any import moves the version on
            pass
        assert load_cells(db, db.version(), _stored(db)[0][1]) is None
        version_cache._CACHE.clear()
        calls = []
        real = joint_suppression.propagate
        monkeypatch.setattr(
            joint_suppression, "propagate", lambda *a, **k: calls.append(1) or real(*a, **k)
        )
        assert _compute_all(db) == first  # same data, same answer, computed anew
        assert calls == [1]
        assert {v for v, _, _ in _stored(db)} == {old + 1}
        assert db.scalar("SELECT count(*) FROM derived_cells WHERE version = ?", [old]) == 0


def test_another_threshold_never_reads_the_cells_of_the_first(sample):
    with open_database(sample) as db:
        at_five = _compute_all(db, 5)
        set_suppression_threshold(db, 8)
        version_cache._CACHE.clear()
        at_eight = _compute_all(db, 8)
    with open_database(sample, read_only=True) as db:
        version_cache._CACHE.clear()
        assert _compute_all(db, 8) == at_eight
    assert sum(map(len, at_eight[0].values())) > sum(map(len, at_five[0].values()))


def _forget_stored(path):
    with open_database(path) as db, db.transaction(changes_data=False) as con:
        con.execute("DELETE FROM derived_cells")
        con.execute("DELETE FROM derived_results")


def test_a_read_only_handle_computes_but_stores_nothing(sample):
    _forget_stored(sample)  # the sample's build (meeting snapshots) already stored some
    with open_database(sample, read_only=True) as db:
        result = _compute_all(db)
        assert _stored(db) == []
    assert result[1].deviations


def test_cells_computed_from_an_older_version_are_not_stored(sample):
    with open_database(sample) as db:
        version = db.version()
        with db.transaction():
            pass
        cells = {(1, 24300, 24302, "sykefravær"): "primary"}
        assert store_cells(db, version, "x", cells) is False
        assert store_cells(db, version + 1, "x", cells) is True
        assert load_cells(db, version + 1, "x") == cells
        assert load_cells(db, version, "x") is None
        assert store_cells(db, version + 1, "empty", {}) is True
        assert load_cells(db, version + 1, "empty") == {}  # stored, with nothing hidden


def test_cells_stored_by_another_version_of_the_rule_are_not_read(sample, monkeypatch):
    with open_database(sample) as db:
        first = _compute_all(db)
        version_cache._CACHE.clear()
        monkeypatch.setattr(version_cache, "RULES", "an older rule")  # an upgrade
        calls = []
        real = joint_suppression.propagate
        monkeypatch.setattr(
            joint_suppression, "propagate", lambda *a, **k: calls.append(1) or real(*a, **k)
        )
        assert _compute_all(db) == first
        assert calls == [1]

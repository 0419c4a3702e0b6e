"""Compute the whole-organisation results every page shares before anyone asks for them.

Which figures are hidden is decided once per data version over the whole organisation and
every period (`joint_suppression`, `deviation_suppression`); for 1,500 units that takes
seconds. `warm_in_background` starts that work in a thread when the app opens a database and
after each import, so the first visitor does not wait for it; a page that asks meanwhile waits
for the same computation (`version_cache`), it never runs twice.
"""

from __future__ import annotations

import threading

from metrics.deviation_suppression import hidden_counts
from metrics.joint_suppression import joint_hidden
from metrics.org_rollup import parents, unit_info
from store import Database
from store.settings import suppression_threshold

_STARTED: set[tuple[str, int]] = set()
_LOCK = threading.Lock()


def warm(db: Database) -> None:
    """Compute (and keep) the shared results for the database's current data version."""
    threshold = suppression_threshold(db)
    parent_of = parents(db)
    unit_info(db)
    joint_hidden(db, parent_of, threshold)
    hidden_counts(db, parent_of, threshold)


def warm_in_background(db: Database) -> threading.Thread | None:
    """Start `warm` in a daemon thread, once per database file and data version."""
    key = (str(db.path), db.version())
    with _LOCK:
        if key in _STARTED:
            return None
        _STARTED.add(key)

    def run() -> None:
        try:
            warm(db)
        except Exception:  # noqa: BLE001 - a page computing it itself will show the error
            with _LOCK:
                _STARTED.discard(key)

    thread = threading.Thread(target=run, name="hms-warm", daemon=True)
    thread.start()
    return thread

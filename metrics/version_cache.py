"""Results computed once per database file and data version, kept in the process.

Suppression over every published window and the whole-organisation case frame cost seconds
for a large organisation and are the same for every page, report and user until an import
changes the data (the version goes up), so they are computed once and shared. The metric
functions take them from here; Streamlit's own caches sit above, per page and scope.
`kept` goes one step further for sets of hidden cells: they are stored in the database with
their data version (store/derived.py), so the next process reads them instead of recomputing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from threading import Lock
from typing import TypeVar

from store import Database
from store.derived import Cell, load_cells, store_cells

T = TypeVar("T")
KEPT = 32

_CACHE: dict[tuple, object] = {}
_LOCK = Lock()
_COMPUTING: dict[tuple, Lock] = {}


def cached(db: Database, name: tuple, compute: Callable[[], T]) -> T:
    """compute() once per database file, data version and name (the last `KEPT` results).

    Sessions asking for the same result at the same time wait for one computation instead of
    each running it (twenty sessions opening the app after an import)."""
    key = (str(db.path), db.version(), name)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]  # type: ignore[return-value]
        lock = _COMPUTING.setdefault(key, Lock())
    with lock:
        with _LOCK:
            if key in _CACHE:
                return _CACHE[key]  # type: ignore[return-value]
        value = compute()
        with _LOCK:
            # A newer data version makes the older ones' results dead weight (hundreds of MB
            # for a large organisation): keep only the newest version of each database file.
            for old in [k for k in _CACHE if k[0] == key[0] and k[1] < key[1]]:
                del _CACHE[old]
            if len(_CACHE) >= KEPT:
                _CACHE.clear()
            _CACHE[key] = value
            _COMPUTING.pop(key, None)
    return value


def kept(db: Database, name: str, compute: Callable[[], dict[Cell, str]]) -> dict[Cell, str]:
    """compute() once per data version across processes: the cells stored for the current
    version when a process computed them before, else computed now and stored."""
    version = db.version()
    found = load_cells(db, version, name)
    if found is not None:
        return found
    cells = compute()
    store_cells(db, version, name, cells)
    return cells


def _rules() -> str:
    """The source of the modules that decide which cells are hidden (`RULE_MODULES`, relative
    to metrics/): after an upgrade that changes the rule, cells stored by the old rule are never
    read."""
    digest = hashlib.sha256()
    for name in RULE_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


# The rule itself, and the code that gives it its headcounts, counts and unit tree.
RULE_MODULES = ("suppression.py", "cell_lattice.py", "joint_suppression.py",
                "deviation_suppression.py", "version_cache.py", "org_rollup.py",
                "../store/sick_leave.py", "../store/deviations.py")  # fmt: skip
RULES = _rules()


def fingerprint(*parts: Hashable) -> str:
    """A short stable name for what a result depends on besides the data version (the
    threshold, the unit tree, the rule's source), so a result computed under other settings
    or by another version of the rule is never read."""
    return hashlib.sha256(repr((RULES, parts)).encode()).hexdigest()[:16]

"""Results computed once per database file and data version, kept in the process.

Suppression over every published window and the whole-organisation case frame cost seconds
for a large organisation and are the same for every page, report and user until an import
changes the data (the version goes up), so they are computed once and shared. The metric
functions take them from here; Streamlit's own caches sit above, per page and scope.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock
from typing import TypeVar

from store import Database

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

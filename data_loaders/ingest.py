"""From an uploaded file to stored figures: load, remember mappings, write in one transaction.

The Import page and `cli.py ingest` both come through here, so both get the same checks, the
same saved column mappings and the same provenance.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_loaders.batch import Batch, SourceFile
from data_loaders.headers import header_signature
from data_loaders.issues import AMBIGUOUS_COLUMN, MISSING_COLUMN, NO_HEADER, LoadError
from data_loaders.sick_leave import load_sick_leave
from store import Database
from store.settings import save_mapping, saved_mapping
from store.sick_leave import KIND, AlreadyImported, ImportResult, write_batch

__all__ = [
    "AlreadyImported",
    "ImportResult",
    "LoadError",
    "Prepared",
    "prepare",
    "ingest",
    "remember_mapping",
]


# Problems a manual column mapping can solve.
MAPPABLE = {MISSING_COLUMN, NO_HEADER, AMBIGUOUS_COLUMN}


@dataclass(frozen=True)
class Prepared:
    """A validated file not yet written, and whether a remembered mapping was used."""

    batch: Batch
    used_saved_mapping: bool


def prepare(db: Database, source: SourceFile, mapping: dict[str, str] | None = None) -> Prepared:
    """Validate a file completely without writing; raises LoadError with every problem.

    When the headers are not recognised but the user mapped the same headers before, the
    saved mapping is applied automatically.
    """
    try:
        return Prepared(load_sick_leave(source, mapping), False)
    except LoadError as err:
        if mapping is not None or not err.found_headers or not err.codes & MAPPABLE:
            raise
        saved = saved_mapping(db, KIND, header_signature(err.found_headers))
        if saved is None:
            raise
        return Prepared(load_sick_leave(source, saved), True)


def remember_mapping(
    db: Database, headers: tuple[str, ...], mapping: dict[str, str], user: str
) -> None:
    """Save a user's manual mapping so files with the same headers load by themselves."""
    save_mapping(db, KIND, header_signature(headers), list(headers), mapping, user)


def ingest(
    db: Database, source: SourceFile, user: str | None = None, mapping: dict[str, str] | None = None
) -> ImportResult:
    """Validate and write one file. Raises LoadError (nothing written) or AlreadyImported."""
    return write_batch(db, prepare(db, source, mapping).batch, user)

"""From an uploaded file to stored data: what kind it is, load, remember mappings, write.

The Import page and `cli.py ingest` both come through here, so both get the same detection,
the same checks, the same saved column mappings and the same provenance. Every kind is
written by its store module inside the shared import transaction. `ingest` first offers a
csv to the pandas-free fast path for clean sick-leave exports (csv_fast.py), which writes
exactly what the full path would or leaves the file to it; so importing this module loads
neither pandas nor the loaders, which the full path imports when it first runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from data_loaders.batch import Batch, SourceFile
from data_loaders.headers import header_signature
from data_loaders.issues import AMBIGUOUS_COLUMN, MISSING_COLUMN, NO_HEADER, UNKNOWN_KIND, LoadError
from store import Database
from store.imports import AlreadyImported, ImportResult

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["KINDS", "AlreadyImported", "ImportResult", "LoadError", "Prepared", "ingest", "prepare",
           "remember_mapping", "write"]  # fmt: skip

KINDS = ("sykefravaer", "avvik", "vernerunde", "vedtak")  # the kinds write() has a writer for

# Problems a manual column mapping can solve.
MAPPABLE = {MISSING_COLUMN, NO_HEADER, AMBIGUOUS_COLUMN, UNKNOWN_KIND}


def writers() -> dict[str, Callable[..., ImportResult]]:
    """Each kind's store writer (imported when first needed: they bring pandas)."""
    from store.decision_import import write_decision_log
    from store.deviations import write_deviations
    from store.safety_rounds import write_safety_rounds
    from store.sick_leave import write_batch

    return {
        "sykefravaer": write_batch,
        "avvik": write_deviations,
        "vernerunde": write_safety_rounds,
        "vedtak": write_decision_log,
    }


@dataclass(frozen=True)
class Prepared:
    """A validated file not yet written, and whether a remembered mapping was used."""

    batch: Batch
    used_saved_mapping: bool


def prepare(
    db: Database, source: SourceFile, mapping: dict[str, str] | None = None, kind: str | None = None
) -> Prepared:
    """Validate a file completely without writing; raises LoadError with every problem.

    The kind is detected from the headers unless given. When the headers are not recognised
    but the user mapped the same headers before, the saved mapping (and its kind) is used.
    The bytes are read once for all of it (readers.read_once).
    """
    from data_loaders import readers

    with readers.read_once():
        return _prepare(db, source, mapping, kind)


def _prepare(
    db: Database, source: SourceFile, mapping: dict[str, str] | None, kind: str | None
) -> Prepared:
    from data_loaders.kinds import LOADERS, detect_kind
    from store.settings import saved_mapping, saved_mapping_any_kind

    try:
        if kind is None:
            kind = detect_kind(source)
        return Prepared(LOADERS[kind](source, mapping), False)
    except LoadError as err:
        if mapping is not None or not err.found_headers or not err.codes & MAPPABLE:
            raise
        signature = header_signature(err.found_headers)
        saved = (
            (kind, saved_mapping(db, kind, signature))
            if kind
            else saved_mapping_any_kind(db, signature)
        )
        if saved is None or saved[1] is None:
            raise
        return Prepared(LOADERS[saved[0]](source, saved[1]), True)


def write(
    db: Database,
    batch: Batch,
    user: str | None = None,
    dry_run: bool = False,
    committee: str | None = None,
) -> ImportResult:
    """Write a validated batch with its kind's writer (one transaction; AlreadyImported).

    `committee` names the AMU a decision log (vedtak) belongs to; other kinds ignore it.
    """
    extra = {"committee": committee} if batch.kind == "vedtak" else {}
    return writers()[batch.kind](db, batch, user, dry_run=dry_run, **extra)


def remember_mapping(
    db: Database, kind: str, headers: tuple[str, ...], mapping: dict[str, str], user: str
) -> None:
    """Save a user's manual mapping so files with the same headers load by themselves."""
    from store.settings import save_mapping

    save_mapping(db, kind, header_signature(headers), list(headers), mapping, user)


def ingest(
    db: Database,
    source: SourceFile,
    user: str | None = None,
    mapping: dict[str, str] | None = None,
    kind: str | None = None,
    committee: str | None = None,
) -> ImportResult:
    """Validate and write one file. Raises LoadError (nothing written) or AlreadyImported.

    A clean sick-leave csv goes the fast way (csv_fast.try_ingest); anything it is not
    certain of, it leaves to prepare + write, which give every message.
    """
    if mapping is None and kind in (None, "sykefravaer"):
        from data_loaders.csv_fast import try_ingest

        done = try_ingest(db, source, user)
        if done is not None:
            return done
    return write(db, prepare(db, source, mapping, kind).batch, user, committee=committee)

"""What every command needs: opening the database, dates and periods from the command line,
JSON output, and the committee named by --committee."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.periods import parse_query_period
from store import default_db_path, open_database
from store.database import DatabaseOutdated


def open_db(args: argparse.Namespace, read_only: bool = False):
    """The database of --db (or $HMS_DB). Reading commands pass `read_only`, so several of them
    can run at once and beside an app started with HMS_READ_ONLY=1; a database that does not
    exist yet or needs a schema upgrade is opened read-write once instead (that creates or
    upgrades it). Raises DatabaseBusy when another process holds it open for writing."""
    path = Path(args.db) if args.db else default_db_path()
    if read_only and path.exists():
        try:
            return open_database(path, read_only=True)
        except DatabaseOutdated:
            pass
    return open_database(path, read_only=False)


def reference_date(text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise SystemExit(f"ugyldig --reference-date «{text}»: bruk ÅÅÅÅ-MM-DD") from err


def print_json(rows) -> int:
    json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def query_period(text: str):
    try:
        return parse_query_period(text)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        raise SystemExit(2) from err


def committee_id(db, name: str | None) -> int | None:
    """The id of --committee, or exit 1 naming the committees there are."""
    from store.committees import committee_id, committees

    if name is None:
        return None
    found = committee_id(db, name)
    if found is None:
        known = ", ".join(committees(db)["name"]) or "ingen"
        print(f"Fant ikke utvalget «{name}». Utvalg i databasen: {known}.", file=sys.stderr)
        raise SystemExit(1)
    return found

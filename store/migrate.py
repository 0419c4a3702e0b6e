"""Numbered schema migrations, each applied once and recorded in `schema_migrations`.

A migration is `store/migrations/NNN_name.sql` (plain SQL) or `NNN_name.py` with a function
`apply(con)`. Each runs in its own transaction together with its record, so a failed migration
leaves the schema as it was.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from store.database import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.(sql|py)$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available() -> list[Migration]:
    found = []
    for p in MIGRATIONS_DIR.iterdir():
        m = _NAME.match(p.name)
        if m:
            found.append(Migration(int(m[1]), m[2], p))
    found.sort(key=lambda x: x.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def applied(db: Database) -> set[int]:
    db.rows(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return {v for (v,) in db.rows("SELECT version FROM schema_migrations")}


def migrate(db: Database, up_to: int | None = None) -> list[int]:
    """Apply every migration not yet applied (up to `up_to`); return the versions applied now."""
    done = applied(db)
    now = []
    for mig in available():
        if mig.version in done or (up_to is not None and mig.version > up_to):
            continue
        with db.transaction() as con:
            if mig.path.suffix == ".sql":
                con.execute(mig.path.read_text(encoding="utf-8"))
            else:
                spec = importlib.util.spec_from_file_location(f"migration_{mig.version}", mig.path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                module.apply(con)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [mig.version, mig.name],
            )
        now.append(mig.version)
    return now

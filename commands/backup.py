"""Commands for backups: take one (also from cron), verify one, restore one."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from store import DatabaseBusy, default_db_path

DEFAULT_OUT = Path("data") / "backup"


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import backup, read_manifest, verify

    if args.verify:
        return _verify(Path(args.verify), verify, read_manifest)
    db_path = Path(args.db) if args.db else default_db_path()
    if not db_path.exists():
        print(f"Databasen {db_path} finnes ikke.", file=sys.stderr)
        return 1
    out = Path(args.out or os.environ.get("HMS_BACKUP_DIR") or DEFAULT_OUT)
    try:
        path = backup(db_path, out, args.label)
    except DatabaseBusy:
        raise
    except (FileExistsError, RuntimeError, OSError) as err:
        print(f"Sikkerhetskopien ble ikke tatt: {err}", file=sys.stderr)
        return 1
    print(path)
    _print_tables(read_manifest(path)["tables"])
    return 0


def _verify(path: Path, verify, read_manifest) -> int:
    try:
        check = verify(path)
    except FileNotFoundError as err:
        print(str(err), file=sys.stderr)
        return 1
    if not check.ok:
        print(f"{path}: stemmer IKKE med manifestet.", file=sys.stderr)
        for problem in check.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    manifest = read_manifest(path)
    print(f"{path}: i orden (tatt {manifest.get('created_at')}, skjemaversjon "
          f"{manifest.get('schema_version')}).")  # fmt: skip
    _print_tables(check.tables)
    return 0


def _print_tables(tables: dict) -> None:
    for name, info in sorted(tables.items()):
        print(f"  {name:<24} {info['rows']:>9} rader")


def cmd_restore(args: argparse.Namespace) -> int:
    from store.backup import read_manifest, restore

    target = Path(args.db) if args.db else default_db_path()
    try:
        kept = restore(Path(args.backup), target, force=args.force)
    except (FileNotFoundError, FileExistsError, ValueError) as err:
        print(str(err), file=sys.stderr)
        if isinstance(err, ValueError):
            print("Ingenting ble gjenopprettet; databasen er uendret.", file=sys.stderr)
        return 1
    print(f"{target} er gjenopprettet fra {args.backup}.")
    if kept:
        print(f"Den gamle databasen er tatt vare på som {kept}.")
    _print_tables(read_manifest(args.backup)["tables"])
    return 0


def register(sub) -> None:
    bk = sub.add_parser("backup", help="ta en sikkerhetskopi av databasen, eller kontroller en")
    bk.add_argument(
        "--out", help="mappen kopien skrives til (standard: $HMS_BACKUP_DIR eller data/backup)"
    )
    bk.add_argument("--label", help="et ord til slutt i filnavnet, f.eks. før-oppgradering")
    bk.add_argument("--db", help="databasefil (standard: $HMS_DB eller data/hms.duckdb)")
    bk.add_argument(
        "--verify", metavar="BACKUP", help="kontroller en sikkerhetskopi mot manifestet sitt"
    )
    bk.set_defaults(func=cmd_backup)

    rs = sub.add_parser("restore", help="gjenopprett databasen fra en kontrollert sikkerhetskopi")
    rs.add_argument("backup", metavar="BACKUP", help="sikkerhetskopien (hms-….duckdb)")
    rs.add_argument(
        "--db", help="databasefil som erstattes (standard: $HMS_DB eller data/hms.duckdb)"
    )
    rs.add_argument(
        "--force", action="store_true", help="erstatt en eksisterende database (den gamle beholdes)"
    )
    rs.set_defaults(func=cmd_restore)

"""Command line for scripts and checks: ingest exports, ask for figures as JSON, build the demo.

    python cli.py ingest FILE... [--kind K] [--committee NAME] [--db PATH] [--user NAME]
    python cli.py sick-leave --level {virksomhet,sektor,enhet} --period P [--rolling] [--json] [--db PATH]
    python cli.py deviations --level L --period P [--json] [--reference-date D] [--db PATH]
    python cli.py injuries --level L --period P [--json] [--db PATH]
    python cli.py safety-rounds --level L --year Y [--json] [--reference-date D] [--db PATH]
    python cli.py decisions [--json] [--committee NAME] [--status S] [--reference-date D] [--db PATH]
    python cli.py annual-wheel --year Y [--json] [--committee NAME] [--reference-date D] [--db PATH]
    python cli.py report --year Y --kind {amu,hms} --out DIR [--scope UNIT] [--no-charts] [--db PATH]
    python cli.py demo [--size {sample,large}] [--db PATH] [--force]
    python cli.py backup [--out DIR] [--label L] [--db PATH] [--verify BACKUP]
    python cli.py restore BACKUP [--db PATH] [--force]

Exit codes: 0 done; 1 bad input (messages on stderr, database unchanged); 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from commands import amu, backup, figures, users
from store import DatabaseBusy, default_db_path
from store.audit import set_actor


def cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db_path()
    try:
        if args.size == "large":
            from sample_data.large_demo import build_large_demo

            messages = build_large_demo(path, force=args.force)
        else:
            from sample_data.demo import build_demo

            messages = build_demo(path, force=args.force)
    except FileExistsError as err:
        print(str(err), file=sys.stderr)
        return 1
    for line in messages:
        print(line)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="HMS-dashboard: kommandolinje")
    sub = p.add_subparsers(dest="command", required=True)
    figures.register(sub)
    amu.register(sub)
    users.register(sub)
    backup.register(sub)
    demo = sub.add_parser("demo", help="bygg databasen for eksempelorganisasjonen Nordvik kommune")
    demo.add_argument(
        "--size",
        choices=("sample", "large"),
        default="sample",
        help="sample: Nordvik kommune; large: Storvik kommune, 1 500 enheter, for ytelsesmåling",
    )
    demo.add_argument("--db")
    demo.add_argument("--force", action="store_true", help="erstatt en eksisterende databasefil")
    demo.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    set_actor(getattr(args, "user", None) or getpass.getuser())  # who the audit log names
    try:
        return args.func(args)
    except DatabaseBusy as err:
        print(str(err), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

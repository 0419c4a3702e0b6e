"""`cli.py user`: accounts for local sign-in, managed from the command line (the first
administrator is made here), with every change in the audit log."""

from __future__ import annotations

import argparse
import getpass
import sys

from commands.common import open_db
from core.passwords import WeakPassword
from store.users import ROLES, UserError, add_user, grant, set_active, set_password


def _scope(db, name: str | None) -> int:
    """Unit id of --scope (0 = the whole organisation when not given)."""
    if not name:
        return 0
    rows = db.rows("SELECT id FROM org_units WHERE lower(name) = lower(?)", [name.strip()])
    if len(rows) != 1:
        what = "flere enheter" if rows else "ingen enhet"
        raise UserError(f"Fant {what} som heter «{name}».")
    return int(rows[0][0])


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UserError("Gi passordet med --password-stdin når kommandoen ikke kjøres interaktivt.")
    first = getpass.getpass("Passord: ")
    if first != getpass.getpass("Gjenta passordet: "):
        raise UserError("Passordene er ikke like.")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    db = open_db(args)
    actor = getpass.getuser()
    try:
        if args.action == "add":
            password = None if args.email and not args.password_stdin else _password(args)
            name = add_user(db, args.username, args.name or args.username, actor, password,
                            args.email)  # fmt: skip
            grant(db, name, args.role, _scope(db, args.scope), actor)
            print(f"Brukeren {name} er opprettet som {args.role}"
                  f" over {args.scope or 'hele organisasjonen'}.")  # fmt: skip
        elif args.action == "grant":
            grant(db, args.username, args.role, _scope(db, args.scope), actor)
            print(f"{args.username} har fått rollen {args.role}.")
        elif args.action == "disable":
            set_active(db, args.username, False, actor)
            print(f"{args.username} er deaktivert og logges ut ved neste klikk.")
        elif args.action == "enable":
            set_active(db, args.username, True, actor)
            print(f"{args.username} er aktivert igjen.")
        elif args.action == "reset":
            set_password(db, args.username, _password(args), actor)
            print(f"Nytt passord er satt for {args.username}.")
    except (UserError, WeakPassword) as err:
        print(str(err), file=sys.stderr)
        return 1
    return 0


def register(sub) -> None:
    user = sub.add_parser("user", help="brukere for lokal innlogging: add, grant, disable, reset")
    user.add_argument("action", choices=("add", "grant", "disable", "enable", "reset"))
    user.add_argument("username")
    user.add_argument("--role", choices=ROLES, default="radgiver", help="rolle (add, grant)")
    user.add_argument("--scope", help="enheten rollen gjelder (standard: hele organisasjonen)")
    user.add_argument("--name", help="fullt navn (add)")
    user.add_argument("--email", help="e-post for innlogging via virksomhetens konto (OIDC)")
    user.add_argument("--password-stdin", action="store_true", help="les passordet fra stdin")
    user.add_argument("--db")
    user.set_defaults(func=cmd_user)

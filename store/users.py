"""Accounts and their grants: who may sign in, and which role each holds over which part of
the organisation. Every change is recorded in the audit log in the same transaction."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.passwords import hash_password, verify
from store.audit import record
from store.database import Database

ROLES = ("radgiver", "amu", "leder", "admin")
ROLE_NAMES = {
    "radgiver": "HMS-rådgiver/sekretær",
    "amu": "AMU-medlem",
    "leder": "Leder",
    "admin": "Administrator",
}


class UserError(ValueError):
    """A change to an account that cannot be made; the message is Norwegian."""


def _name(username: str) -> str:
    name = (username or "").strip().lower()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("Brukernavnet må være ett ord på høyst 64 tegn.")
    return name


def user(db: Database, username: str) -> dict | None:
    """username, display_name, email, password_hash, active — or None."""
    rows = db.df("SELECT * FROM users WHERE username = ?", [(username or "").strip().lower()])
    return None if rows.empty else rows.iloc[0].to_dict()


def user_by_email(db: Database, email: str) -> dict | None:
    rows = db.df("SELECT * FROM users WHERE lower(email) = lower(?)", [(email or "").strip()])
    return None if len(rows) != 1 else rows.iloc[0].to_dict()


def users(db: Database) -> pd.DataFrame:
    """Every account with its grants as text, for the admin page (no password hashes)."""
    return db.df(
        """
        SELECT u.username, u.display_name, u.email, u.active,
               u.password_hash IS NOT NULL AS has_password,
               string_agg(g.role || ' @ ' || coalesce(o.name, '?'), ', '
                          ORDER BY g.role, o.name) AS grants
        FROM users u LEFT JOIN grants g ON g.username = u.username
        LEFT JOIN org_units o ON o.id = g.unit_id
        GROUP BY ALL ORDER BY u.username
        """
    )


def grants(db: Database, username: str) -> list[tuple[str, int]]:
    """(role, unit_id) pairs of an active user; empty for unknown or disabled users."""
    return [
        (role, int(unit))
        for role, unit in db.rows(
            "SELECT g.role, g.unit_id FROM grants g JOIN users u ON u.username = g.username"
            " WHERE g.username = ? AND u.active ORDER BY g.role, g.unit_id",
            [(username or "").strip().lower()],
        )
    ]


def add_user(
    db: Database,
    username: str,
    display_name: str,
    actor: str,
    password: str | None = None,
    email: str | None = None,
) -> str:
    """Create an account (a password for local sign-in, an e-mail for the identity provider)."""
    name = _name(username)
    if password is None and not email:
        raise UserError("Gi brukeren et passord (lokal innlogging) eller en e-postadresse (OIDC).")
    hashed = None if password is None else hash_password(password)
    with db.transaction() as con:
        if con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchall():
            raise UserError(f"Brukeren «{name}» finnes allerede.")
        con.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, TRUE, ?, ?)",
            [name, (display_name or name).strip(), (email or "").strip() or None, hashed,
             dt.datetime.now(), actor],
        ).fetchall()  # fmt: skip
        record(db, actor, "bruker opprettet", name, con=con)
    return name


def grant(db: Database, username: str, role: str, unit_id: int, actor: str) -> None:
    """Give `role` over the subtree under `unit_id` (0: the whole organisation)."""
    if role not in ROLES:
        raise UserError(f"Ukjent rolle «{role}». Bruk {', '.join(ROLES)}.")
    name = _name(username)
    with db.transaction() as con:
        if not con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchall():
            raise UserError(f"Brukeren «{name}» finnes ikke.")
        if (
            unit_id != 0
            and not con.execute("SELECT 1 FROM org_units WHERE id = ?", [unit_id]).fetchall()
        ):
            raise UserError("Enheten finnes ikke.")
        con.execute(
            "INSERT INTO grants VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [name, role, unit_id]
        ).fetchall()
        record(db, actor, "rolle gitt", name, str(unit_id), role, con=con)


def revoke(db: Database, username: str, role: str, unit_id: int, actor: str) -> None:
    name = _name(username)
    with db.transaction() as con:
        con.execute(
            "DELETE FROM grants WHERE username = ? AND role = ? AND unit_id = ?",
            [name, role, unit_id],
        ).fetchall()
        record(db, actor, "rolle fjernet", name, str(unit_id), role, con=con)


def set_active(db: Database, username: str, active: bool, actor: str) -> None:
    name = _name(username)
    with db.transaction() as con:
        if not con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchall():
            raise UserError(f"Brukeren «{name}» finnes ikke.")
        con.execute("UPDATE users SET active = ? WHERE username = ?", [active, name]).fetchall()
        record(db, actor, "bruker aktivert" if active else "bruker deaktivert", name, con=con)


def set_password(db: Database, username: str, password: str, actor: str) -> None:
    name = _name(username)
    hashed = hash_password(password)
    with db.transaction() as con:
        if not con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchall():
            raise UserError(f"Brukeren «{name}» finnes ikke.")
        con.execute(
            "UPDATE users SET password_hash = ? WHERE username = ?", [hashed, name]
        ).fetchall()
        record(db, actor, "passord satt", name, con=con)


MAX_FAILURES = 5  # refused sign-ins for one account …
LOCKOUT = dt.timedelta(minutes=15)  # … within this window lock it for the rest of the window
_DUMMY_HASH = None


def recent_failures(db: Database, username: str, now: dt.datetime | None = None) -> int:
    """Refused sign-ins of this account within the lockout window."""
    since = (now or dt.datetime.now()) - LOCKOUT
    return int(
        db.scalar(
            "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'innlogging avvist'"
            " AND logged_at >= ?",
            [username, since],
        )
    )


def check_password(db: Database, username: str, password: str) -> bool:
    """True for an active account whose password matches; every attempt is audited.

    After MAX_FAILURES refused attempts within LOCKOUT the account is locked for the rest of
    that window (guessing passwords gets nowhere). An unknown name costs the same hashing work
    as a known one, so the answer's timing does not tell which accounts exist.
    """
    global _DUMMY_HASH
    who = (username or "").strip().lower() or "?"
    if recent_failures(db, who) >= MAX_FAILURES:
        record(db, who, "innlogging sperret")
        return False
    found = user(db, username)
    if found is None or not found["password_hash"]:
        _DUMMY_HASH = _DUMMY_HASH or hash_password("x" * 16)
        verify(_DUMMY_HASH, password or "")
        ok = False
    else:
        ok = bool(found["active"]) and verify(found["password_hash"], password)
    record(db, who, "innlogging" if ok else "innlogging avvist")
    return ok

"""The committees (AMU, HAMU, sector AMUs) and their members.

Each committee is bound to a subtree of the organisation (its `unit_id` is the root), so its
panels and cases default to that scope. Members carry one of the roles the law and the
procedure name.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from store.database import Database

ROLES = ("leder", "arbeidsgiver", "arbeidstaker", "hovedverneombud", "BHT", "sekretær")


class CommitteeError(ValueError):
    """A committee change that cannot be made; the message is Norwegian and shown as is."""


def committees(db: Database) -> pd.DataFrame:
    """All committees: id, name, unit_id, unit, level, case_prefix, members (active count)."""
    return db.df(
        """
        SELECT c.id, c.name, c.unit_id, u.name AS unit, u.level, c.case_prefix,
               (SELECT count(*) FROM committee_members m
                 WHERE m.committee_id = c.id AND m.active) AS members
        FROM committees c LEFT JOIN org_units u ON u.id = c.unit_id
        ORDER BY CASE u.level WHEN 'virksomhet' THEN 0 WHEN 'sektor' THEN 1 ELSE 2 END, c.name
        """
    )


def committee_id(db: Database, name: str) -> int | None:
    """The id of the committee with this name (case-insensitive), if any."""
    rows = db.rows("SELECT id FROM committees WHERE lower(name) = lower(?)", [(name or "").strip()])
    return int(rows[0][0]) if rows else None


def committee(db: Database, committee_id: int) -> dict | None:
    frame = committees(db)
    found = frame[frame["id"] == committee_id]
    return None if found.empty else found.iloc[0].to_dict()


def create_committee(
    db: Database, name: str, unit_id: int, user: str, case_prefix: str = "PS"
) -> int:
    """A new committee covering the subtree under `unit_id`. Names are unique."""
    name = (name or "").strip()
    if not name:
        raise CommitteeError("Utvalget må ha et navn.")
    with db.transaction() as con:
        clash = con.execute(
            "SELECT id FROM committees WHERE lower(name) = lower(?)", [name]
        ).fetchall()
        if clash:
            raise CommitteeError(f"Det finnes allerede et utvalg som heter «{name}».")
        unit = con.execute("SELECT id FROM org_units WHERE id = ?", [unit_id]).fetchall()
        if not unit:
            raise CommitteeError("Enheten utvalget skal dekke finnes ikke.")
        [(new_id,)] = con.execute("SELECT coalesce(max(id), 0) + 1 FROM committees").fetchall()
        con.execute(
            "INSERT INTO committees VALUES (?, ?, ?, ?, ?, ?)",
            [new_id, name, unit_id, case_prefix.strip() or "PS", dt.datetime.now(), user],
        ).fetchall()
    return int(new_id)


def members(db: Database, committee_id: int, active_only: bool = False) -> pd.DataFrame:
    """name, role, email, active — in role order (leder first, sekretær last)."""
    frame = db.df(
        "SELECT name, role, email, active FROM committee_members"
        " WHERE committee_id = ? AND (active OR NOT ?)",
        [committee_id, active_only],
    )
    order = {r: i for i, r in enumerate(ROLES)}
    frame["_o"] = frame["role"].map(order)
    return frame.sort_values(["_o", "name"]).drop(columns="_o").reset_index(drop=True)


def set_members(db: Database, committee_id: int, frame: pd.DataFrame) -> None:
    """Replace the member list with `frame` (name, role, email?, active?) in one transaction."""
    rows = []
    seen = set()
    for i, r in enumerate(frame.to_dict("records"), start=1):
        name = str(r.get("name") or "").strip()
        if not name:
            continue
        role = str(r.get("role") or "").strip()
        if role not in ROLES:
            raise CommitteeError(
                f"Rad {i}: «{role}» er ikke en rolle. Bruk en av: {', '.join(ROLES)}."
            )
        if name.lower() in seen:
            raise CommitteeError(f"Rad {i}: {name} står to ganger i medlemslisten.")
        seen.add(name.lower())
        email = r.get("email")
        email = None if email is None or pd.isna(email) or not str(email).strip() else str(email)
        active = r.get("active")
        rows.append([committee_id, name, role, email, True if active is None else bool(active)])
    with db.transaction() as con:
        con.execute("DELETE FROM committee_members WHERE committee_id = ?", [committee_id])
        if rows:
            con.executemany("INSERT INTO committee_members VALUES (?, ?, ?, ?, ?)", rows)

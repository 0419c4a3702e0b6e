"""The AMU's annual wheel (årshjul): each committee's planned activities per year, and the
default template a new plan starts from.

A year's plan is created once (`ensure_year`): carried over from the committee's latest
earlier plan with statuses reset, or expanded from `wheel_template` when there is none
(per-unit rows become one activity for each enhet the committee covers). Committees are read
from the `committees` table directly; a committee covers the subtree under its unit.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from store.database import Database

STATUSES = ("planlagt", "gjennomført", "utsatt")
KINDS = (
    "amu_mote", "vernerunde", "medarbeidersamtaler", "arbeidsmiljoundersokelse",
    "risikovurdering", "hms_arsrapport", "sykefravaersoppfolging", "annet",
)  # fmt: skip
ACTIVITY_COLUMNS = (
    "id", "year", "committee_id", "committee", "unit_id", "unit", "month", "kind",
    "activity", "owner", "status", "note",
)  # fmt: skip
TEMPLATE_COLUMNS = ("position", "month", "kind", "activity", "owner", "per_unit")
_INSERT = (
    "INSERT INTO wheel_activities (id, year, committee_id, unit_id, month, kind, activity,"
    " owner, status, note) SELECT id, year, committee_id, unit_id, month, kind, activity,"
    " owner, status, note FROM new_activities"
)


# -- committees --------------------------------------------------------------------------------
def scope_units(db: Database, committee_id: int) -> pd.DataFrame:
    """id, level, name, parent of every unit the committee covers (its unit and all below)."""
    return db.df(
        "WITH RECURSIVE sub(id) AS (SELECT unit_id FROM committees WHERE id = ? UNION ALL"
        " SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)"
        " SELECT o.id, o.level, o.name, p.name AS parent FROM sub"
        " JOIN org_units o ON o.id = sub.id LEFT JOIN org_units p ON p.id = o.parent_id"
        " ORDER BY CASE o.level WHEN 'virksomhet' THEN 0 WHEN 'sektor' THEN 1 ELSE 2 END,"
        " o.name, o.id",
        [committee_id],
    )


# -- plans -------------------------------------------------------------------------------------
def plan_years(db: Database, committee_id: int | None = None) -> list[int]:
    """Years with at least one planned activity (for the committee, or any), newest first."""
    return [
        int(y)
        for (y,) in db.rows(
            "SELECT DISTINCT year FROM wheel_activities"
            " WHERE ? IS NULL OR committee_id = ? ORDER BY year DESC",
            [committee_id, committee_id],
        )
    ]


def source_year(db: Database, year: int, committee_id: int) -> int | None:
    """The earlier year `ensure_year` would carry over from (None: the template)."""
    return db.scalar(
        "SELECT max(year) FROM wheel_activities WHERE committee_id = ? AND year < ?",
        [committee_id, year],
    )


def ensure_year(db: Database, year: int, committee_id: int, user: str) -> int:
    """Create the committee's plan for `year` unless it has one; return how many activities
    were created (0 when the plan already existed).

    Carries over the latest earlier year's activities (status 'planlagt', note cleared), else
    expands the template. `user` is who asked; the schema keeps no author per activity.
    """
    del user  # wheel_activities has no created_by column
    with db.transaction() as con:
        unit = con.execute("SELECT unit_id FROM committees WHERE id = ?", [committee_id]).fetchall()
        if not unit:
            raise KeyError(f"Ukjent utvalg: {committee_id}")
        exists = _value(
            con,
            "SELECT count(*) FROM wheel_activities WHERE committee_id = ? AND year = ?",
            [committee_id, year],
        )
        if exists:
            return 0
        previous = _value(
            con,
            "SELECT max(year) FROM wheel_activities WHERE committee_id = ? AND year < ?",
            [committee_id, year],
        )
        if previous is not None:
            rows = con.execute(
                "SELECT unit_id, month, kind, activity, owner FROM wheel_activities"
                " WHERE committee_id = ? AND year = ? ORDER BY month, id",
                [committee_id, previous],
            ).df()
        else:
            rows = _from_template(con, committee_id, int(unit[0][0]))
        return _insert(con, rows, year, committee_id)


def _from_template(con: duckdb.DuckDBPyConnection, committee_id: int, unit_id: int) -> pd.DataFrame:
    """Template rows with per-unit rows expanded to every enhet under the committee's unit."""
    template = con.execute(
        "SELECT position, month, kind, activity, owner, per_unit FROM wheel_template"
        " ORDER BY month, position"
    ).df()
    enheter = [
        int(u)
        for (u,) in con.execute(
            "WITH RECURSIVE sub(id) AS (SELECT CAST(? AS INTEGER) UNION ALL"
            " SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)"
            " SELECT o.id FROM sub JOIN org_units o ON o.id = sub.id"
            " WHERE o.level = 'enhet' ORDER BY o.name, o.id",
            [unit_id],
        ).fetchall()
    ] or [unit_id]  # a committee over no enheter yet: the per-unit row once, on its own unit
    out = []
    for t in template.itertuples(index=False):
        for u in enheter if t.per_unit else [unit_id]:
            out.append((u, t.month, t.kind, t.activity, t.owner))
    return pd.DataFrame(out, columns=["unit_id", "month", "kind", "activity", "owner"])


def _insert(
    con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, year: int, committee_id: int
) -> int:
    if rows.empty:
        return 0
    start = _value(con, "SELECT coalesce(max(id), 0) FROM wheel_activities")
    frame = pd.DataFrame(
        {
            "id": range(start + 1, start + 1 + len(rows)),
            "year": year,
            "committee_id": committee_id,
            "unit_id": pd.array(rows["unit_id"], dtype="Int64"),
            "month": rows["month"].astype("int64").to_numpy(),
            "kind": rows["kind"].to_numpy(),
            "activity": rows["activity"].to_numpy(),
            "owner": rows["owner"].astype(object).where(rows["owner"].notna(), None).to_numpy(),
            "status": "planlagt",
            "note": pd.Series([None] * len(rows), dtype=object).to_numpy(),
        }
    )
    con.register("new_activities", frame)
    try:
        con.execute(_INSERT).fetchall()
    finally:
        con.unregister("new_activities")
    return len(frame)


def activities(db: Database, year: int, committee_id: int | None = None) -> pd.DataFrame:
    """The plan of one year (one committee, or all): ACTIVITY_COLUMNS, by month."""
    return db.df(
        "SELECT w.id, w.year, w.committee_id, c.name AS committee, w.unit_id, o.name AS unit,"
        " w.month, w.kind, w.activity, w.owner, w.status, w.note FROM wheel_activities w"
        " LEFT JOIN committees c ON c.id = w.committee_id"
        " LEFT JOIN org_units o ON o.id = w.unit_id"
        " WHERE w.year = ? AND (? IS NULL OR w.committee_id = ?)"
        " ORDER BY c.name, w.month, w.id",
        [year, committee_id, committee_id],
    )


def _check(month: int | None = None, kind: str | None = None, status: str | None = None) -> None:
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"Måned må være 1–12, ikke {month}.")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Ukjent aktivitetstype: {kind}.")
    if status is not None and status not in STATUSES:
        raise ValueError(f"Status må være {', '.join(STATUSES)}, ikke {status}.")


def add_activity(
    db: Database,
    year: int,
    committee_id: int | None,
    month: int,
    kind: str,
    activity: str,
    *,
    unit_id: int | None = None,
    owner: str | None = None,
    status: str = "planlagt",
    note: str | None = None,
) -> int:
    """Add one activity to a year's plan; returns its id."""
    _check(month, kind, status)
    if not (activity or "").strip():
        raise ValueError("Aktiviteten må ha et navn.")
    with db.transaction() as con:
        new_id = _value(con, "SELECT coalesce(max(id), 0) + 1 FROM wheel_activities")
        con.execute(
            "INSERT INTO wheel_activities (id, year, committee_id, unit_id, month, kind, activity,"
            " owner, status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new_id, year, committee_id, unit_id, int(month), kind, activity.strip(),
             owner or None, status, note or None],
        ).fetchall()  # fmt: skip
    return int(new_id)


def update_activity(
    db: Database,
    activity_id: int,
    *,
    month: int | None = None,
    owner: str | None = None,
    status: str | None = None,
    note: str | None = None,
    activity: str | None = None,
) -> None:
    """Change the given fields of one activity (None: leave as is; '' clears owner or note)."""
    _check(month=month, status=status)
    if activity is not None and not activity.strip():
        raise ValueError("Aktiviteten må ha et navn.")
    with db.transaction() as con:
        found = _value(con, "SELECT count(*) FROM wheel_activities WHERE id = ?", [activity_id])
        if not found:
            raise KeyError(f"Ukjent aktivitet: {activity_id}")
        # One fixed statement: each field keeps its value unless its "set" flag is true.
        con.execute(
            "UPDATE wheel_activities SET"
            " month = CASE WHEN ? THEN ? ELSE month END,"
            " owner = CASE WHEN ? THEN ? ELSE owner END,"
            " status = CASE WHEN ? THEN ? ELSE status END,"
            " note = CASE WHEN ? THEN ? ELSE note END,"
            " activity = CASE WHEN ? THEN ? ELSE activity END"
            " WHERE id = ?",
            [
                month is not None, None if month is None else int(month),
                owner is not None, owner or None,
                status is not None, status,
                note is not None, note or None,
                activity is not None, None if activity is None else activity.strip(),
                activity_id,
            ],
        ).fetchall()  # fmt: skip


def delete_activity(db: Database, activity_id: int) -> None:
    with db.transaction() as con:
        con.execute("DELETE FROM wheel_activities WHERE id = ?", [activity_id]).fetchall()


# -- the default template ----------------------------------------------------------------------
def template(db: Database) -> pd.DataFrame:
    """The default plan: position, month, kind, activity, owner, per_unit."""
    return db.df(
        "SELECT position, month, kind, activity, owner, per_unit FROM wheel_template"
        " ORDER BY month, position"
    )


def replace_template(db: Database, frame: pd.DataFrame) -> int:
    """Replace the whole template with `frame` (month, kind, activity, optional owner and
    per_unit), numbered in frame order. Raises ValueError naming the first bad row."""
    rows = []
    for i, r in enumerate(frame.reset_index(drop=True).to_dict("records"), start=1):
        activity = r.get("activity")
        if _missing(activity) or not str(activity).strip():
            raise ValueError(f"Rad {i}: aktiviteten må ha et navn.")
        if _missing(r.get("month")) or _missing(r.get("kind")):
            raise ValueError(f"Rad {i}: måned og type må fylles ut.")
        try:
            _check(month=int(r["month"]), kind=r["kind"])
        except ValueError as err:
            raise ValueError(f"Rad {i}: {err}") from None
        owner = None if _missing(r.get("owner")) else str(r["owner"]).strip() or None
        per_unit = False if _missing(r.get("per_unit")) else bool(r["per_unit"])
        rows.append((i, int(r["month"]), r["kind"], str(activity).strip(), owner, per_unit))
    clean = pd.DataFrame(rows, columns=list(TEMPLATE_COLUMNS))
    with db.transaction() as con:
        con.execute("DELETE FROM wheel_template").fetchall()
        if rows:
            con.register("new_template", clean)
            try:
                con.execute(
                    "INSERT INTO wheel_template SELECT position, month, kind, activity, owner,"
                    " per_unit FROM new_template"
                ).fetchall()
            finally:
                con.unregister("new_template")
    return len(rows)


def _value(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The first cell of a query, fetched to the end (DuckDB wants every result finished)."""
    return con.execute(sql, params or []).fetchall()[0][0]


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))

"""The free-text sections of the annual reports, saved per report kind, year and scope.

Saving appends a version; reading gives the newest version of each section.
"""

from __future__ import annotations

import datetime as dt

from store.database import Database


def report_texts(db: Database, kind: str, year: int, scope_unit_id: int) -> dict[str, str]:
    """section -> the newest text saved for it (sections never saved are absent)."""
    rows = db.rows(
        "SELECT section, arg_max(text, saved_at) FROM report_texts"
        " WHERE kind = ? AND year = ? AND scope_unit_id = ? GROUP BY section",
        [kind, year, scope_unit_id],
    )
    return {section: text for section, text in rows if text}


def save_report_text(
    db: Database, kind: str, year: int, scope_unit_id: int, section: str, text: str, user: str
) -> bool:
    """Save a section's text as a new version; False when it equals the text in force."""
    text = (text or "").strip()
    if report_texts(db, kind, year, scope_unit_id).get(section, "") == text:
        return False
    with db.transaction() as con:
        con.execute(
            "INSERT INTO report_texts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [kind, year, scope_unit_id, section, text, dt.datetime.now(), user],
        ).fetchall()
    return True

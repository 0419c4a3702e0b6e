"""The HMS advisor's case list: deviations with their free text and change history.

Free text (beskrivelse) may hold names and health details. It is returned only by this module,
which only the advisor's page uses; panels, charts, exports and JSON never include it.
"""

from __future__ import annotations

import pandas as pd

from metrics.org_rollup import with_ancestors
from store import Database
from store.deviations import case_changes, case_rows
from store.org import org_tree


def case_list(
    db: Database, unit_id: int, status: str | None = None, text: str = ""
) -> pd.DataFrame:
    """Cases under `unit_id` (optionally one status, optionally containing `text`), newest first."""
    tree = org_tree(db).rename(columns={"id": "unit_id"})
    units = with_ancestors(db, tree[["unit_id"]])
    below = units.loc[units["ancestor_id"] == unit_id, "unit_id"].astype(int).tolist()
    rows = case_rows(db, below)
    if status:
        rows = rows[rows["status"] == status]
    if text:
        needle = text.casefold()
        hay = (
            rows["saksnummer"].str.casefold() + " " + rows["beskrivelse"].fillna("").str.casefold()
        )
        rows = rows[hay.str.contains(needle, regex=False)]
    return rows.reset_index(drop=True)


def history(db: Database, saksnummer: str) -> pd.DataFrame:
    """What each import changed in one case, oldest first."""
    return case_changes(db, saksnummer)

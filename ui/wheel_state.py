"""Cached reads for the Årshjul page (and the Oversikt feed), keyed on the data version.

Like ui/state.py: every function takes (db_path, data_version) first, so any write (which
bumps the version) invalidates the cache. Call them as `f(*state.key(), ...)`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from metrics import annual_wheel as aw
from store import annual_wheel as store
from ui.state import _database


@st.cache_data(show_spinner=False)
def plan_years(db_path: str, data_version: int, scope: str, committee_id: int) -> list[int]:
    return store.plan_years(_database(db_path), committee_id)


@st.cache_data(show_spinner=False)
def source_year(
    db_path: str, data_version: int, scope: str, year: int, committee_id: int
) -> int | None:
    return store.source_year(_database(db_path), year, committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def wheel(
    db_path: str, data_version: int, scope: str, year: int, committee_id: int | None, today: str
) -> aw.AnnualWheel:
    return aw.annual_wheel(_database(db_path), year, dt.date.fromisoformat(today), committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def summary(
    db_path: str, data_version: int, scope: str, today: str, committee_id: int | None = None
) -> aw.WheelSummary:
    """The Oversikt feed: this year's done / due this month / overdue, for the committees in
    the scope (all of them together unless one is named)."""
    from ui.amu_state import committees

    allowed = [int(i) for i in committees(db_path, data_version, scope)["id"]]
    chosen = [committee_id] if committee_id in allowed else allowed
    day = dt.date.fromisoformat(today)
    parts = [aw.wheel_status_summary(_database(db_path), day, c) for c in chosen]
    if not parts:
        return aw.WheelSummary(day.year, 0, 0, 0, 0, (), ())
    return aw.WheelSummary(
        year=parts[0].year,
        total=sum(p.total for p in parts),
        done=sum(p.done for p in parts),
        due_this_month=sum(p.due_this_month for p in parts),
        overdue=sum(p.overdue for p in parts),
        overdue_items=tuple(i for p in parts for i in p.overdue_items),
        due_items=tuple(i for p in parts for i in p.due_items),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def activities(
    db_path: str, data_version: int, scope: str, year: int, committee_id: int
) -> pd.DataFrame:
    return store.activities(_database(db_path), year, committee_id)


@st.cache_data(show_spinner=False)
def scope_units(db_path: str, data_version: int, scope: str, committee_id: int) -> pd.DataFrame:
    return store.scope_units(_database(db_path), committee_id)


@st.cache_data(show_spinner=False)
def template(db_path: str, data_version: int, scope: str) -> pd.DataFrame:
    return store.template(_database(db_path))

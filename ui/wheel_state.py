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
def plan_years(db_path: str, data_version: int, committee_id: int) -> list[int]:
    return store.plan_years(_database(db_path), committee_id)


@st.cache_data(show_spinner=False)
def source_year(db_path: str, data_version: int, year: int, committee_id: int) -> int | None:
    return store.source_year(_database(db_path), year, committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def wheel(
    db_path: str, data_version: int, year: int, committee_id: int | None, today: str
) -> aw.AnnualWheel:
    return aw.annual_wheel(_database(db_path), year, dt.date.fromisoformat(today), committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def summary(
    db_path: str, data_version: int, today: str, committee_id: int | None = None
) -> aw.WheelSummary:
    """The Oversikt feed: this year's done / due this month / overdue."""
    return aw.wheel_status_summary(_database(db_path), dt.date.fromisoformat(today), committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def activities(db_path: str, data_version: int, year: int, committee_id: int) -> pd.DataFrame:
    return store.activities(_database(db_path), year, committee_id)


@st.cache_data(show_spinner=False)
def scope_units(db_path: str, data_version: int, committee_id: int) -> pd.DataFrame:
    return store.scope_units(_database(db_path), committee_id)


@st.cache_data(show_spinner=False)
def template(db_path: str, data_version: int) -> pd.DataFrame:
    return store.template(_database(db_path))

"""Cached reads of the AMU register for the pages, keyed on the database and its data version.

Every write to the register bumps the data version, so a saved decision shows at once in
every session, and reading the same list twice in one rerun costs nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.decisions import DecisionRow, decision_list
from metrics.meeting_papers import MeetingSummary, meeting_summary
from store import committees as committee_store
from store import meetings as meeting_store
from ui import state


@st.cache_data(show_spinner=False, max_entries=64)
def committees(db_path: str, data_version: int, scope: str) -> pd.DataFrame:
    """The committees whose part of the organisation lies in the scope."""
    frame = committee_store.committees(state.db())
    return frame[frame["unit_id"].isin(state.units(scope))].reset_index(drop=True)


def _committee_ids(db_path: str, data_version: int, scope: str) -> set[int]:
    return {int(i) for i in committees(db_path, data_version, scope)["id"]}


def _check(db_path: str, data_version: int, scope: str, committee_id: int | None) -> None:
    if committee_id is not None and committee_id not in _committee_ids(
        db_path, data_version, scope
    ):
        raise PermissionError("Utvalget er utenfor det du har tilgang til.")


@st.cache_data(show_spinner=False, max_entries=64)
def members(db_path: str, data_version: int, scope: str, committee_id: int) -> pd.DataFrame:
    _check(db_path, data_version, scope, committee_id)
    return committee_store.members(state.db(), committee_id)


@st.cache_data(show_spinner=False, max_entries=64)
def meetings(db_path: str, data_version: int, scope: str, committee_id: int | None) -> pd.DataFrame:
    frame = meeting_store.meetings(state.db(), committee_id)
    return frame[frame["committee_id"].isin(_committee_ids(db_path, data_version, scope))]


@st.cache_data(show_spinner=False, max_entries=64)
def cases(db_path: str, data_version: int, scope: str, meeting_id: int) -> pd.DataFrame:
    _meeting_in_scope(db_path, data_version, scope, meeting_id)
    return meeting_store.cases(state.db(), meeting_id)


@st.cache_data(show_spinner=False, max_entries=64)
def participants(db_path: str, data_version: int, scope: str, meeting_id: int) -> pd.DataFrame:
    _meeting_in_scope(db_path, data_version, scope, meeting_id)
    return meeting_store.participants(state.db(), meeting_id)


@st.cache_data(show_spinner=False, max_entries=64)
def decisions(
    db_path: str, data_version: int, scope: str, today: dt.date, committee_id: int | None
) -> tuple[DecisionRow, ...]:
    allowed = _committee_ids(db_path, data_version, scope)
    rows = decision_list(state.db(), today, committee_id=committee_id, with_history=True)
    return tuple(r for r in rows if r.committee_id in allowed)


@st.cache_data(show_spinner=False, max_entries=32)
def summary(
    db_path: str, data_version: int, scope: str, meeting_id: int, kind: str
) -> MeetingSummary:
    _meeting_in_scope(db_path, data_version, scope, meeting_id)
    return meeting_summary(state.db(), meeting_id, kind)


def _meeting_in_scope(db_path: str, data_version: int, scope: str, meeting_id: int) -> None:
    found = meeting_store.meeting(state.db(), meeting_id)
    _check(db_path, data_version, scope, None if found is None else int(found["committee_id"]))


def committee_picker(label: str = "Utvalg", key: str = "committee") -> dict | None:
    """A selectbox of committees (remembered across pages); None when there are none."""
    frame = committees(*state.key())
    if frame.empty:
        return None
    ids = [int(i) for i in frame["id"]]
    names = dict(zip(ids, frame["name"], strict=True))
    if st.session_state.get(key) not in ids:
        st.session_state.pop(key, None)
    chosen = st.selectbox(label, ids, format_func=names.get, key=key)
    return frame[frame["id"] == chosen].iloc[0].to_dict()


def meeting_label(row) -> str:
    """'14.02.2025 · avholdt' for a meetings row."""
    day = pd.Timestamp(row["meeting_date"]).date()
    return f"{day:%d.%m.%Y} · {row['status']}"

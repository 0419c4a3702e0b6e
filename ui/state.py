"""The database connection and cached metric results, keyed on the data version.

The connection lives in `st.cache_resource` (one per process and path). Metric results live
in `st.cache_data`, keyed on the database path, its data version (bumped by every import or
settings change) and the arguments, so an import invalidates them without a manual clear.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.periods import Period
from metrics import benchmarks as bm
from metrics import sick_leave as sl
from store import Database, default_db_path, open_database
from store.imports import import_log
from store.org import org_tree
from store.settings import suppression_threshold
from store.sick_leave import data_span

CURRENT_USER = "demo-rådgiver"  # until sign-in exists (issue 7), every session is the demo advisor


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return open_database(Path(path))


def db() -> Database:
    return _database(str(default_db_path().resolve()))


def version() -> int:
    return db().version()


@st.cache_data(show_spinner=False, max_entries=256)
def table(db_path: str, data_version: int, period_label: str, rolling: bool) -> sl.SickLeaveTable:
    from core.periods import parse_query_period

    return sl.sick_leave_table(
        _database(db_path), parse_query_period(period_label), rolling=rolling
    )


@st.cache_data(show_spinner=False, max_entries=256)
def trend(
    db_path: str, data_version: int, unit_id: int, last_label: str, count: int
) -> sl.SickLeaveTrend:
    from core.periods import parse_query_period

    return sl.sick_leave_trend(
        _database(db_path), unit_id, parse_query_period(last_label), count=count
    )


@st.cache_data(show_spinner=False)
def tree(db_path: str, data_version: int):
    return org_tree(_database(db_path))


@st.cache_data(show_spinner=False)
def span(db_path: str, data_version: int) -> tuple[int, int] | None:
    return data_span(_database(db_path))


@st.cache_data(show_spinner=False)
def benchmark(db_path: str, data_version: int) -> bm.BenchmarkSeries | None:
    return bm.chosen_series(_database(db_path))


@st.cache_data(show_spinner=False)
def threshold(db_path: str, data_version: int) -> int:
    return suppression_threshold(_database(db_path))


@st.cache_data(show_spinner=False)
def imports(db_path: str, data_version: int):
    return import_log(_database(db_path))


def key() -> tuple[str, int]:
    """(path, version): the first two arguments of every cached call."""
    return str(db().path), version()


def sick_leave_table(period: Period, rolling: bool = False) -> sl.SickLeaveTable:
    return table(*key(), period.label, rolling)


def sick_leave_trend(unit_id: int, last: Period, count: int = 12) -> sl.SickLeaveTrend:
    return trend(*key(), unit_id, last.label, count)

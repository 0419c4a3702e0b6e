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
    _through_navigation()
    return _database(str(default_db_path().resolve()))


def _through_navigation() -> None:
    """Make every page run inside dashboard.py's navigation, even a bookmarked one.

    Streamlit assumes an app with a `pages/` folder is an old-style multipage app until the
    entry script has called `st.navigation` once. If the first visitor after a restart opens
    a page's own URL (a bookmark to /motevisning), the page would run alone, with a bare file
    list as navigation and broken page links, for every session. The first page to get here
    clears that assumption and reruns, so the entry script runs and sets up the navigation.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if not st.session_state.get("navigation_rerun"):  # once per session: a first run has
            st.session_state["navigation_rerun"] = True  # no widget input a rerun could lose
            st.rerun()


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
    """Months with sick-leave data (the periods the sick-leave pages offer)."""
    return data_span(_database(db_path))


@st.cache_data(show_spinner=False)
def any_span(db_path: str, data_version: int) -> tuple[int, int] | None:
    """Months with sick-leave data or deviations (the periods the deviation page offers)."""
    from store.deviations import deviation_span

    spans = [s for s in (data_span(_database(db_path)), deviation_span(_database(db_path))) if s]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


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


# -- deviations, injuries, safety rounds (issue 4) --------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def deviation_trend(
    db_path: str, data_version: int, unit_id: int, last_label: str, kind: str, today: str
):
    import datetime as dt

    from core.periods import parse_query_period
    from metrics.deviations import deviation_trend as compute

    return compute(
        _database(db_path),
        unit_id,
        parse_query_period(last_label),
        kind,
        12,
        dt.date.fromisoformat(today),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def deviation_table(db_path: str, data_version: int, period_label: str, today: str):
    import datetime as dt

    from core.periods import parse_query_period
    from metrics.deviations import deviation_table as compute

    return compute(
        _database(db_path), parse_query_period(period_label), dt.date.fromisoformat(today)
    )


@st.cache_data(show_spinner=False, max_entries=64)
def overdue(db_path: str, data_version: int, unit_id: int, today: str):
    import datetime as dt

    from metrics.deviations import overdue_cases

    return overdue_cases(_database(db_path), unit_id, dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False, max_entries=64)
def injuries(db_path: str, data_version: int, period_label: str):
    from core.periods import parse_query_period
    from metrics.injuries import injury_table

    return injury_table(_database(db_path), parse_query_period(period_label))


@st.cache_data(show_spinner=False, max_entries=64)
def safety_rounds(db_path: str, data_version: int, year: int, today: str):
    import datetime as dt

    from metrics.safety_rounds import safety_round_table

    return safety_round_table(_database(db_path), year, dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False, max_entries=64)
def risk_matrix(db_path: str, data_version: int, unit_id: int, year: int):
    from metrics.safety_rounds import risk_matrix as compute

    return compute(_database(db_path), unit_id, year)


@st.cache_data(show_spinner=False, max_entries=64)
def open_measures(db_path: str, data_version: int, unit_id: int, today: str):
    import datetime as dt

    from metrics.safety_rounds import open_measures as compute

    return compute(_database(db_path), unit_id, dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False)
def risk_bands(db_path: str, data_version: int):
    from metrics.safety_rounds import risk_bands as compute

    return compute(_database(db_path))


@st.cache_data(show_spinner=False)
def round_years(db_path: str, data_version: int) -> list[int]:
    from store.safety_rounds import round_years as compute

    return compute(_database(db_path))

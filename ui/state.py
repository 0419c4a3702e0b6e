"""The database connection and cached metric results, keyed on the data version.

The connection lives in `st.cache_resource` (one per process and path). Metric results live
in `st.cache_data`, keyed on the database path, its data version (bumped by every import or
settings change) and the arguments, so an import invalidates them without a manual clear.
"""

from __future__ import annotations

import dataclasses
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


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    db = open_database(Path(path))
    snapshot(db)
    return db


def snapshot(db: Database) -> None:
    """The scheduled backup (HMS_BACKUP_DIR), when one is due; a failure only warns."""
    import logging

    from store.backup import scheduled_snapshot

    try:
        scheduled_snapshot(db)
    except Exception:  # a backup problem must never stop the app; it is logged for the operator
        logging.getLogger(__name__).exception("scheduled snapshot failed")


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


@st.cache_resource(show_spinner=False, max_entries=32)
def _whole_table(db_path: str, data_version: int, period_label: str, rolling: bool):
    """The whole organisation's table, shared by every scope (suppression is decided on it).

    A resource, not data: one frozen object for all sessions instead of a pickled copy per
    call (for 1,500 units and twenty sessions those copies cost hundreds of MB); it is never
    changed, only cut to a scope by `_only`."""
    from core.periods import parse_query_period

    return sl.sick_leave_table(_database(db_path), parse_query_period(period_label), rolling)


@st.cache_data(show_spinner=False, max_entries=256)
def table(
    db_path: str, data_version: int, scope: str, period_label: str, rolling: bool
) -> sl.SickLeaveTable:
    whole = _whole_table(db_path, data_version, period_label, rolling)
    return _only(whole, scope)  # suppressed on the whole organisation, then cut to the scope


@st.cache_data(show_spinner=False, max_entries=256)
def trend(
    db_path: str, data_version: int, scope: str, unit_id: int, last_label: str, count: int
) -> sl.SickLeaveTrend:
    from core.periods import parse_query_period

    _check(unit_id, scope)
    return sl.sick_leave_trend(
        _database(db_path), unit_id, parse_query_period(last_label), count=count
    )


@st.cache_data(show_spinner=False)
def tree(db_path: str, data_version: int, scope: str):
    whole = org_tree(_database(db_path))
    return whole[whole["id"].isin(units(scope))].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def span(db_path: str, data_version: int, scope: str) -> tuple[int, int] | None:
    """Months with sick-leave data (the periods the sick-leave pages offer)."""
    return data_span(_database(db_path))


@st.cache_data(show_spinner=False)
def any_span(db_path: str, data_version: int, scope: str) -> tuple[int, int] | None:
    """Months with sick-leave data or deviations (the periods the deviation page offers)."""
    from store.deviations import deviation_span

    spans = [s for s in (data_span(_database(db_path)), deviation_span(_database(db_path))) if s]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


@st.cache_data(show_spinner=False)
def benchmark(db_path: str, data_version: int, scope: str) -> bm.BenchmarkSeries | None:
    return bm.chosen_series(_database(db_path))


@st.cache_data(show_spinner=False)
def threshold(db_path: str, data_version: int, scope: str) -> int:
    return suppression_threshold(_database(db_path))


@st.cache_data(show_spinner=False)
def imports(db_path: str, data_version: int, scope: str):
    return import_log(_database(db_path))


def key() -> tuple[str, int, str]:
    """(path, version, scope): the first three arguments of every cached call.

    The scope names the units the signed-in user may see, so no cached result crosses from
    one user's scope to another's; a signed-out session stops here.
    """
    from metrics.warm import warm_in_background
    from ui import auth

    access = auth.require()
    # Once per data version: the shared suppression is computed before it is asked for, and the
    # results of older versions, which no new call can ask for again, are let go (for the large
    # organisation each version's whole-organisation tables hold a hundred MB or more).
    if warm_in_background(db()) is not None:
        _whole.clear()
        _whole_table.clear()
        st.cache_data.clear()
    return str(db().path), version(), ",".join(map(str, sorted(access.units)))


def units(scope: str) -> frozenset[int]:
    """The unit ids a scope key names."""
    return frozenset(int(u) for u in scope.split(",") if u)


def user() -> str:
    """The signed-in user's name, for provenance and the audit log."""
    from ui import auth

    return auth.require().username


def _only(result, scope: str):
    """A per-unit result (a table with `rows`, or a tuple of rows) cut to the scope's units."""
    allowed = units(scope)
    if isinstance(result, tuple):
        return tuple(r for r in result if r.unit_id in allowed)
    return dataclasses.replace(result, rows=tuple(r for r in result.rows if r.unit_id in allowed))


def _check(unit_id: int, scope: str) -> None:
    if unit_id not in units(scope):
        raise PermissionError("Enheten er utenfor det du har tilgang til.")


def sick_leave_table(period: Period, rolling: bool = False) -> sl.SickLeaveTable:
    return table(*key(), period.label, rolling)


def sick_leave_trend(unit_id: int, last: Period, count: int = 12) -> sl.SickLeaveTrend:
    return trend(*key(), unit_id, last.label, count)


# -- deviations, injuries, safety rounds (issue 4) --------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def deviation_trend(
    db_path: str,
    data_version: int,
    scope: str,
    unit_id: int,
    last_label: str,
    kind: str,
    today: str,
):
    import datetime as dt

    from core.periods import parse_query_period
    from metrics.deviations import deviation_trend as compute

    _check(unit_id, scope)
    return compute(
        _database(db_path),
        unit_id,
        parse_query_period(last_label),
        kind,
        12,
        dt.date.fromisoformat(today),
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def _whole(db_path: str, data_version: int, what: str, when: str | int, today: str):
    """A whole-organisation per-unit table (deviations, injuries, safety rounds), computed once
    per data version and shared by every scope as one frozen object (see `_whole_table`);
    callers cut it with `_only`."""
    import datetime as dt

    from core.periods import parse_query_period
    from metrics.deviations import deviation_table
    from metrics.injuries import injury_table
    from metrics.safety_rounds import safety_round_table

    db = _database(db_path)
    if what == "deviations":
        return deviation_table(db, parse_query_period(when), dt.date.fromisoformat(today))
    if what == "injuries":
        return injury_table(db, parse_query_period(when))
    return safety_round_table(db, int(when), dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False, max_entries=64)
def deviation_table(db_path: str, data_version: int, scope: str, period_label: str, today: str):
    return _only(_whole(db_path, data_version, "deviations", period_label, today), scope)


@st.cache_data(show_spinner=False, max_entries=64)
def overdue(db_path: str, data_version: int, scope: str, unit_id: int, today: str):
    import datetime as dt

    from metrics.deviations import overdue_cases

    _check(unit_id, scope)
    return overdue_cases(_database(db_path), unit_id, dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False, max_entries=64)
def injuries(db_path: str, data_version: int, scope: str, period_label: str):
    return _only(_whole(db_path, data_version, "injuries", period_label, ""), scope)


@st.cache_data(show_spinner=False, max_entries=64)
def safety_rounds(db_path: str, data_version: int, scope: str, year: int, today: str):
    return _only(_whole(db_path, data_version, "safety_rounds", year, today), scope)


@st.cache_data(show_spinner=False, max_entries=64)
def risk_matrix(db_path: str, data_version: int, scope: str, unit_id: int, year: int):
    from metrics.safety_rounds import risk_matrix as compute

    _check(unit_id, scope)
    return compute(_database(db_path), unit_id, year)


@st.cache_data(show_spinner=False, max_entries=64)
def open_measures(db_path: str, data_version: int, scope: str, unit_id: int, today: str):
    import datetime as dt

    from metrics.safety_rounds import open_measures as compute

    _check(unit_id, scope)
    return compute(_database(db_path), unit_id, dt.date.fromisoformat(today))


@st.cache_data(show_spinner=False)
def risk_bands(db_path: str, data_version: int, scope: str):
    from metrics.safety_rounds import risk_bands as compute

    return compute(_database(db_path))


@st.cache_data(show_spinner=False, max_entries=32)
def cases(db_path: str, data_version: int, scope: str, unit_id: int, status: str | None, text: str):
    """The advisor's case list under a unit (free text included: the Saksliste page only)."""
    from metrics.case_list import case_list

    _check(unit_id, scope)
    return case_list(_database(db_path), unit_id, status, text)


@st.cache_data(show_spinner=False)
def round_years(db_path: str, data_version: int, scope: str) -> list[int]:
    from store.safety_rounds import round_years as compute

    return compute(_database(db_path))

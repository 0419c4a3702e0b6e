"""Shared widgets: meeting mode, period and unit pickers, KPI cards, the empty state."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core.formatting import fmt_pp
from core.periods import MONTH, QUARTER, TERTIAL, YEAR, Period
from metrics.benchmarks import BenchmarkSeries
from metrics.sick_leave import SickLeaveTable
from ui import state

KIND_LABELS = {QUARTER: "Kvartal", MONTH: "Måned", TERTIAL: "Tertial", YEAR: "År"}
LEVEL_LABELS = {"virksomhet": "Virksomhet", "sektor": "Sektor", "enhet": "Enhet"}

# Static CSS only (no user text): larger type and roomier cards for the projector.
_MEETING_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 1.35rem; }
[data-testid="stMetricValue"] { font-size: 3.2rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.4rem !important; }
h1 { font-size: 3rem !important; } h2 { font-size: 2.3rem !important; }
[data-testid="stDataFrame"] { font-size: 1.2rem; }
</style>
"""


def meeting_mode() -> bool:
    """The sidebar switch for the projector; remembered for the session across pages."""
    on = st.sidebar.toggle(
        "Møtemodus",
        key="meeting_mode",
        help="Stor tekst og ett panel om gangen, for visning på storskjerm i AMU-møtet.",
    )
    if on:
        st.html(_MEETING_CSS)
    return on


def panel_choice(panels: list[str], meeting: bool) -> list[str]:
    """All panels normally; in meeting mode one at a time, chosen with a segmented control."""
    if not meeting:
        return panels
    chosen = st.segmented_control("Panel", panels, default=panels[0], key=f"panel_{panels[0]}")
    return [chosen or panels[0]]


def empty_state() -> bool:
    """Show guidance and return True when there is no sick-leave data yet."""
    if state.span(*state.key()) is not None:
        return False
    st.info(
        "Det er ingen sykefraværstall i databasen ennå. Gå til **Import** og last opp"
        " eksporten fra HR-systemet (xlsx eller csv)."
    )
    page_link("pages/importer.py", label="Til import", icon=":material/upload_file:")
    return True


def available_periods(kind: str, any_data: bool = False) -> list[Period]:
    span = (state.any_span if any_data else state.span)(*state.key())
    if span is None:
        return []
    first, last = span
    p = Period.containing(kind, last)
    if p.last_month > last and p.first_month - 1 >= first:
        p = p.previous()  # prefer the newest period that has ended in the data
    out = []
    while p.last_month >= first:
        out.append(p)
        p = p.previous()
    return out


def period_picker(
    default_kind: str = QUARTER, key: str = "period", any_data: bool = False, rolling: bool = True
) -> tuple[Period, bool]:
    """Period kind, period and rolling switch in the sidebar; remembered across pages."""
    kinds = list(KIND_LABELS)
    kind = st.sidebar.selectbox(
        "Periodetype", kinds, index=kinds.index(default_kind), format_func=KIND_LABELS.get,
        key=f"{key}_kind",
    )  # fmt: skip
    options = available_periods(kind, any_data)
    period = st.sidebar.selectbox(
        "Periode", options, format_func=lambda p: p.display, key=f"{key}_{kind}"
    )
    if not rolling:
        return period, False
    rolling = st.sidebar.checkbox(
        "Rullerende år (fire kvartaler / tolv måneder til og med perioden)",
        key=f"{key}_rolling",
        disabled=kind == YEAR,
    )
    return period, rolling and kind != YEAR


def unit_picker(key: str = "unit") -> tuple[int, str, str]:
    """Level and unit in the sidebar: returns (unit_id, level, name).

    A link may choose the unit with `?enhet=<id>` (the meeting view's link to today's panel
    for the committee's scope); the user's own later choice then stands.
    """
    tree = state.tree(*state.key())
    _unit_from_link(tree, key)
    levels = [lv for lv in LEVEL_LABELS if (tree["level"] == lv).any()]
    level = st.sidebar.radio(
        "Nivå", levels, format_func=LEVEL_LABELS.get, horizontal=True, key=f"{key}_level"
    )
    units = tree[tree["level"] == level]
    names = dict(zip(units["id"], units["name"], strict=True))
    parents = dict(zip(tree["id"], tree["name"], strict=True))
    parent_of = dict(zip(units["id"], units["parent_id"], strict=True))

    def label(uid: int) -> str:
        parent = parent_of.get(uid)
        if level == "enhet" and not pd.isna(parent):
            return f"{names[uid]} ({parents.get(int(parent), '')})"
        return names[uid]

    unit_id = st.sidebar.selectbox(
        LEVEL_LABELS[level], list(names), format_func=label, key=f"{key}_{level}"
    )
    return int(unit_id), level, names[unit_id]


def _unit_from_link(tree: pd.DataFrame, key: str) -> None:
    wanted = st.query_params.get("enhet")
    if not wanted or not wanted.isdigit() or st.session_state.get(f"{key}_link") == wanted:
        return
    found = tree[tree["id"] == int(wanted)]
    if found.empty:
        return
    level = found["level"].iloc[0]
    st.session_state[f"{key}_level"] = level
    st.session_state[f"{key}_{level}"] = int(wanted)
    st.session_state[f"{key}_link"] = wanted


def delta_text(change_pp: float | None, suffix: str) -> str | None:
    """Delta for st.metric. Streamlit reads the direction from a leading ASCII "-", so the
    typographic minus of fmt_pp is swapped for it here (else a fall would be coloured as a rise)."""
    if change_pp is None:
        return None
    return f"{fmt_pp(change_pp).replace(chr(0x2212), '-')} {suffix}"


@dataclass(frozen=True)
class SickLeaveView:
    """What a sick-leave page has chosen in the sidebar, and the figures for that choice."""

    meeting: bool
    period: Period
    rolling: bool
    unit_id: int
    level: str
    name: str
    table: SickLeaveTable
    benchmark: BenchmarkSeries | None


def sick_leave_view(title: str) -> SickLeaveView:
    """The common top of the sick-leave pages: meeting mode, title, pickers, one metric call.

    Stops the page with guidance when there is no data yet.
    """
    meeting = meeting_mode()
    st.title(title)
    if empty_state():
        st.stop()
    period, rolling = period_picker()
    unit_id, level, name = unit_picker()
    return SickLeaveView(
        meeting=meeting,
        period=period,
        rolling=rolling,
        unit_id=unit_id,
        level=level,
        name=name,
        table=state.sick_leave_table(period, rolling),
        benchmark=state.benchmark(*state.key()),
    )


def flash(message: str) -> None:
    """Remember a success message to show after the rerun that follows a saved change."""
    st.session_state["flash"] = message


def show_flash() -> None:
    """Show (once) the message a saved change left before its rerun."""
    if message := st.session_state.pop("flash", None):
        st.success(message)


def page_link(page: str, container=None, **kwargs) -> None:
    """`st.page_link`, drawn only when the signed-in user may open that page."""
    from pathlib import Path

    from ui import auth

    access = auth.current()
    if access is not None and access.may_open(Path(page).stem):
        (container or st).page_link(page, **kwargs)

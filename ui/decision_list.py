"""How a list of decisions is drawn on every page: overdue rows red and saying so in words."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from metrics.decisions import DecisionRow

OVERDUE_STYLE = "background-color: #fde2e1; color: #8a1c1c; font-weight: 600"


def status_text(row: DecisionRow) -> str:
    return f"{row.status} (forfalt)" if row.overdue else row.status


def frame(rows: Sequence[DecisionRow], with_committee: bool = True) -> pd.DataFrame:
    """The display table: one row per decision, dates as dd.mm.yyyy, empty cells blank."""
    data = [
        {
            **({"Utvalg": r.committee} if with_committee else {}),
            "Sak": r.case_number or "",
            "Møte": f"{r.meeting_date:%d.%m.%Y}" if r.meeting_date else "",
            "Vedtak": r.text,
            "Ansvarlig": r.owner or "ikke satt",
            "Frist": f"{r.deadline:%d.%m.%Y}" if r.deadline else "ingen frist",
            "Status": status_text(r),
            "Lukket": f"{r.closed_date:%d.%m.%Y}" if r.closed_date else "",
        }
        for r in rows
    ]
    return pd.DataFrame(data)


def show(
    rows: Sequence[DecisionRow], key: str, with_committee: bool = True, select: bool = False
) -> DecisionRow | None:
    """Draw the list (overdue rows red); with `select`, return the row the user clicked."""
    if not rows:
        st.info("Ingen vedtak å vise.")
        return None
    table = frame(rows, with_committee)
    overdue = [r.overdue for r in rows]
    styled = table.style.apply(
        lambda row: [OVERDUE_STYLE if overdue[row.name] else ""] * len(row), axis=1
    )
    event = st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        key=key,
        on_select="rerun" if select else "ignore",
        selection_mode="single-row",
        column_config={"Vedtak": st.column_config.TextColumn(width="large")},
    )
    if not select:
        return None
    chosen = event.selection.rows if event is not None else []
    return rows[chosen[0]] if chosen else None

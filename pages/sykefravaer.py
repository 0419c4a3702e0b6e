"""Sykefravær: quarterly trend with target and benchmark, year-over-year, and the drill-down."""

import pandas as pd
import streamlit as st

from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text
from core.periods import QUARTER, Period
from ui import auth, charts, state, widgets

access = auth.require("sykefravaer")


@st.cache_data(show_spinner=False, max_entries=64)
def drill_down(
    db_path: str, data_version: int, scope: str, period_label: str, rolling: bool
) -> pd.DataFrame:
    """The drill-down table's rows, formatted once per data version (about 1,500 units)."""
    table = state.table(db_path, data_version, scope, period_label, rolling)

    def line(r, indent: str) -> dict:
        hidden = hidden_text(r.suppressed_reason, table.threshold) if r.suppressed else None
        return {
            "Enhet": indent + r.unit,
            "Personer": hidden or str(r.persons) + ("*" if r.persons_estimated else ""),
            "Avtalte dagsverk": hidden or fmt_number(r.avtalte_dagsverk),
            "Tapte dagsverk": hidden or fmt_number(r.tapte_dagsverk),
            "Sykefravær": hidden or fmt_percent(r.percent),
            "Egenmeldt": hidden or fmt_percent(r.egenmeldt_percent),
            "Legemeldt": hidden or fmt_percent(r.legemeldt_percent),
            "Endring (pp)": hidden or fmt_pp(r.change_pp),
            "Mål": fmt_percent(r.target_percent),
            "Merknad": "ufullstendig" if r.incomplete else "",
        }

    rows = []
    for v in table.level("virksomhet"):
        rows.append(line(v, ""))
        for s in table.children(v.unit_id):
            rows.append(line(s, "   "))
            if s.level == "sektor":
                rows.extend(line(e, "      ") for e in table.children(s.unit_id))
    return pd.DataFrame(rows)


view = widgets.sick_leave_view("Sykefravær")
last_quarter = Period.containing(QUARTER, view.period.last_month)

panels = widgets.panel_choice(["Utvikling", "År mot år", "Tabell"], view.meeting)

if "Utvikling" in panels or "År mot år" in panels:
    trend = state.sick_leave_trend(view.unit_id, last_quarter, 12)
if "Utvikling" in panels:
    st.plotly_chart(charts.trend_figure(trend, view.benchmark, big=view.meeting), width="stretch")
    notes = []
    if any(p.suppressed for p in trend.points):
        notes.append(
            f"Kvartaler merket «skjult» har færre enn {view.table.threshold} personer (eller beskytter en annen celle)."
        )
    if any(p.incomplete for p in trend.points):
        notes.append("Noen kvartaler er ufullstendige (måneder mangler).")
    if view.benchmark is not None:
        notes.append(f"Sammenligning: {view.benchmark.label}.")
    for note in notes:
        st.caption(note)
if "År mot år" in panels:
    st.plotly_chart(charts.year_over_year_figure(trend, big=view.meeting), width="stretch")

if "Tabell" in panels:
    st.subheader(
        f"Fordeling – {view.period.display}"
        + (f" (rullerende år {view.table.window})" if view.rolling else "")
    )

    rows = drill_down(*state.key(), view.period.label, view.rolling)
    st.dataframe(rows, hide_index=True, width="stretch", height=min(38 * (len(rows) + 1), 1400))
    st.caption(
        f"Sykefravær = tapte dagsverk / avtalte dagsverk. Skjulte tall teller med i summene over."
        f" * = antall personer anslått fra avtalte dagsverk. Grense: {view.table.threshold} personer."
    )

"""Vernerunder og risiko: the 5×5 risk matrix, coverage per sector, open measures."""

import datetime as dt

import plotly.graph_objects as go
import streamlit as st

from core.formatting import fmt_percent
from ui import auth, state, widgets

access = auth.require("vernerunder")

meeting = widgets.meeting_mode()
st.title("Vernerunder og risiko")
tree = state.tree(*state.key())
if tree.empty:
    st.info("Ingen enheter i databasen ennå. Last opp eksportene på Import-siden.")
    st.stop()

today = dt.date.today()
years = state.round_years(*state.key()) or [today.year]
year = st.sidebar.selectbox("År", years, key="rounds_year")
unit_id, level, name = widgets.unit_picker()
bands = state.risk_bands(*state.key())
rows = state.safety_rounds(*state.key(), year, today.isoformat())
mine = next(r for r in rows if r.unit_id == unit_id)
st.subheader(f"{name} · {year}")
panels = widgets.panel_choice(["Risikomatrise", "Dekning", "Åpne tiltak"], meeting)

if "Risikomatrise" in panels:
    c = st.columns(4)
    c[0].metric(
        "Dekning",
        fmt_percent(mine.coverage_percent),
        help="Andel enheter med minst én vernerunde i året.",
    )
    c[1].metric("Funn høy risiko", mine.findings_by_band["høy"])
    c[2].metric("Åpne høye risikoer", mine.open_high)
    c[3].metric("Forfalte tiltak", mine.overdue_measures)
    matrix = state.risk_matrix(*state.key(), unit_id, year)
    colour = {"lav": "#2e7d32", "middels": "#f9a825", "høy": "#c62828"}
    band_of = [[bands.band(s * k) for k in matrix.columns] for s in matrix.index]
    scale_index = {"lav": 0.0, "middels": 0.5, "høy": 1.0}
    fig = go.Figure(
        go.Heatmap(
            z=[[scale_index[b] for b in row] for row in band_of],
            x=[f"K{k}" for k in matrix.columns], y=[f"S{s}" for s in matrix.index],
            text=matrix.values.tolist(), texttemplate="%{text}", textfont={"size": 26 if meeting else 16},
            colorscale=[[0, colour["lav"]], [0.5, colour["middels"]], [1, colour["høy"]]],
            showscale=False, hovertemplate="Sannsynlighet %{y}, konsekvens %{x}: %{text} funn<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title=f"Funn per risikocelle – {name} {year}", template="plotly_white",
        xaxis_title="Konsekvens", yaxis_title="Sannsynlighet", height=620 if meeting else 460,
    )  # fmt: skip
    st.plotly_chart(fig, width="stretch")
    st.caption(
        f"Risiko = sannsynlighet × konsekvens. Lav 1–{bands.low_max}, middels {bands.low_max + 1}–"
        f"{bands.medium_max}, høy over {bands.medium_max} (kan endres under Innstillinger)."
    )

if "Dekning" in panels:
    scope = [r for r in rows if r.parent == name] or [mine]
    st.dataframe(
        [
            {
                "Enhet": r.unit,
                "Enheter": r.units,
                "Med vernerunde": r.units_with_round,
                "Dekning": fmt_percent(r.coverage_percent),
                "Uten vernerunde i år": ", ".join(r.units_without_round),
            }
            for r in scope
        ],  # fmt: skip
        hide_index=True,
        width="stretch",
    )

if "Åpne tiltak" in panels:
    measures = state.open_measures(*state.key(), unit_id, today.isoformat())
    st.markdown(f"**Åpne tiltak** ({len(measures)}), forfalte først")
    st.dataframe(
        [
            {
                "Forfalt": "ja" if m.overdue else "",
                "Enhet": m.unit,
                "Funn": m.finding,
                "Risiko": f"{m.risk} ({m.band})",
                "Tiltak": m.measure or "",
                "Ansvarlig": m.owner or "",
                "Frist": m.deadline.strftime("%d.%m.%Y") if m.deadline else "",
            }
            for m in measures
        ],  # fmt: skip
        hide_index=True,
        width="stretch",
    )

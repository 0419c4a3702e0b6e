"""Avvik og skader: trend by category, severity, the overdue list, and H1/H2/F with hours."""

import datetime as dt

import streamlit as st

from core.formatting import fmt_number, hidden_text
from core.periods import QUARTER, TERTIAL
from metrics.deviations import CATEGORIES, SEVERITY_BANDS
from ui import auth, charts, state, widgets

access = auth.require("avvik")

meeting = widgets.meeting_mode()
st.title("Avvik og skader")
if state.any_span(*state.key()) is None:
    st.info(
        "Ingen avvik eller sykefraværstall i databasen ennå. Last opp eksportene på Import-siden."
    )
    st.stop()

period, _ = widgets.period_picker(any_data=True, rolling=False)
unit_id, level, name = widgets.unit_picker()
today = dt.date.today().isoformat()
grouping = st.sidebar.radio(
    "Trend per", [QUARTER, TERTIAL], format_func={QUARTER: "kvartal", TERTIAL: "tertial"}.get,
    horizontal=True, key="deviation_grouping",
)  # fmt: skip

table = state.deviation_table(*state.key(), period.label, today)
row = table.unit(unit_id)
st.subheader(f"{name} · {period.display}")
panels = widgets.panel_choice(
    ["Nøkkeltall", "Utvikling", "Forfalte saker", "Personskader"], meeting
)

if "Nøkkeltall" in panels:
    if row is None:
        st.info("Ingen avvik registrert for denne enheten i perioden.")
    else:
        c = st.columns(4)
        c[0].metric(
            "Registrerte avvik",
            "skjult" if row.registered is None else row.registered,
            delta=None
            if row.registered_change is None
            else f"{row.registered_change:+d} mot året før",
            delta_color="off",
        )
        c[1].metric("Åpne", row.open)
        c[2].metric("Forfalte", row.overdue, help="Ikke lukket, og fristen er passert.")
        c[3].metric(
            "Median dager til lukking",
            "–" if row.median_days_to_close is None else fmt_number(row.median_days_to_close, 0),
        )
        st.caption(f"Forbedringsforslag (telles for seg): {row.improvement_suggestions}.")
        words = {
            c: (
                hidden_text(row.hidden[c], table.threshold)
                if c in row.hidden
                else row.by_category[c]
            )
            for c in CATEGORIES
        }
        left, right = st.columns(2)
        left.dataframe(
            [{"Kategori": c, "Antall": str(v)} for c, v in words.items()],
            hide_index=True,
            width="stretch",
        )
        right.dataframe(
            [{"Alvorlighet": b, "Antall": row.by_severity[b]} for b in SEVERITY_BANDS],
            hide_index=True,
            width="stretch",
        )

if "Utvikling" in panels:
    trend = state.deviation_trend(*state.key(), unit_id, period.label, grouping, today)
    title = f"Registrerte avvik per {'kvartal' if grouping == QUARTER else 'tertial'} – {name}"
    fig = charts.deviation_trend_figure(trend, title, big=meeting)
    st.plotly_chart(fig, width="stretch")
    if any(f is not None and f.hidden for f in trend.figures):
        st.caption(
            f"Personskader og vold og trusler vises ikke for enheter under {table.threshold} personer."
        )

if "Forfalte saker" in panels:
    cases = state.overdue(*state.key(), unit_id, today)
    st.markdown(f"**Forfalte saker** ({len(cases)})")
    if cases:
        st.dataframe(
            [
                {
                    "Saksnr": c.saksnummer,
                    "Enhet": c.unit,
                    "Kategori": c.category,
                    "Frist": c.deadline.strftime("%d.%m.%Y"),
                    "Dager over fristen": c.days_overdue,
                }
                for c in cases
            ],  # fmt: skip
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("Ingen forfalte saker.")

if "Personskader" in panels:
    injuries = state.injuries(*state.key(), period.label)
    rows = [r for r in injuries.rows if r.unit_id == unit_id or r.unit == name] or []
    children = [r for r in injuries.rows if r.parent == name]
    shown = []
    for r in rows + children:
        hidden = hidden_text(r.hidden_reason, injuries.threshold) if r.suppressed else None
        shown.append(
            {
                "Enhet": r.unit,
                "Arbeidstimer": fmt_number(r.hours_worked, 0),
                "Fraværsskader": hidden or r.lost_time_injuries,
                "Med behandling": hidden or r.medical_treatment_injuries,
                "Tapte dager": hidden or fmt_number(r.days_lost, 0),
                "H1": hidden or fmt_number(r.h1),
                "H2": hidden or fmt_number(r.h2),
                "F": hidden or fmt_number(r.f),
                "Merknad": "usikker (under 100 000 timer)" if r.uncertain else "",
            }
        )
    st.markdown(
        "**Personskader per million arbeidstimer** (H1: med fravær; H2: med fravær eller medisinsk behandling; F: tapte dager)"
    )
    st.dataframe(
        [{k: str(v) for k, v in s.items()} for s in shown], hide_index=True, width="stretch"
    )
    st.caption(
        "Arbeidstimer = avtalte dagsverk × 7,5 fra sykefraværstallene. Førstehjelpsskader telles ikke."
    )

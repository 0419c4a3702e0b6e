"""Innstillinger: targets per unit and year, benchmark series, and the suppression threshold."""

import pandas as pd
import streamlit as st

from core.formatting import fmt_percent
from metrics.benchmarks import available_series
from metrics.deviations import CATEGORIES as _CATEGORIES
from metrics.deviations import SUGGESTION
from store.deviations import set_category_mappings, source_categories
from store.settings import (
    MIN_THRESHOLD,
    benchmarks,
    replace_benchmarks,
    set_risk_bands,
    set_setting,
    set_suppression_threshold,
    set_target,
    targets,
)
from ui import auth, state, widgets

access = auth.require("innstillinger")

STANDARD_CATEGORIES = (*_CATEGORIES[:-1], SUGGESTION, _CATEGORIES[-1])

widgets.meeting_mode()
st.title("Innstillinger")
db = state.db()
tree = state.tree(*state.key())
names = dict(zip(tree["id"], tree["name"], strict=True))
levels = dict(zip(tree["id"], tree["level"], strict=True))

# -- targets ---------------------------------------------------------------------------------
st.header("Mål for sykefravær")
st.write(
    "Et mål gjelder fra og med året det settes for, til et nytt mål settes. En enhet uten eget"
    " mål arver målet til sektoren eller virksomheten over seg."
)
if tree.empty:
    st.info("Importer sykefraværstall først; enhetene hentes fra eksportene.")
else:
    with st.form("target"):
        c = st.columns([3, 1, 1])
        unit = c[0].selectbox(
            "Enhet", list(names), format_func=lambda u: f"{names[u]} ({levels[u]})"
        )
        year = c[1].number_input(
            "Fra år", min_value=2000, max_value=2100, value=pd.Timestamp.now().year, step=1
        )
        value = c[2].number_input(
            "Mål (%)", min_value=0.0, max_value=100.0, value=6.0, step=0.1, format="%.1f"
        )
        b = st.columns(2)
        if b[0].form_submit_button("Lagre mål", type="primary"):
            set_target(db, int(unit), int(year), float(value))
            st.success(f"Mål for {names[unit]} fra {year}: {fmt_percent(value)}")
        if b[1].form_submit_button("Fjern mål for dette året"):
            set_target(db, int(unit), int(year), None)
            st.success(f"Målet for {names[unit]} i {year} er fjernet.")
    current = targets(db)
    if not current.empty:
        st.dataframe(
            pd.DataFrame(
                {
                    "Enhet": current["unit_id"].map(names),
                    "Nivå": current["unit_id"].map(levels),
                    "Fra år": current["year"],
                    "Mål": current["percent"].map(fmt_percent),
                }
            ),
            hide_index=True,
            width="stretch",
        )

# -- benchmarks ------------------------------------------------------------------------------
st.header("Sammenligningstall")
st.write(
    "Sammenligningstall vises alltid med hva de dekker (egen- og legemeldt eller bare legemeldt,"
    " sesongjustert eller ikke, sektor og kilde). Tallene kan endres og nye serier legges til."
)
series = available_series(db)
if series:
    chosen = state.benchmark(*state.key())
    keys = list(series)
    pick = st.selectbox(
        "Serie som vises i grafer og på Oversikt",
        keys,
        index=keys.index(chosen.series) if chosen else 0,
        format_func=series.get,
    )
    if chosen is None or pick != chosen.series:
        set_setting(db, "benchmark_series", pick)
        st.rerun()
edited = st.data_editor(
    benchmarks(db),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "series": st.column_config.TextColumn("Serie (nøkkel)", required=True),
        "label": st.column_config.TextColumn("Etikett", required=True, width="large"),
        "covers": st.column_config.SelectboxColumn(
            "Dekker", options=["legemeldt", "egen- og legemeldt"], required=True
        ),
        "seasonally_adjusted": st.column_config.CheckboxColumn("Sesongjustert"),
        "sector": st.column_config.TextColumn("Sektor", required=True),
        "source": st.column_config.TextColumn("Kilde", required=True),
        "year": st.column_config.NumberColumn(
            "År", min_value=2000, max_value=2100, step=1, required=True
        ),
        "quarter": st.column_config.NumberColumn(
            "Kvartal", min_value=1, max_value=4, step=1, required=True
        ),
        "percent": st.column_config.NumberColumn(
            "Prosent", min_value=0.0, max_value=100.0, format="%.1f", required=True
        ),
    },
    key="benchmarks_editor",
)
if st.button("Lagre sammenligningstall"):
    try:
        replace_benchmarks(db, edited)
    except ValueError as err:
        st.error(str(err))
    else:
        st.success("Sammenligningstallene er lagret.")

# -- deviation categories ------------------------------------------------------------------
st.header("Avvikskategorier")
st.write(
    "Hvert avvikssystem har sine egne kategorier. Her kobles de til standardkategoriene som"
    " brukes i oversikter og rapporter. Kategorier uten kobling telles som «annet» og står øverst."
)
categories = source_categories(db)
if categories.empty:
    st.info("Ingen avvik er importert ennå.")
else:
    unmapped = categories["standard"].isna().sum()
    if unmapped:
        st.warning(f"{unmapped} kategori(er) fra eksportene er ikke koblet og telles som «annet».")
    edited_categories = st.data_editor(
        categories,
        hide_index=True,
        width="stretch",
        disabled=["kategori", "cases"],
        column_config={
            "kategori": st.column_config.TextColumn("Kategori i eksporten"),
            "cases": st.column_config.NumberColumn("Saker"),
            "standard": st.column_config.SelectboxColumn(
                "Standardkategori", options=list(STANDARD_CATEGORIES)
            ),
        },
        key="category_editor",
    )
    if st.button("Lagre kategorikoblinger"):
        changed = {
            k: v for k, v, old in zip(edited_categories["kategori"], edited_categories["standard"],
                                      categories["standard"], strict=True)
            if v and v != old
        }  # fmt: skip
        set_category_mappings(db, changed)
        st.success(f"{len(changed)} kobling(er) lagret.")
        st.rerun()

# -- risk bands ------------------------------------------------------------------------------
st.header("Risikonivåer for vernerunder")
bands = state.risk_bands(*state.key())
st.write(
    "Risiko = sannsynlighet × konsekvens (1–25). Arbeidstilsynet overlater akseptkriteriene til"
    " virksomheten; standard er lav 1–4, middels 5–12 og høy 15–25."
)
with st.form("risk_bands"):
    c = st.columns(2)
    low = c[0].number_input(
        "Lav til og med", min_value=1, max_value=23, value=bands.low_max, step=1
    )
    medium = c[1].number_input(
        "Middels til og med", min_value=2, max_value=24, value=bands.medium_max, step=1
    )
    if st.form_submit_button("Lagre risikonivåer"):
        try:
            set_risk_bands(db, int(low), int(medium))
        except ValueError as err:
            st.error(str(err))
        else:
            st.success(f"Lav 1–{low}, middels {low + 1}–{medium}, høy over {medium}.")

# -- suppression -----------------------------------------------------------------------------
st.header("Personvern")
threshold = state.threshold(*state.key())
st.write(
    f"Tall for grupper med færre enn {threshold} personer vises ikke (NAVs grense er"
    f" {MIN_THRESHOLD}). Skjules én enhet under en sektor, skjules også den nest minste, slik at"
    " tallet ikke kan regnes ut ved å trekke fra. Skjulte tall teller likevel med i summene."
)
new = st.number_input(
    "Minste antall personer", min_value=MIN_THRESHOLD, max_value=50, value=threshold, step=1
)
if new != threshold and st.button("Lagre grensen"):
    set_suppression_threshold(db, int(new))
    st.success(f"Ny grense: {new} personer.")
    st.rerun()

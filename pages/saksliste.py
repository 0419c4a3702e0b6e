"""Saksliste (HMS-rådgiver): every deviation with its free text and history of changes.

The only page that shows free text; it is for the HMS advisor, not for AMU panels.
"""

import streamlit as st

from metrics.case_list import history
from ui import auth, state, widgets

access = auth.require("saksliste")

widgets.meeting_mode()
st.title("Saksliste")
st.caption(
    "Kun for HMS-rådgiveren: beskrivelsene kan inneholde navn og helseopplysninger. Vis ikke"
    " denne siden på storskjerm."
)
if state.tree(*state.key()).empty:
    st.info("Ingen saker ennå. Last opp avviksrapporten på Import-siden.")
    st.stop()
unit_id, level, name = widgets.unit_picker()
c = st.columns([1, 2])
status = c[0].selectbox(
    "Status", ["", "åpen", "under behandling", "lukket"], format_func=lambda s: s or "alle"
)
text = c[1].text_input("Søk i saksnummer og beskrivelse")
rows = state.cases(*state.key(), unit_id, status or None, text)
st.write(f"{len(rows)} saker under {name}.")
st.dataframe(
    rows.rename(
        columns={
            "saksnummer": "Saksnr",
            "enhet": "Enhet",
            "registrert_dato": "Registrert",
            "kategori": "Kategori",
            "standard": "Standardkategori",
            "alvorlighetsgrad": "Alvorlighet",
            "status": "Status",
            "frist": "Frist",
            "lukket_dato": "Lukket",
            "skadetype": "Skadetype",
            "fravaersdager": "Fraværsdager",
            "beskrivelse": "Beskrivelse",
        }
    ),  # fmt: skip
    hide_index=True,
    width="stretch",
)
chosen = st.selectbox("Vis endringer for sak", [""] + rows["saksnummer"].head(500).tolist())
if chosen:
    changes = history(state.db(), chosen)
    if changes.empty:
        st.write("Ingen endringer registrert siden saken ble importert første gang.")
    else:
        st.dataframe(changes, hide_index=True, width="stretch")

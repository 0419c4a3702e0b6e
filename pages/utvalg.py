"""Utvalg: the committees (HAMU, sector and unit AMUs), the subtree each covers, its members."""

import pandas as pd
import streamlit as st

from store.committees import ROLES, CommitteeError, create_committee, set_members
from ui import amu_state, auth, state, widgets

access = auth.require("utvalg")

widgets.meeting_mode()
widgets.show_flash()
st.title("Utvalg og medlemmer")
st.write(
    "Et arbeidsmiljøutvalg er knyttet til en del av organisasjonen: hele virksomheten (HAMU),"
    " en sektor eller en enhet. Panelene og sakene i møtene viser tall for den delen."
)
db = state.db()
tree = state.tree(*state.key())
names = dict(zip(tree["id"].astype(int), tree["name"], strict=True))
levels = dict(zip(tree["id"].astype(int), tree["level"], strict=True))
committees = amu_state.committees(*state.key())

if not committees.empty:
    st.dataframe(
        [
            {
                "Utvalg": r.name,
                "Dekker": f"{r.unit} ({r.level})",
                "Saksnummer": f"{r.case_prefix} 1/{pd.Timestamp.now():%y}",
                "Medlemmer": int(r.members),
            }
            for r in committees.itertuples(index=False)
        ],
        hide_index=True,
        width="stretch",
    )

st.header("Nytt utvalg")
if tree.empty:
    st.info("Importer sykefraværstall først; enhetene utvalgene dekker hentes fra eksportene.")
else:
    with st.form("new_committee", clear_on_submit=True):
        c = st.columns([2, 3, 1])
        name = c[0].text_input("Navn", placeholder="AMU Helse og omsorg")
        unit = c[1].selectbox(
            "Dekker", list(names), format_func=lambda u: f"{names[u]} ({levels[u]})"
        )
        prefix = c[2].text_input("Saksprefiks", value="PS", help="PS 12/25 = sak 12 i 2025.")
        if st.form_submit_button("Opprett utvalg", type="primary"):
            try:
                create_committee(db, name, int(unit), state.user(), prefix)
            except CommitteeError as err:
                st.error(str(err))
            else:
                widgets.flash(f"Utvalget «{name.strip()}» er opprettet.")
                st.rerun()

if committees.empty:
    st.stop()

st.header("Medlemmer")
chosen = amu_state.committee_picker(key="members_committee")
current = amu_state.members(*state.key(), int(chosen["id"]))
edited = st.data_editor(
    current if not current.empty else pd.DataFrame(columns=["name", "role", "email", "active"]),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key=f"members_{int(chosen['id'])}",
    column_config={
        "name": st.column_config.TextColumn("Navn", required=True),
        "role": st.column_config.SelectboxColumn("Rolle", options=list(ROLES), required=True),
        "email": st.column_config.TextColumn("E-post"),
        "active": st.column_config.CheckboxColumn("Aktiv", default=True),
    },
)
st.caption(
    "Roller: leder, arbeidsgiver, arbeidstaker, hovedverneombud, BHT og sekretær. Aktive"
    " medlemmer kalles inn til nye møter; tidligere møter beholder sine deltakere."
)
if st.button("Lagre medlemmer", type="primary"):
    try:
        set_members(db, int(chosen["id"]), edited)
    except CommitteeError as err:
        st.error(str(err))
    else:
        widgets.flash("Medlemslisten er lagret.")
        st.rerun()

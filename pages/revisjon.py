"""Revisjonslogg: who signed in, imported, changed settings or decisions, and exported what —
append-only, for administrators, and downloadable."""

import streamlit as st

from store.audit import audit_log, record
from ui import auth, state

access = auth.require("revisjon")
st.title("Revisjonslogg")
log = audit_log(state.db(), limit=5000)
actions = sorted(set(log["action"]))
chosen = st.multiselect("Handling", actions, placeholder="Alle")
shown = log[log["action"].isin(chosen)] if chosen else log
st.caption(f"{len(shown)} hendelser, nyeste først. Loggen kan ikke endres fra appen.")
st.dataframe(
    shown.rename(
        columns={"logged_at": "Tidspunkt", "actor": "Hvem", "action": "Handling",
                 "target": "Hva", "scope": "Omfang", "details": "Detaljer"}
    ),
    hide_index=True,
    width="stretch",
)  # fmt: skip


def as_text(value: object) -> object:
    """A cell Excel would read as a formula gets a leading apostrophe in the CSV."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


st.download_button(
    "Last ned som CSV",
    data=shown.map(as_text).to_csv(index=False, sep=";").encode("utf-8-sig"),
    file_name="revisjonslogg.csv",
    mime="text/csv",
    on_click=lambda: record(state.db(), access.username, "eksport", "revisjonslogg.csv"),
)

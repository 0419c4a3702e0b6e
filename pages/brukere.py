"""Brukere: accounts, their roles over parts of the organisation, passwords and deactivation.
Administrators only; every change goes to the audit log."""

import pandas as pd
import streamlit as st

from core.passwords import WeakPassword
from store.users import ROLE_NAMES, ROLES, UserError, add_user, grant, revoke, set_active, users
from store.users import set_password as store_password
from ui import auth, state, widgets

access = auth.require("brukere")
widgets.show_flash()
st.title("Brukere")
db = state.db()
st.write(
    "Hver bruker har én eller flere roller, hver over en del av organisasjonen: HMS-rådgiver"
    " (import, innstillinger, møter og vedtak), AMU-medlem (paneler, møtevisning, kommentarer"
    " på vedtak), leder (paneler og årsrapporter) og administrator (brukere og revisjonslogg)."
    " Alt en bruker ser, er begrenset til enhetene rollene dekker."
)
tree = state.tree(*state.key())
units = {0: "Hele organisasjonen"} | dict(
    zip(tree["id"].astype(int), tree["name"] + " (" + tree["level"] + ")", strict=True)
)
frame = users(db)
st.dataframe(
    pd.DataFrame(
        {
            "Bruker": frame["username"],
            "Navn": frame["display_name"],
            "E-post": frame["email"].fillna(""),
            "Aktiv": frame["active"],
            "Passord": frame["has_password"].map({True: "ja", False: "nei (OIDC)"}),
            "Roller": frame["grants"].fillna("ingen"),
        }
    ),
    hide_index=True,
    width="stretch",
)


def done(message: str) -> None:
    widgets.flash(message)
    st.rerun()


with st.expander("Ny bruker"), st.form("new_user", clear_on_submit=True):
    c = st.columns(3)
    username = c[0].text_input("Brukernavn")
    display = c[1].text_input("Navn")
    email = c[2].text_input("E-post (for innlogging via virksomhetens konto)")
    password = st.text_input("Passord (minst 10 tegn; tomt for bare OIDC)", type="password")
    if st.form_submit_button("Opprett", type="primary"):
        try:
            add_user(db, username, display, access.username, password or None, email)
        except (UserError, WeakPassword) as err:
            st.error(str(err))
        else:
            done(f"Brukeren {username.strip().lower()} er opprettet. Gi den en rolle.")

if frame.empty:
    st.stop()
names = list(frame["username"])
chosen = st.selectbox("Bruker", names, key="admin_user")
c = st.columns(3)
with c[0].form("grant"):
    role = st.selectbox("Rolle", ROLES, format_func=ROLE_NAMES.get)
    unit = st.selectbox("Over", list(units), format_func=units.get)
    if st.form_submit_button("Gi rollen"):
        try:
            grant(db, chosen, role, int(unit), access.username)
        except UserError as err:
            st.error(str(err))
        else:
            done(f"{chosen} er {ROLE_NAMES[role]} over {units[unit]}.")
with c[1].form("revoke"):
    role_r = st.selectbox("Rolle", ROLES, format_func=ROLE_NAMES.get, key="revoke_role")
    unit_r = st.selectbox("Over", list(units), format_func=units.get, key="revoke_unit")
    if st.form_submit_button("Fjern rollen"):
        revoke(db, chosen, role_r, int(unit_r), access.username)
        done(f"Rollen er fjernet fra {chosen}.")
with c[2].form("password"):
    new_password = st.text_input("Nytt passord", type="password")
    if st.form_submit_button("Sett passord"):
        try:
            store_password(db, chosen, new_password, access.username)
        except (UserError, WeakPassword) as err:
            st.error(str(err))
        else:
            done(f"Nytt passord er satt for {chosen}.")
active = bool(frame.set_index("username").loc[chosen, "active"])
if chosen != access.username and st.button("Deaktiver" if active else "Aktiver igjen"):
    set_active(db, chosen, not active, access.username)
    done(f"{chosen} er {'deaktivert' if active else 'aktivert'}.")

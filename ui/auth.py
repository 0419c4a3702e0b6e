"""Sign-in and the signed-in user's rights, checked on every rerun.

`HMS_AUTH` chooses how people sign in:
- `local` (the default): accounts in the database with argon2 password hashes (Brukere page,
  `cli.py user`);
- `oidc`: the organisation's identity provider through Streamlit's `st.login` (configured in
  `.streamlit/secrets.toml`, section [auth]); the provider's e-mail must belong to an active
  account with grants here;
- `demo`: the bundled sample, signed in as the demo advisor over the whole organisation.

Deny by default: no account, no grants or a disabled account means no pages.
"""

from __future__ import annotations

import dataclasses
import os

import streamlit as st

from metrics.access import Access, access_for, everything
from store.audit import record, set_actor
from store.users import check_password, user_by_email

DEMO_USER = "demo-rådgiver"
MODES = ("local", "oidc", "demo")


def mode() -> str:
    value = os.environ.get("HMS_AUTH", "local").strip().lower()
    return value if value in MODES else "local"


def _db():
    from ui.state import db

    return db()


@st.cache_data(show_spinner=False, max_entries=256)
def _access(db_path: str, data_version: int, username: str, display: str) -> Access | None:
    """Rights from the grants, recomputed whenever data changes (new units, revoked grants)."""
    return access_for(_db(), username, display)


@st.cache_data(show_spinner=False, max_entries=8)
def _demo(db_path: str, data_version: int) -> Access:
    return everything(_db(), DEMO_USER, ("radgiver", "admin"))


def current() -> Access | None:
    """The signed-in user's rights for this rerun, or None (show the sign-in page).

    Also names the user as the actor of whatever this rerun writes (the audit log)."""
    found = _current()
    set_actor(found.username if found else "ukjent")
    if found is not None and _db().read_only:
        return dataclasses.replace(found, read_only=True)
    return found


def _current() -> Access | None:
    db = _db()
    key = (str(db.path), db.version())
    if mode() == "demo":
        return _demo(*key)
    if mode() == "oidc":
        if not getattr(st.user, "is_logged_in", False):
            return None
        account = user_by_email(db, str(st.user.get("email") or ""))
        if account is None or not account["active"]:
            return None
        if not st.session_state.get("oidc_recorded"):
            record(db, account["username"], "innlogging", details="OIDC")
            st.session_state["oidc_recorded"] = True
        return _access(*key, account["username"], account["display_name"])
    username = st.session_state.get("signed_in")
    if not username:
        return None
    found = _access(*key, username, st.session_state.get("signed_in_name", username))
    if found is None:  # disabled or all grants revoked since sign-in
        st.session_state.pop("signed_in", None)
    return found


def require(page: str | None = None) -> Access:
    """The rights of this rerun; stops the page when signed out or not allowed here."""
    found = current()
    if found is None:
        st.warning("Du er ikke logget inn. Gå til forsiden for å logge inn.")
        st.stop()
    if page is not None and not found.may_open(page):
        st.error("Du har ikke tilgang til denne siden.")
        st.stop()
    return found


def sign_in_page() -> None:
    """The only page a signed-out visitor gets."""
    st.title("Logg inn")
    if mode() == "oidc":
        st.write("Logg inn med virksomhetens konto.")
        if st.button("Logg inn", type="primary"):
            st.login()
        if getattr(st.user, "is_logged_in", False):
            st.error(
                "Kontoen din har ikke tilgang her ennå. Be administratoren om å legge deg inn"
                " med e-postadressen du logger inn med."
            )
            if st.button("Logg ut"):
                st.logout()
        return
    with st.form("sign_in"):
        username = st.text_input("Brukernavn", key="login_user")
        password = st.text_input("Passord", type="password", key="login_password")
        if st.form_submit_button("Logg inn", type="primary"):
            if check_password(_db(), username, password):
                st.session_state["signed_in"] = username.strip().lower()
                st.rerun()
            st.error("Feil brukernavn eller passord, eller kontoen er ikke aktiv.")


def sign_out() -> None:
    account = st.session_state.pop("signed_in", None)
    if account:
        record(_db(), account, "utlogging")
    if mode() == "oidc":
        st.logout()

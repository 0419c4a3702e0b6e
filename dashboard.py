"""HMS-dashboard for arbeidsmiljøutvalget: the Streamlit entry point and navigation.

Start with `python3 dev.py start` (sample organisation) or `HMS_DB=path streamlit run
dashboard.py`. Each page lives in pages/ and stays thin: widgets → one metric call → draw.
"""

import streamlit as st

from ui import auth

st.set_page_config(
    page_title="HMS-dashboard", page_icon=":material/health_and_safety:", layout="wide"
)

PAGES = {
    "Tall": [
        ("oversikt", "Oversikt", ":material/dashboard:"),
        ("sykefravaer", "Sykefravær", ":material/trending_up:"),
        ("avvik", "Avvik og skader", ":material/report:"),
        ("vernerunder", "Vernerunder og risiko", ":material/health_and_safety:"),
        ("metode", "Slik har vi regnet", ":material/functions:"),
    ],
    "AMU": [
        ("moter", "Møter", ":material/event:"),
        ("motevisning", "Møtevisning", ":material/co_present:"),
        ("vedtak", "Vedtak", ":material/task_alt:"),
        ("arshjul", "Årshjul", ":material/donut_large:"),
        ("utvalg", "Utvalg", ":material/groups:"),
    ],
    "Rapporter": [("arsrapport", "Årsrapporter", ":material/summarize:")],
    "Rådgiver": [
        ("saksliste", "Saksliste", ":material/list_alt:"),
        ("importer", "Import", ":material/upload_file:"),
        ("innstillinger", "Innstillinger", ":material/settings:"),
    ],
    "Administrasjon": [
        ("brukere", "Brukere", ":material/manage_accounts:"),
        ("revisjon", "Revisjonslogg", ":material/history:"),
    ],
}

access = auth.current()  # checked on every rerun: a disabled account is signed out at once
if access is None:  # no pages at all: only the sign-in form, whatever the URL asked for
    st.navigation([st.Page(auth.sign_in_page, title="Logg inn")], position="hidden")
    auth.sign_in_page()
    st.stop()

# Only the pages the user's roles allow exist in this session: neither listed nor reachable.
keys = [key for pages in PAGES.values() for key, _, _ in pages if access.may_open(key)]
allowed = {
    section: [
        st.Page(f"pages/{key}.py", title=title, icon=icon, default=key == keys[0])
        for key, title, icon in pages
        if key in keys
    ]
    for section, pages in PAGES.items()
}
allowed = {section: pages for section, pages in allowed.items() if pages}
with st.sidebar:
    st.caption(f"Innlogget som {access.display_name} ({', '.join(access.roles)})")
    if auth.mode() != "demo" and st.button("Logg ut", key="sign_out"):
        auth.sign_out()
        st.rerun()
st.navigation(allowed, expanded=True).run()

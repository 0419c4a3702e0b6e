"""HMS-dashboard for arbeidsmiljøutvalget: the Streamlit entry point and navigation.

Start with `python3 dev.py start` (sample organisation) or `HMS_DB=path streamlit run
dashboard.py`. Each page lives in pages/ and stays thin: widgets → one metric call → draw.
"""

import streamlit as st

st.set_page_config(
    page_title="HMS-dashboard", page_icon=":material/health_and_safety:", layout="wide"
)

PAGES = {
    "Tall": [
        st.Page("pages/oversikt.py", title="Oversikt", icon=":material/dashboard:", default=True),
        st.Page("pages/sykefravaer.py", title="Sykefravær", icon=":material/trending_up:"),
        st.Page("pages/avvik.py", title="Avvik og skader", icon=":material/report:"),
        st.Page(
            "pages/vernerunder.py",
            title="Vernerunder og risiko",
            icon=":material/health_and_safety:",
        ),
    ],
    "AMU": [
        st.Page("pages/moter.py", title="Møter", icon=":material/event:"),
        st.Page("pages/motevisning.py", title="Møtevisning", icon=":material/co_present:"),
        st.Page("pages/vedtak.py", title="Vedtak", icon=":material/task_alt:"),
        st.Page("pages/arshjul.py", title="Årshjul", icon=":material/donut_large:"),
        st.Page("pages/utvalg.py", title="Utvalg", icon=":material/groups:"),
    ],
    "Rapporter": [
        st.Page("pages/arsrapport.py", title="Årsrapporter", icon=":material/summarize:"),
    ],
    "Rådgiver": [
        st.Page("pages/saksliste.py", title="Saksliste", icon=":material/list_alt:"),
        st.Page("pages/importer.py", title="Import", icon=":material/upload_file:"),
        st.Page("pages/innstillinger.py", title="Innstillinger", icon=":material/settings:"),
    ],
}

st.navigation(PAGES, expanded=True).run()

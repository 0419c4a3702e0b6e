"""Årsrapporter: the AMU annual report and the HMS annual report for a year and a scope,
with the sections people write themselves, and the files (Excel, Word, PDF) in one click."""

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.annual_report import FREE_TEXT, KIND_TITLES, annual_report
from metrics.report_model import AnnualReport
from reports.annual import annual_files
from store.audit import record
from store.report_texts import report_texts, save_report_text
from ui import auth, state, widgets

access = auth.require("arsrapport")

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
LABELS = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}


@st.cache_data(show_spinner=False, max_entries=16)
def report(
    db_path: str, data_version: int, scope: str, kind: str, year: int, unit: int, today: dt.date
) -> AnnualReport:
    if unit not in state.units(scope):
        raise PermissionError("Enheten er utenfor det du har tilgang til.")
    return annual_report(state.db(), kind, year, unit, today)


widgets.meeting_mode()
widgets.show_flash()
st.title("Årsrapporter")
st.write(
    "AMUs årsrapport om sin virksomhet (arbeidsmiljøloven § 7-2 (6)) og HMS-årsrapporten"
    " (internkontrollforskriften § 5 nr. 8), med de samme tallene som sidene. Filene er et utkast"
    " som ledelsen gjør ferdig."
)
if widgets.empty_state():
    st.stop()
db = state.db()
tree = state.tree(*state.key())
span = state.span(*state.key())
years = list(range(span[1] // 12, span[0] // 12 - 1, -1))
units = tree[tree["level"].isin(["virksomhet", "sektor"])]
names = dict(zip(units["id"].astype(int), units["name"], strict=True))
levels = dict(zip(units["id"].astype(int), units["level"], strict=True))

c = st.columns([2, 1, 2])
kind = c[0].radio("Rapport", list(KIND_TITLES), format_func=KIND_TITLES.get, horizontal=True)
year = c[1].selectbox("År", years)
scope = c[2].selectbox("Gjelder", list(names), format_func=lambda u: f"{names[u]} ({levels[u]})")
today = dt.date.today()
built = report(*state.key(), kind, int(year), int(scope), today)

st.subheader("Tekster dere skriver selv")
if not access.may("free_text"):
    st.caption("HMS-rådgiveren skriver disse tekstene; de står i rapporten under Innhold.")
with st.form(f"texts_{kind}_{year}_{scope}"):
    saved_texts = report_texts(db, kind, int(year), int(scope))
    written = {
        key: st.text_area(title, value=saved_texts.get(key, ""), help=hint, height=140)
        for key, (title, hint) in FREE_TEXT[kind].items()
    }
    if st.form_submit_button("Lagre tekstene", disabled=not access.may("free_text")):
        saved = sum(
            save_report_text(db, kind, int(year), int(scope), key, text, state.user())
            for key, text in written.items()
        )
        widgets.flash(f"{saved} tekst(er) lagret for {year}." if saved else "Ingen endringer.")
        st.rerun()

st.subheader("Filer")
key = (kind, int(year), int(scope), state.version())
if st.button("Lag rapporten (Excel, Word og PDF)", type="primary", icon=":material/description:"):
    with st.spinner("Lager rapporten med tabeller og figurer …"):
        st.session_state["annual_files"] = (key, annual_files(built))
    record(db, state.user(), "eksport", built.file_stem(), built.scope, "xlsx, docx, pdf")
stored = st.session_state.get("annual_files")
if stored and stored[0] == key:
    files = stored[1]
    if files.problem:
        st.warning(files.problem)
    cols = st.columns(3)
    for col, (name, data) in zip(cols, files.named().items(), strict=True):
        suffix = name.rsplit(".", 1)[1]
        col.download_button(
            f"Last ned {LABELS[suffix]}", data=data, file_name=name, mime=MIME[suffix],
            key=f"download_{suffix}",
        )  # fmt: skip
else:
    st.caption("Filene lages på nytt etter hver endring av tall eller tekster.")

st.subheader("Innhold")
st.caption(
    f"{built.title} for {built.scope}. Tall per {min(today, dt.date(int(year), 12, 31)):%d.%m.%Y}."
    f" Grupper under {built.threshold} personer vises ikke."
)
for section in built.sections:
    with st.expander(section.title, expanded=False):
        for text in section.paragraphs:
            st.text(text)
        if section.free_text:
            st.text(section.free_text)
        elif section.free_text_hint and not section.tables:
            st.caption(f"Ikke skrevet ennå: {section.free_text_hint}")
        for table in section.tables:
            st.markdown(f"**{table.title}**")
            st.dataframe(
                pd.DataFrame(list(table.display_rows()), columns=[c.name for c in table.columns]),
                hide_index=True,
                width="stretch",
            )
            if table.note:
                st.caption(table.note)
with st.expander("Datagrunnlag og Slik har vi regnet"):
    for s in built.sources:
        st.text(f"Import #{s.import_id}: {s.file_name} ({s.kind}), {s.imported_at:%d.%m.%Y}")
    for line in built.method:
        st.caption(line)

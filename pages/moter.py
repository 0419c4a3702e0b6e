"""Møter: plan a meeting, build its agenda, send it (freezing the figures), record attendance,
and download the agenda, the minutes and the meeting calendar.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.meeting_papers import AGENDA, MINUTES
from metrics.meeting_snapshot import agenda_snapshots, snapshot_period
from reports.calendar import CalendarMeeting, meetings_ics
from reports.meeting_docx import meeting_docx
from reports.meeting_layout import file_stem
from reports.meeting_pdf import meeting_pdf
from store import meetings as meeting_store
from store.meetings import TOPICS, MeetingError
from ui import amu_state, auth, meeting_case, state, widgets

access = auth.require("moter")

WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOPIC_NAMES = {
    "sykefravaer": "Sykefravær",
    "avvik": "Avvik og HMS-hendelser",
    "risiko": "Risiko og vernerunder",
    "organisasjon": "Organisatoriske endringer",
    "hms_system": "HMS-system og prosedyrer",
    "oppfolging": "Oppfølging av vedtak",
    "annet": "Annen sak",
}

widgets.meeting_mode()
widgets.show_flash()
st.title("Møter")
db = state.db()
committee = amu_state.committee_picker()
if committee is None:
    st.info("Ingen utvalg er opprettet ennå. Opprett et utvalg under **Utvalg**.")
    widgets.page_link("pages/utvalg.py", label="Til Utvalg", icon=":material/groups:")
    st.stop()
committee_id = int(committee["id"])
meetings = amu_state.meetings(*state.key(), committee_id)


def _calendar() -> list[CalendarMeeting]:
    return [
        CalendarMeeting(
            uid=f"amu-mote-{int(r.id)}@hms-dashboard",
            committee=committee["name"],
            meeting_date=pd.Timestamp(r.meeting_date).date(),
            start_time=None if pd.isna(r.start_time) else r.start_time,
            end_time=None if pd.isna(r.end_time) else r.end_time,
            place=r.place if isinstance(r.place, str) else None,
            description=f"Møte i {committee['name']}. Saksliste sendes før møtet.",
        )
        for r in meetings.itertuples(index=False)
    ]


head = st.columns([3, 1])
head[0].caption(f"{committee['name']} dekker {committee['unit']} ({committee['level']}).")
if not meetings.empty:
    head[1].download_button(
        "Møteplan (.ics)",
        data=meetings_ics(_calendar()),
        file_name=f"moteplan-{committee['name'].lower().replace(' ', '-')}.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
    )

with (
    st.expander("Planlegg nytt møte", expanded=meetings.empty),
    st.form("new_meeting", clear_on_submit=True),
):
    c = st.columns(4)
    day = c[0].date_input(
        "Dato", value=dt.date.today() + dt.timedelta(days=21), format="DD.MM.YYYY"
    )
    start = c[1].time_input("Fra", value=dt.time(9, 0), step=900)
    end = c[2].time_input("Til", value=dt.time(11, 30), step=900)
    place = c[3].text_input("Sted", placeholder="Rådhuset, møterom 2")
    if st.form_submit_button("Planlegg møtet", type="primary"):
        period = snapshot_period(db, day)
        titles = {} if period is None else {"sykefravaer": f"Sykefravær {period.display}"}
        try:
            new_id = meeting_store.create_meeting(
                db, committee_id, day, state.user(), start, end, place, titles
            )
        except MeetingError as err:
            st.error(str(err))
        else:
            st.session_state["meeting"] = new_id
            widgets.flash(f"Møtet {day:%d.%m.%Y} er planlagt med faste saker.")
            st.rerun()

if meetings.empty:
    st.stop()

ids = [int(i) for i in meetings["id"]]
labels = {int(r["id"]): amu_state.meeting_label(r) for _, r in meetings.iterrows()}
if st.session_state.get("meeting") not in ids:
    upcoming = meetings[meetings["status"] != "avholdt"]
    st.session_state["meeting"] = int(upcoming["id"].iloc[-1]) if len(upcoming) else ids[0]
meeting_id = st.selectbox("Møte", ids, format_func=labels.get, key="meeting")
m = meeting_store.meeting(db, meeting_id)
cases = amu_state.cases(*state.key(), meeting_id)
people = amu_state.participants(*state.key(), meeting_id)
status = m["status"]

st.subheader(f"{committee['name']} · {amu_state.meeting_label(m)}")
st.caption(
    {
        "planlagt": "Innkallingen er ikke sendt. Sakene kan endres; tallene fryses når"
        " innkallingen sendes.",
        "innkalt": "Innkallingen er sendt og tallene er frosset. Registrer oppmøte og vedtak"
        " i møtet (Møtevisning).",
        "avholdt": "Møtet er avholdt. Referatet kan lastes ned.",
    }[status]
)

if status != "avholdt":
    with (
        st.expander("Endre dato, tid eller sted"),
        st.form(f"edit_meeting_{meeting_id}"),
    ):
        c = st.columns(4)
        new_day = c[0].date_input(
            "Dato", value=pd.Timestamp(m["meeting_date"]).date(), format="DD.MM.YYYY"
        )
        new_start = c[1].time_input(
            "Fra", value=None if pd.isna(m["start_time"]) else m["start_time"]
        )
        new_end = c[2].time_input("Til", value=None if pd.isna(m["end_time"]) else m["end_time"])
        new_place = c[3].text_input("Sted", value=m["place"] if isinstance(m["place"], str) else "")
        if st.form_submit_button("Lagre endringen"):
            try:
                meeting_store.update_meeting(db, meeting_id, new_day, new_start, new_end, new_place)
            except MeetingError as err:
                st.error(str(err))
            else:
                widgets.flash("Møtet er endret. Husk å sende ny kalenderfil til medlemmene.")
                st.rerun()

tab_agenda, tab_people, tab_docs = st.tabs(["Saksliste", "Deltakere", "Dokumenter"])
with tab_agenda:
    for c in cases.itertuples(index=False):
        with st.expander(f"{c.label} {c.title}", expanded=False):
            meeting_case.show_snapshot(c, int(committee["unit_id"]))
            if status == "avholdt":
                st.write(c.basis or "")
                continue
            with st.form(f"case_{int(c.id)}"):
                title = st.text_input("Tittel", value=c.title)
                basis = st.text_area("Saksgrunnlag", value=c.basis or "")
                proposal = st.text_area("Innstilling (forslag til vedtak)", value=c.proposal or "")
                if st.form_submit_button("Lagre saken"):
                    try:
                        meeting_store.update_case(db, int(c.id), title, basis, proposal)
                    except MeetingError as err:
                        st.error(str(err))
                    else:
                        st.rerun()
    if status == "planlagt":
        with st.form("new_case", clear_on_submit=True):
            st.markdown("**Ny sak**")
            c = st.columns([3, 1])
            title = c[0].text_input("Tittel på saken")
            topic = c[1].selectbox(
                "Type", TOPICS, index=len(TOPICS) - 1, format_func=TOPIC_NAMES.get
            )
            basis = st.text_area("Saksgrunnlag", key="new_basis")
            proposal = st.text_area("Innstilling", key="new_proposal")
            if st.form_submit_button("Legg til sak"):
                try:
                    meeting_store.add_case(db, meeting_id, title, topic, basis, proposal)
                except MeetingError as err:
                    st.error(str(err))
                else:
                    st.rerun()
        if st.button("Send innkalling og frys tallene", type="primary", icon=":material/send:"):
            today = dt.date.today()
            meeting_store.send_agenda(db, meeting_id, agenda_snapshots(db, meeting_id, today))
            widgets.flash("Innkallingen er sendt. Tallene i datasakene er frosset per i dag.")
            st.rerun()

with tab_people:
    if people.empty:
        st.info("Utvalget har ingen medlemmer. Legg dem inn under Utvalg.")
    else:
        edited = st.data_editor(
            people.assign(present=people["present"].fillna(True).astype(bool)),
            hide_index=True,
            disabled=["name", "role"],
            width="stretch",
            key=f"attendance_{meeting_id}",
            column_config={
                "name": st.column_config.TextColumn("Navn"),
                "role": st.column_config.TextColumn("Rolle"),
                "present": st.column_config.CheckboxColumn("Til stede"),
            },
        )
        b = st.columns(2)
        if b[0].button("Lagre oppmøte", disabled=status == "planlagt"):
            meeting_store.record_attendance(
                db, meeting_id, dict(zip(edited["name"], edited["present"], strict=True))
            )
            widgets.flash("Oppmøtet er lagret.")
            st.rerun()
        if status == "innkalt" and b[1].button("Marker møtet som avholdt", type="primary"):
            meeting_store.mark_held(db, meeting_id)
            st.rerun()

with tab_docs:
    formats = (
        ("Word", meeting_docx, "docx", WORD_MIME, ":material/description:"),
        ("PDF", meeting_pdf, "pdf", "application/pdf", ":material/picture_as_pdf:"),
    )
    for kind, label in ((AGENDA, "Innkalling og saksliste"), (MINUTES, "Referat")):
        if kind == MINUTES and status == "planlagt":
            st.caption("Referatet kan lages når innkallingen er sendt.")
            continue
        summary = amu_state.summary(*state.key(), meeting_id, kind)
        for column, (name, render, suffix, mime, icon) in zip(
            st.columns(len(formats)), formats, strict=True
        ):
            column.download_button(
                f"{label} ({name})",
                data=lambda s=summary, k=kind, render=render: render(s, k),  # made on click
                file_name=f"{file_stem(summary, kind)}.{suffix}",
                mime=mime,
                icon=icon,
                key=f"{suffix}_{kind}",
            )

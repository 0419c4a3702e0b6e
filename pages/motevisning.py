"""Møtevisning: the AMU walks through the agenda on the projector, case by case.

Each data case shows the figures frozen with the agenda beside a link to today's panel; the
follow-up case lists the earlier decisions still open, which can be followed up or closed by
this meeting; every case has a field to record the decision with owner and deadline.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.decisions import STATUSES
from store.decisions import DecisionError, add_decision, change_decision
from ui import amu_state, auth, decision_list, meeting_case, state, widgets

access = auth.require("motevisning")

if not st.session_state.get("meeting_view_seen"):  # made for the projector: start in
    st.session_state["meeting_mode"] = True  # meeting mode; the user may switch it off
    st.session_state["meeting_view_seen"] = True
widgets.meeting_mode()
widgets.show_flash()
db = state.db()
today = dt.date.today()

with st.sidebar:
    committee = amu_state.committee_picker()
if committee is None:
    st.title("Møtevisning")
    st.info("Ingen utvalg er opprettet ennå. Opprett et utvalg under **Utvalg**.")
    st.stop()
committee_id = int(committee["id"])
meetings = amu_state.meetings(*state.key(), committee_id)
if meetings.empty:
    st.title("Møtevisning")
    st.info("Utvalget har ingen møter. Planlegg et møte under **Møter**.")
    widgets.page_link("pages/moter.py", label="Til Møter", icon=":material/event:")
    st.stop()

ids = [int(i) for i in meetings["id"]]
labels = {int(r["id"]): amu_state.meeting_label(r) for _, r in meetings.iterrows()}
if st.session_state.get("view_meeting") not in ids:
    sent = meetings[meetings["status"] == "innkalt"]
    st.session_state["view_meeting"] = int(sent["id"].iloc[-1]) if len(sent) else ids[0]
meeting_id = st.sidebar.selectbox("Møte", ids, format_func=labels.get, key="view_meeting")
meeting = meetings[meetings["id"] == meeting_id].iloc[0]
cases = amu_state.cases(*state.key(), meeting_id)
case_ids = [int(i) for i in cases["id"]]
case_labels = {int(r.id): f"{r.label} {r.title}" for r in cases.itertuples(index=False)}
pos_key = f"case_of_{meeting_id}"
if st.session_state.get(pos_key) not in case_ids:
    st.session_state[pos_key] = case_ids[0]
st.sidebar.radio("Saksliste", case_ids, format_func=case_labels.get, key=pos_key)


def _step(delta: int) -> None:
    i = case_ids.index(st.session_state[pos_key]) + delta
    st.session_state[pos_key] = case_ids[max(0, min(len(case_ids) - 1, i))]


case_id = st.session_state[pos_key]
index = case_ids.index(case_id)
case = cases[cases["id"] == case_id].iloc[0]
day = pd.Timestamp(meeting["meeting_date"]).date()

st.caption(f"{committee['name']} · møte {day:%d.%m.%Y} · sak {index + 1} av {len(case_ids)}")
st.title(f"{case.label} {case.title}")
nav = st.columns([2, 2, 3])
nav[0].button("← Forrige sak", on_click=_step, args=(-1,), disabled=index == 0)
nav[1].button("Neste sak →", on_click=_step, args=(1,), disabled=index == len(case_ids) - 1)

if case.basis:
    st.markdown("**Saksgrunnlag**")
    st.text(case.basis)
if case.proposal:
    st.markdown("**Innstilling**")
    st.text(case.proposal)
meeting_case.show_snapshot(case, int(committee["unit_id"]))

rows = amu_state.decisions(*state.key(), today, committee_id)
user = state.user()
can_decide = meeting["status"] != "planlagt" and access.may("decide")

if case.topic == "oppfolging":
    frozen = (case.snapshot or {}).get("follow_up")
    earlier = [
        r
        for r in rows
        if (r.id in frozen if frozen is not None else r.meeting_date and r.meeting_date < day)
        and (r.status not in ("lukket", "avvist") or r.closed_by_case == case_id)
    ]
    st.subheader("Tidligere vedtak som ikke er lukket")
    decision_list.show(earlier, key="follow_up_list", with_committee=False)
    if earlier and can_decide:
        by_id = {r.id: r for r in earlier}
        with st.form("follow_up", clear_on_submit=True):
            chosen = st.selectbox(
                "Vedtak",
                list(by_id),
                format_func=lambda i: f"{by_id[i].case_number} · {by_id[i].text[:70]}",
            )
            c = st.columns([1, 3])
            new_status = c[0].selectbox("Status", STATUSES, index=1)
            comment = c[1].text_input("Kommentar / begrunnelse")
            if st.form_submit_button("Lagre status", type="primary"):
                try:
                    change_decision(
                        db, chosen, user, status=new_status, comment=comment,
                        closing_case_id=case_id if new_status in ("lukket", "avvist") else None,
                    )  # fmt: skip
                except DecisionError as err:
                    st.error(str(err))
                else:
                    st.rerun()
        st.caption("Lukket her registreres som lukket ved vedtak i dette møtet, med denne saken.")

made = [r for r in rows if r.case_id == case_id]
if made:
    st.subheader("Vedtak i saken")
    decision_list.show(made, key="made_list", with_committee=False)

st.subheader("Vedtak")
if not access.may("decide"):
    st.caption("Sekretæren registrerer vedtakene.")
elif not can_decide:
    st.info("Innkallingen er ikke sendt ennå. Send den under Møter før møtet.")
else:
    with st.form(f"decide_{case_id}", clear_on_submit=True):
        text = st.text_area("Vedtakstekst", value=case.proposal or "", height=120)
        c = st.columns(2)
        owner = c[0].text_input("Ansvarlig")
        deadline = c[1].date_input("Frist", value=None, format="DD.MM.YYYY")
        if st.form_submit_button("Registrer vedtak", type="primary"):
            try:
                add_decision(db, case_id, text, user, owner or None, deadline)
            except DecisionError as err:
                st.error(str(err))
            else:
                widgets.flash("Vedtaket er registrert.")
                st.rerun()

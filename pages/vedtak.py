"""Vedtak: the decision register, filtered, with overdue decisions red, and their follow-up.

Every change is appended to the decision's log with who and when; closing needs a reason
(or is done from a later meeting's follow-up case in Møtevisning).
"""

import datetime as dt

import streamlit as st

from metrics.decisions import FINAL, STATUSES, owners
from store.decisions import DecisionError, change_decision
from ui import amu_state, auth, decision_list, state, widgets

access = auth.require("vedtak")

FIELD_NAMES = {
    "opprettet": "opprettet",
    "status": "status",
    "deadline": "frist",
    "owner": "ansvarlig",
    "text": "vedtakstekst",
    "comment": "kommentar",
}


def shown_value(field: str, value: str | None) -> str:
    """A logged value as the page shows it (deadlines as dd.mm.yyyy)."""
    if value and field == "deadline":
        return f"{dt.date.fromisoformat(value):%d.%m.%Y}"
    return value or ""


widgets.meeting_mode()
widgets.show_flash()
st.title("Vedtak og oppfølging")
db = state.db()
today = dt.date.today()
committees = amu_state.committees(*state.key())
if committees.empty:
    st.info("Ingen utvalg er opprettet ennå. Opprett et utvalg under **Utvalg**.")
    widgets.page_link("pages/utvalg.py", label="Til Utvalg", icon=":material/groups:")
    st.stop()

names = dict(zip(committees["id"].astype(int), committees["name"], strict=True))
f = st.columns(3)
committee = f[0].selectbox(
    "Utvalg", [None, *names], format_func=lambda i: "Alle utvalg" if i is None else names[i]
)
rows = amu_state.decisions(*state.key(), today, committee)
status = f[1].multiselect("Status", STATUSES, placeholder="Alle")
owner = f[2].selectbox("Ansvarlig", [None, *owners(rows)], format_func=lambda o: o or "Alle")
overdue_only = st.toggle("Bare forfalte vedtak", key="overdue_only")

shown = tuple(
    r
    for r in rows
    if (not status or r.status in status)
    and (owner is None or r.owner == owner)
    and (not overdue_only or r.overdue)
)
n_open = sum(r.status not in FINAL for r in shown)
n_late = sum(r.overdue for r in shown)
st.caption(
    f"{len(shown)} vedtak · {n_open} ikke lukket · {n_late} forfalt (frist passert per"
    f" {today:%d.%m.%Y}). Forfalte vedtak er røde."
)
decision_list.show(shown, key="decisions", with_committee=committee is None)

# -- follow-up of one decision --------------------------------------------------------------
st.header("Følg opp et vedtak")
if not shown:
    st.stop()
by_id = {r.id: r for r in shown}
chosen = st.selectbox(
    "Vedtak",
    list(by_id),
    format_func=lambda i: (
        f"{by_id[i].case_number or 'uten sak'} · {by_id[i].text[:80]}"
        + (" · FORFALT" if by_id[i].overdue else "")
    ),
    key="follow_up_decision",
)
row = by_id[chosen]
info = st.columns(4)
for col, label, value in (
    (info[0], "Status", decision_list.status_text(row)),
    (info[1], "Ansvarlig", row.owner or "ikke satt"),
    (info[2], "Frist", f"{row.deadline:%d.%m.%Y}" if row.deadline else "ingen frist"),
    (info[3], "Lukket", f"{row.closed_date:%d.%m.%Y}" if row.closed_date else "–"),
):
    col.caption(label)
    col.text(value)
st.caption(f"{row.committee}, {row.case_number or 'uten saksnummer'}: {row.case_title or ''}")
st.text(row.text)
if row.closed_reason:
    st.caption(f"Lukket: {row.closed_reason}")

if not access.may("comment"):
    st.caption("Databasen er skrivebeskyttet, eller rollen din gir ikke oppfølging her.")
else:
    with st.form(f"follow_up_{row.id}", clear_on_submit=True):
        full = access.may("follow_up")  # the secretary; AMU members add comments only
        if full:
            c = st.columns(3)
            new_status = c[0].selectbox("Ny status", STATUSES, index=STATUSES.index(row.status))
            new_owner = c[1].text_input("Ansvarlig", value=row.owner or "")
            new_deadline = c[2].date_input("Frist", value=row.deadline, format="DD.MM.YYYY")
        comment = st.text_area(
            "Kommentar",
            help="Skrives i oppfølgingsloggen. Lukking (lukket/avvist) krever en begrunnelse her.",
        )
        if st.form_submit_button("Lagre oppfølging", type="primary"):
            changes = (
                {"status": new_status, "owner": new_owner or None, "deadline": new_deadline}
                if full
                else {}
            )
            try:
                written = change_decision(db, row.id, state.user(), comment=comment, **changes)
            except DecisionError as err:
                st.error(str(err))
            else:
                if written:
                    widgets.flash(f"Lagret: {len(written)} endring(er) i oppfølgingsloggen.")
                    st.rerun()
                else:
                    st.info("Ingen endring å lagre.")

st.subheader("Oppfølgingslogg")
st.dataframe(
    [
        {
            "Tidspunkt": f"{e.at:%d.%m.%Y %H:%M}",
            "Av": e.by,
            "Felt": FIELD_NAMES.get(e.field, e.field),
            "Fra": shown_value(e.field, e.old),
            "Til": shown_value(e.field, e.new),
            "Kommentar": e.comment or "",
        }
        for e in reversed(row.history)
    ],
    hide_index=True,
    width="stretch",
)

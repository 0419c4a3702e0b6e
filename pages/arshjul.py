"""Årshjul: the committee's yearly HMS plan as a wheel, what is done, due and overdue, and the
editors for the plan and for the default template new plans start from."""

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.annual_wheel import DONE, KIND_LABELS, MONTH_NAMES, OVERDUE, PLANNED, POSTPONED
from store import annual_wheel as store
from ui import amu_state, auth, state, wheel_state, widgets
from ui.wheel_chart import STYLE, wheel_figure

access = auth.require("arshjul")

STATE_TEXT = {s: f"{STYLE[s][3]} {s}" for s in (DONE, OVERDUE, PLANNED, POSTPONED)}
RED = "color: #b71c1c; background-color: #ffebee; font-weight: 600"


def month_name(m: int) -> str:
    return MONTH_NAMES[int(m) - 1].capitalize()


def done(message: str) -> None:
    """Remember a confirmation for the next run, then rerun so every cached read is fresh."""
    st.session_state["wheel_flash"] = message
    st.rerun()


meeting = widgets.meeting_mode()
st.title("Årshjul")
if flash := st.session_state.pop("wheel_flash", None):
    st.success(flash)
found = amu_state.committees(*state.key())
if found.empty:
    st.info("Ingen utvalg er opprettet ennå. Opprett et utvalg under Utvalg.")
    st.stop()

names = {int(i): n for i, n in zip(found["id"], found["name"], strict=True)}
committee_id = int(
    st.sidebar.selectbox("Utvalg", list(names), format_func=names.get, key="wheel_committee")
)
committee = names[committee_id]
today = dt.date.today()
years = sorted(
    {*wheel_state.plan_years(*state.key(), committee_id), today.year, today.year + 1},
    reverse=True,
)
year = int(st.sidebar.selectbox("År", years, index=years.index(today.year), key="wheel_year"))
wheel = wheel_state.wheel(*state.key(), year, committee_id, today.isoformat())
st.subheader(f"{committee} · {year}")

editing = access.may("plan")  # the secretary plans; AMU members see the wheel
tabs = (
    [st.container()]
    if meeting or not editing
    else st.tabs(["Årshjul", "Endre plan", "Standardmal"])
)

# -- the wheel ---------------------------------------------------------------------------------
with tabs[0]:
    if not wheel.items:
        source = wheel_state.source_year(*state.key(), year, committee_id)
        st.info(f"{committee} har ingen plan for {year} ennå.")
        st.caption(
            f"Planen kopieres fra {source}, med status nullstilt til planlagt."
            if source
            else "Planen lages fra standardmalen: AMU-møter hvert kvartal, vernerunde for hver"
            " enhet, medarbeidersamtaler, arbeidsmiljøundersøkelse, risikovurderinger,"
            " HMS-årsrapport og sykefraværsoppfølging som fast sak."
        )
        if editing and st.button(f"Opprett årshjul for {year}", type="primary", key="wheel_create"):
            n = store.ensure_year(state.db(), year, committee_id, state.user())
            done(f"Årshjul for {year} opprettet med {n} aktiviteter.")
    else:
        summary = wheel.summary()
        st.markdown(f"**{wheel.counts_text()}**")
        c = st.columns(4)
        c[0].metric("Gjennomført", wheel.counts[DONE])
        c[1].metric("Forfalt", wheel.counts[OVERDUE], help="Ikke gjennomført, og måneden er omme.")
        c[2].metric(
            "Denne måneden",
            summary.due_this_month,
            help="Planlagt i inneværende måned og ikke gjennomført ennå.",
        )
        c[3].metric("Planlagt", wheel.counts[PLANNED])
        st.plotly_chart(
            wheel_figure(
                wheel.items,
                year=year,
                reference_month=today.month if year == today.year else None,
                height=720 if meeting else 560,
                large_text=meeting,
            ),
            width="stretch",
        )
        st.caption(
            "Vernerunder regnes som gjennomført når vernerundedataene har en runde for enheten"
            " i året; AMU-møter når et møte i utvalget er holdt i måneden. Andre aktiviteter"
            " markeres gjennomført under «Endre plan»."
        )
        table = pd.DataFrame(
            {
                "Måned": [month_name(i.month) for i in wheel.items],
                "Aktivitet": [i.activity for i in wheel.items],
                "Enhet": [i.unit or "" for i in wheel.items],
                "Ansvarlig": [i.owner or "" for i in wheel.items],
                "Status": [STATE_TEXT[i.state] for i in wheel.items],
                "Bevis i dataene": [i.evidence or "" for i in wheel.items],
            }
        )
        overdue_rows = [i.state == OVERDUE for i in wheel.items]
        st.dataframe(
            table.style.apply(
                lambda row: [RED if overdue_rows[row.name] else ""] * len(row), axis=1
            ),
            hide_index=True,
            width="stretch",
            height=min(36 * (len(table) + 1) + 3, 900),  # the whole year without scrolling
        )

if meeting or not editing:
    st.stop()


# -- editing the plan --------------------------------------------------------------------------
def edit_form(plan: pd.DataFrame) -> None:
    """Pick one activity, change its month, name, owner, status or note, or delete it."""
    rows = {int(r.id): r for r in plan.itertuples(index=False)}

    def label(aid: int) -> str:
        r = rows[aid]
        unit = "" if pd.isna(r.unit) else f" · {r.unit}"
        return f"{MONTH_NAMES[r.month - 1][:3]} · {r.activity}{unit} ({r.status})"

    aid = st.selectbox("Aktivitet", list(rows), format_func=label, key="wheel_pick")
    r = rows[aid]
    with st.form(f"wheel_edit_{aid}"):
        c = st.columns([1, 2, 2, 1])
        month = c[0].selectbox(
            "Måned", range(1, 13), index=int(r.month) - 1, format_func=month_name
        )
        activity = c[1].text_input("Aktivitet", value=r.activity)
        owner = c[2].text_input("Ansvarlig", value="" if pd.isna(r.owner) else r.owner)
        status = c[3].selectbox(
            "Status",
            store.STATUSES,
            index=store.STATUSES.index(r.status),
            key=f"wheel_status_{aid}",
        )
        note = st.text_area("Merknad", value="" if pd.isna(r.note) else r.note, height=80)
        b = st.columns([1, 1, 2])
        save = b[0].form_submit_button("Lagre endringer", type="primary")
        delete = b[1].form_submit_button("Slett")
        confirm = b[2].checkbox("Ja, slett aktiviteten")
    if save:
        try:
            store.update_activity(
                state.db(), aid, month=month, owner=owner, status=status, note=note,
                activity=activity,
            )  # fmt: skip
        except ValueError as err:
            st.error(str(err))
        else:
            done(f"Lagret: {activity} ({status}).")
    if delete:
        if confirm:
            store.delete_activity(state.db(), aid)
            done(f"Slettet: {r.activity}.")
        else:
            st.warning("Kryss av for «Ja, slett aktiviteten» for å slette.")


def add_form(units: pd.DataFrame) -> None:
    """A new activity for the chosen year; the committee's own unit is the default."""
    unit_names = {
        int(u): n if pd.isna(p) else f"{n} ({p})"
        for u, n, p in zip(units["id"], units["name"], units["parent"], strict=True)
    }
    st.markdown("**Legg til aktivitet**")
    with st.form("wheel_add", clear_on_submit=True):
        c = st.columns([1, 2, 2])
        month = c[0].selectbox("Måned", range(1, 13), format_func=month_name, key="wheel_add_month")
        kind = c[1].selectbox(
            "Type", list(KIND_LABELS), format_func=KIND_LABELS.get, key="wheel_add_kind"
        )
        name = c[2].text_input("Navn", placeholder="Tomt: typens navn", key="wheel_add_activity")
        c = st.columns([2, 2])
        unit_id = c[0].selectbox(
            "Enhet", list(unit_names), format_func=unit_names.get, key="wheel_add_unit"
        )
        owner = c[1].text_input("Ansvarlig", key="wheel_add_owner")
        if st.form_submit_button("Legg til"):
            name = name.strip() or KIND_LABELS[kind]
            store.add_activity(
                state.db(), year, committee_id, month, kind, name, unit_id=unit_id, owner=owner
            )
            done(f"Lagt til i {year}: {name}.")


with tabs[1]:
    plan = wheel_state.activities(*state.key(), year, committee_id)
    if plan.empty:
        st.info(f"Opprett årshjulet for {year} under «Årshjul» først.")
    else:
        edit_form(plan)
        add_form(wheel_state.scope_units(*state.key(), committee_id))

# -- the default template ----------------------------------------------------------------------
with tabs[2]:
    st.write(
        "Standardmalen brukes når et utvalg lager sitt første årshjul. Senere år kopieres fra"
        " året før. Rader merket «Per enhet» blir én aktivitet for hver enhet utvalget dekker."
    )
    edited = st.data_editor(
        wheel_state.template(*state.key()).drop(columns=["position"]),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "month": st.column_config.SelectboxColumn(
                "Måned", options=list(range(1, 13)), format_func=month_name, required=True
            ),
            "kind": st.column_config.SelectboxColumn(
                "Type", options=list(KIND_LABELS), format_func=KIND_LABELS.get, required=True
            ),
            "activity": st.column_config.TextColumn("Aktivitet", required=True, width="large"),
            "owner": st.column_config.TextColumn("Ansvarlig"),
            "per_unit": st.column_config.CheckboxColumn("Per enhet", default=False),
        },
        key="wheel_template_editor",
    )
    if st.button("Lagre standardmal", key="wheel_template_save"):
        try:
            n = store.replace_template(state.db(), edited)
        except ValueError as err:
            st.error(str(err))
        else:
            done(f"Standardmalen er lagret med {n} aktiviteter.")

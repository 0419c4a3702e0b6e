"""Oversikt: the meeting's first screen. KPI cards for the chosen period and unit."""

import datetime as dt

import streamlit as st

from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text
from core.periods import MONTH_NAMES_NB
from metrics.benchmarks import compare
from metrics.decisions import FINAL
from ui import amu_state, auth, state, wheel_state, widgets

access = auth.require("oversikt")

view = widgets.sick_leave_view("Oversikt")
row = view.table.unit(view.unit_id)

scope = f"{view.name} · {view.period.display}" + (
    f" · rullerende år ({view.table.window})" if view.rolling else ""
)
st.subheader(scope)

if row is None:
    st.warning("Ingen sykefraværstall for denne enheten i valgt periode.")
    st.stop()
if row.incomplete:
    st.warning(
        "Ufullstendig: noen måneder i perioden mangler tall. Tallene gjelder bare månedene med data."
    )

if row.suppressed:
    st.metric("Sykefravær", hidden_text(row.suppressed_reason, view.table.threshold))
    st.caption("Tall for grupper med få personer vises ikke, for å beskytte helseopplysninger.")
else:
    benchmark_value = (
        None if view.rolling or view.benchmark is None else view.benchmark.for_period(view.period)
    )
    cols = st.columns(2 if view.meeting else 4)
    cols[0].metric(
        "Sykefravær",
        fmt_percent(row.percent),
        delta=widgets.delta_text(row.change_pp, "mot året før"),
        delta_color="inverse",
        help="Tapte dagsverk / avtalte dagsverk. Endring i prosentpoeng mot samme periode året før.",
    )
    if row.target_percent is None:
        cols[1].metric("Mål", "ingen mål satt", help="Mål settes under Innstillinger.")
    else:
        gap = row.target_gap_pp
        cols[1].metric(
            "Mål",
            fmt_percent(row.target_percent),
            delta=widgets.delta_text(gap, "over målet" if gap > 0 else "innenfor målet"),
            delta_color="inverse",
            help="Prosentpoeng over (+, rødt) eller under (−, grønt) årets mål. Mål arves fra"
            " nivået over når enheten ikke har eget mål.",
        )
    if not view.meeting:
        cols[2].metric(
            "Egenmeldt / legemeldt",
            f"{fmt_percent(row.egenmeldt_percent)} / {fmt_percent(row.legemeldt_percent)}",
            help="Andel av avtalte dagsverk tapt ved egenmelding og ved sykmelding.",
        )
        ours = (
            view.benchmark.comparable(row.percent, row.legemeldt_percent)
            if view.benchmark
            else None
        )
        status = compare(ours, benchmark_value)
        cols[3].metric(
            f"Sammenligning ({view.benchmark.covers})" if view.benchmark else "Sammenligning",
            fmt_percent(benchmark_value) if benchmark_value is not None else "–",
            delta=None if status is None else f"vårt tall {fmt_percent(ours)}: {status}",
            delta_color="off",
            help="Over: mer enn 10 % høyere enn sammenligningstallet; under: mer enn 10 % lavere"
            " (NAVs regel). Serien velges under Innstillinger.",
        )
        if view.benchmark is not None:
            missing = (
                "" if benchmark_value is not None else f"Ingen tall for {view.period.display}. "
            )
            cols[3].caption(missing + view.benchmark.label)
    st.caption(
        f"Grunnlag: {fmt_number(row.tapte_dagsverk)} tapte av {fmt_number(row.avtalte_dagsverk)}"
        f" avtalte dagsverk, {row.persons} personer"
        + (" (anslått fra dagsverk)" if row.persons_estimated else "")
        + f". Tall for grupper under {view.table.threshold} personer vises ikke."
    )

# HMS figures beside sick leave: deviations, injuries and safety rounds for the same scope.
today = dt.date.today().isoformat()
deviations = state.deviation_table(*state.key(), view.period.label, today).unit(view.unit_id)
injuries = next(
    (r for r in state.injuries(*state.key(), view.period.label).rows if r.unit_id == view.unit_id),
    None,
)
rounds = next(
    (
        r
        for r in state.safety_rounds(*state.key(), view.period.year, today)
        if r.unit_id == view.unit_id
    ),
    None,
)
if deviations or injuries or rounds:
    st.subheader("HMS")
    h = st.columns(2 if view.meeting else 5)
    h[0].metric(
        "Åpne avvik",
        deviations.open if deviations else 0,
        help="Avvik registrert i perioden som ikke er lukket.",
    )
    h[1].metric(
        "Forfalte avvik",
        deviations.overdue if deviations else 0,
        help="Ikke lukket, fristen passert.",
    )
    if not view.meeting:
        h2 = (
            None
            if injuries is None
            else (
                hidden_text("primary", view.table.threshold)
                if injuries.suppressed
                else fmt_number(injuries.h2)
            )
        )
        h[2].metric(
            "H2",
            h2 or "–",
            help="Personskader med fravær eller medisinsk behandling per million arbeidstimer.",
        )
        h[3].metric(
            f"Vernerunder {view.period.year}",
            fmt_percent(rounds.coverage_percent) if rounds else "–",
            help="Andel enheter med vernerunde i året.",
        )
        h[4].metric("Åpne høye risikoer", rounds.open_high if rounds else 0)

children = view.table.children(view.unit_id)
if children and not view.meeting:
    st.subheader("Under denne enheten")
    st.dataframe(
        [
            {
                "Enhet": c.unit,
                "Sykefravær": hidden_text(c.suppressed_reason, view.table.threshold)
                if c.suppressed
                else fmt_percent(c.percent),
                "Endring mot året før": "" if c.suppressed else fmt_pp(c.change_pp),
                "Mål": fmt_percent(c.target_percent),
                "Status": ""
                if c.suppressed or c.target_gap_pp is None
                else ("over mål" if c.target_gap_pp > 0 else "innenfor mål"),
            }
            for c in children
        ],
        hide_index=True,
        width="stretch",
    )

# The AMU's own work beside the figures: decisions to follow up and the annual wheel.
if not view.meeting and not amu_state.committees(*state.key()).empty:
    st.subheader("AMU-arbeidet")
    rows = amu_state.decisions(*state.key(), dt.date.today(), None)
    wheel = wheel_state.summary(*state.key(), today)
    a = st.columns(4)
    a[0].metric(
        "Forfalte vedtak", sum(r.overdue for r in rows), help="Ikke lukket, fristen passert."
    )
    a[1].metric("Vedtak ikke lukket", sum(r.status not in FINAL for r in rows))
    a[2].metric(f"Årshjul {wheel.year}: gjennomført", f"{wheel.done} av {wheel.total}")
    a[3].metric("Forfalte aktiviteter i årshjulet", wheel.overdue)
    for item in wheel.overdue_items[:5]:
        where = f" ({item.unit})" if item.unit else ""
        st.write(f"Forfalt i årshjulet: {MONTH_NAMES_NB[item.month - 1]} – {item.activity}{where}")
    links = st.columns(2)
    widgets.page_link(
        "pages/vedtak.py", links[0], label="Til vedtakene", icon=":material/task_alt:"
    )
    widgets.page_link(
        "pages/arshjul.py", links[1], label="Til årshjulet", icon=":material/donut_large:"
    )

"""One agenda case as the meeting pages draw it: its frozen figures beside a link to today's."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.meeting_snapshot import tables_of
from ui.widgets import page_link

LIVE_PAGES = {
    "sykefravaer": ("pages/sykefravaer.py", "Dagens tall: sykefravær"),
    "avvik": ("pages/avvik.py", "Dagens tall: avvik og skader"),
    "risiko": ("pages/vernerunder.py", "Dagens tall: vernerunder og risiko"),
}


def show_snapshot(case, unit_id: int | None = None) -> None:
    """The case's frozen tables (as sent with the agenda) and a link to the live panel."""
    tables = tables_of(case.snapshot)
    if case.topic in LIVE_PAGES:
        if tables:
            at = pd.Timestamp(case.snapshot_at)
            st.caption(f"Tall slik de var da innkallingen ble sendt {at:%d.%m.%Y}.")
        else:
            st.caption("Tallene fryses når innkallingen sendes. Til da: se dagens tall.")
    for t in tables:
        st.markdown(f"**{t.title}**")
        st.dataframe(
            pd.DataFrame(list(t.rows), columns=list(t.columns)), hide_index=True, width="stretch"
        )
        if t.note:
            st.caption(t.note)
    if case.topic in LIVE_PAGES:
        page, label = LIVE_PAGES[case.topic]
        params = {"enhet": str(unit_id)} if unit_id is not None else None
        page_link(page, label=label, icon=":material/open_in_new:", query_params=params)

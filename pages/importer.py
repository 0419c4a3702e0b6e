"""Import: upload an export, see exactly what will be written, confirm; the import log below."""

import logging

import pandas as pd
import streamlit as st

from core.formatting import fmt_number
from data_loaders.batch import SourceFile
from data_loaders.ingest import KINDS, AlreadyImported, LoadError, prepare, remember_mapping, write
from data_loaders.specs import SPECS
from store.imports import find_by_sha
from ui import amu_state, auth, state, widgets

access = auth.require("importer")

widgets.meeting_mode()
st.title("Import")
st.write(
    "Last opp eksporten fra HR-systemet (sykefravær) eller fra avvikssystemet (avvik og"
    " personskader, vernerunder), som xlsx eller csv. Hva filen inneholder kjennes igjen på"
    " overskriftene. Du ser først nøyaktig hva som blir skrevet; ingenting lagres før du"
    " bekrefter. En nyere eksport erstatter tallene for de samme periodene og enhetene (avvik:"
    " de samme saksnumrene), og importloggen viser hva som ble erstattet."
)

upload = st.file_uploader("Eksportfil", type=["xlsx", "csv", "txt"], key="upload")
NONE = "(ikke i filen)"


def mapping_form(err: LoadError, file_key: str) -> None:
    """Let the user say what the file holds and which column is which; remembered for these headers."""
    st.subheader("Koble kolonnene")
    st.write(
        "Velg hva filen inneholder og hvilken kolonne som svarer til hvert felt. Koblingen huskes"
        " for filer med de samme overskriftene."
    )
    headers = [h for h in err.found_headers if h]
    kind = st.selectbox(
        "Filen inneholder", KINDS, format_func=lambda k: SPECS[k].title, key=f"kind_{file_key}"
    )
    spec = SPECS[kind]
    with st.form(f"mapform_{file_key}"):
        choice = {}
        for field, label in spec.labels.items():
            required = " (påkrevd)" if field in spec.required_fields else ""
            choice[field] = st.selectbox(
                f"{label}{required}", [NONE, *headers], key=f"map_{file_key}_{field}"
            )
        if st.form_submit_button("Bruk koblingen"):
            st.session_state[f"mapping_{file_key}"] = {f: h for f, h in choice.items() if h != NONE}
            st.session_state[f"mapkind_{file_key}"] = kind
            st.session_state[f"headers_{file_key}"] = tuple(err.found_headers)
            st.rerun()


def committee_choice(batch) -> str | None:
    """For a decision log without an Utvalg column: which committee it belongs to."""
    if "utvalg" in batch.column_map:
        return None
    names = list(amu_state.committees(*state.key())["name"])
    if not names:
        st.warning("Opprett utvalget under **Utvalg** før vedtaksloggen importeres.")
        st.stop()
    return st.selectbox("Vedtakene hører til utvalget", names, key="decision_log_committee")


if upload is not None:
    source = SourceFile(upload.name, upload.getvalue())
    file_key = source.sha256[:16]
    mapping = st.session_state.get(f"mapping_{file_key}")
    chosen_kind = st.session_state.get(f"mapkind_{file_key}") if mapping else None
    done = st.session_state.get("imported", {})
    if file_key in done:
        st.success(done[file_key])
    else:
        try:
            prepared = prepare(state.db(), source, mapping, chosen_kind)
        except LoadError as err:
            st.error(
                f"Filen «{source.name}» kan ikke importeres. Databasen er ikke endret."
                f" {len(err.issues)} feil funnet:"
            )
            st.code(err.summary(), language=None, wrap_lines=True)
            if err.found_headers:
                mapping_form(err, file_key)
            st.stop()
        except Exception:  # a bug in reading must not take the page down; nothing was written
            logging.getLogger(__name__).exception("unexpected error reading %s", source.name)
            st.error(
                f"Uventet feil ved lesing av «{source.name}». Databasen er ikke endret."
                " Feilen er logget; send gjerne filen til den som drifter løsningen."
            )
            st.stop()
        batch = prepared.batch
        if prepared.used_saved_mapping:
            st.info("Kolonnene ble koblet med en koblingen du har lagret for disse overskriftene.")
        earlier = find_by_sha(state.db(), batch.kind, batch.sha256)
        if earlier:
            st.info(
                f"Denne filen er allerede importert (import #{earlier[0]}, {earlier[1]}). Ingenting nytt blir skrevet."
            )

        st.subheader("Forhåndsvisning")
        extra = {}
        if batch.kind == "vedtak":
            extra["committee"] = committee_choice(batch)
        try:
            outcome = (
                None if earlier else write(state.db(), batch, state.user(), dry_run=True, **extra)
            )
        except LoadError as err:  # e.g. a decision log naming a committee that does not exist
            st.error(f"Filen «{source.name}» kan ikke importeres. Databasen er ikke endret.")
            st.code(err.summary(), language=None, wrap_lines=True)
            st.stop()
        c = st.columns(5)
        c[0].metric("Rader som skrives", fmt_number(len(batch.frame), 0))
        c[1].metric("Perioder", len(batch.periods))
        if {"sektor", "enhet"} <= set(batch.frame.columns):
            c[2].metric("Enheter", len(batch.frame[["sektor", "enhet"]].drop_duplicates()))
        else:
            c[2].metric("Utvalg", extra.get("committee") or "fra filen")
        c[3].metric("Erstatter rader", fmt_number(outcome.rows_replaced, 0) if outcome else "–")
        c[4].metric("Advarsler", len(batch.warnings))
        if outcome and outcome.replaced:
            which = ", ".join(
                f"import #{k} ({v} rader)" for k, v in sorted(outcome.replaced.items())
            )
            st.info(f"Importen erstatter tall for de samme enhetene og periodene fra {which}.")
        if outcome and outcome.units_created:
            st.info(f"{outcome.units_created} enheter finnes ikke fra før og blir opprettet.")
        st.write(
            f"**Fil:** {batch.file_name} · **format:** {batch.dialect}"
            + (f" · **ark:** {batch.sheet}" if batch.sheet else "")
            + f" · **overskrift på rad** {batch.header_row}"
        )
        st.write(
            "**Perioder:** "
            + ", ".join(batch.periods[:24])
            + (" …" if len(batch.periods) > 24 else "")
        )
        st.write(
            "**Kolonner brukt:** "
            + ", ".join(
                f"{SPECS[batch.kind].labels.get(k, k)} ← «{v}»" for k, v in batch.column_map.items()
            )
        )
        if batch.dropped_rows:
            st.write(
                f"**Sum- og totalrader som ikke importeres:** rad {', '.join(map(str, batch.dropped_rows[:30]))}"
            )
        for w in batch.warnings:
            st.warning(w.message)
        preview = (
            batch.frame.head(200)
            .rename(
                columns={
                    "virksomhet": "Virksomhet",
                    "sektor": "Sektor",
                    "enhet": "Enhet",
                    "persons": "Personer",
                    "avtalte": "Avtalte dagsverk",
                    "tapte": "Tapte dagsverk",
                    "egenmeldt": "Egenmeldt",
                    "legemeldt": "Legemeldt",
                    "source_row": "Rad i filen",
                }
            )
            .drop(columns=["period_kind", "month_from", "month_to", "beskrivelse"], errors="ignore")
        )
        with st.expander("Vis de første radene", expanded=False):
            st.dataframe(preview, hide_index=True, width="stretch")

        if not earlier and st.button("Bekreft og importer", type="primary"):
            try:
                result = write(state.db(), batch, state.user(), **extra)
                state.snapshot(state.db())  # the scheduled backup, if one is due after this
            except AlreadyImported as err:
                st.info(str(err))
            else:
                if mapping:
                    headers = st.session_state[f"headers_{file_key}"]
                    remember_mapping(state.db(), batch.kind, headers, mapping, state.user())
                done[file_key] = "Importert: " + result.summary
                st.session_state["imported"] = done
                st.rerun()

st.divider()
st.subheader("Importlogg")
log = state.imports(*state.key())
if log.empty:
    st.write("Ingen importer ennå.")
else:
    shown = pd.DataFrame(
        {
            "Import": "#" + log["id"].astype(str),
            "Tidspunkt": log["imported_at"].dt.strftime("%d.%m.%Y %H:%M"),
            "Av": log["imported_by"],
            "Innhold": log["kind"].map(
                {
                    "sykefravaer": "sykefravær",
                    "avvik": "avvik",
                    "vernerunde": "vernerunder",
                    "vedtak": "AMU-vedtak",
                }  # fmt: skip
            ),
            "Fil": log["file_name"],
            "Format": log["dialect"],
            "Perioder": log["periods"],
            "Rader skrevet": log["rows_written"],
            "Rader i bruk nå": log["rows_live"],
            "Erstattet": log["replaced"].fillna(""),
            "Endringer": log["details"].fillna(""),
            "Advarsler": log["warnings"],
            "SHA-256": log["sha256"].str[:12],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")

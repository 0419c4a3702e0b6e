"""The AMU annual report (arbeidsmiljøloven § 7-2 (6)) and the HMS annual report
(internkontrollforskriften § 5 nr. 8) for one year and one part of the organisation.

`annual_report` gathers, from the metric functions the pages use, every table and chart the
report holds, the free-text sections people wrote for that year and scope, the imports the
figures come from, and the «Slik har vi regnet» appendix. The writers in `reports/` only lay
the result out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.periods import QUARTER, Period
from metrics import report_figures as fig
from metrics import report_register as reg
from metrics.access import subtree
from metrics.benchmarks import chosen_series
from metrics.deviations import deviation_trend
from metrics.report_model import AMU, HMS, AnnualReport, Chart, Section, Source
from metrics.sick_leave import sick_leave_trend
from store import Database
from store.imports import sources_for_year
from store.org import org_tree, parent_map
from store.report_texts import report_texts
from store.settings import suppression_threshold

KIND_TITLES = {AMU: "AMU-årsrapport", HMS: "HMS-årsrapport"}
SOURCE_KINDS = {"sykefravaer": "sykefravær", "avvik": "avvik", "vernerunde": "vernerunder",
                "vedtak": "vedtakslogg"}  # fmt: skip

# Free-text sections: key -> (title, what to write there).
FREE_TEXT = {
    AMU: {
        "tiltak_resultater": ("Tiltak som er gjennomført og resultatene",
                              "Beskriv de viktigste tiltakene og hva de førte til."),
        "planer": ("Planer for neste periode",
                   "Beskriv hva utvalget vil prioritere neste år, utover årshjulet."),
    },
    HMS: {
        "fokusomrader": ("Fokusområder", "Hvilke HMS-områder ble prioritert i året, og hvorfor?"),
        "bht": ("Bedriftshelsetjenestens arbeid",
                "Hva bedriftshelsetjenesten har gjort: kartlegginger, kurs, oppfølging."),
        "tilsyn": ("Tilsyn fra myndighetene",
                   "Tilsyn fra Arbeidstilsynet, brannvesenet og andre, med pålegg og oppfølging."),
    },
}  # fmt: skip

METHOD = (
    "Sykefravær = tapte dagsverk / avtalte dagsverk × 100. For en gruppe og for flere perioder"
    " summeres dagsverkene først (aldri et snitt av prosenter). Egenmeldt og legemeldt er andeler"
    " av de samme avtalte dagsverkene.",
    "Endring er prosentpoeng mot samme periode året før. Mål arves fra nivået over når en enhet"
    " ikke har eget mål.",
    "Sammenligningstall er merket med hva de dekker (legemeldt eller egen- og legemeldt), og"
    " sammenlignes med vårt tall som dekker det samme; over/under betyr mer enn 10 % over eller"
    " under (NAVs regel). Årstallet for sammenligning er snittet av de fire kvartalene.",
    "Tall for grupper med færre enn {threshold} personer vises ikke («skjult (færre enn"
    " {threshold})»). Blir en sum stående med bare ett skjult tall – en sektor og dens enheter,"
    " et år og dets kvartaler eller måneder, registrerte avvik og kategoriene – skjules også"
    " det minste av de andre («skjult (for å beskytte en annen celle)»), slik at ingen sum gir"
    " et skjult tall tilbake. Skjulte tall teller med i summene over.",
    "Avvik telles etter registreringsdato. Forfalt = ikke lukket og fristen passert på"
    " referansedatoen. Personskader og vold og trusler vises ikke for små enheter.",
    "H1 = skader med fravær, H2 = skader med fravær eller medisinsk behandling, F ="
    " fraværsdager etter skade, alle per million arbeidstimer (avtalte dagsverk × 7,5). Under"
    " 100 000 timer er tallene usikre.",
    "Vernerunde-dekning = andel enheter med minst én vernerunde i året. Risiko ="
    " sannsynlighet × konsekvens (1–5), gruppert lav, middels og høy som i innstillingene.",
    "Vedtak: forfalt = ikke lukket eller avvist og fristen passert. Et tiltak regnes som"
    " gjennomført når vedtaket er lukket.",
)


def _parents(db: Database) -> tuple[dict[int, int | None], dict[int, tuple[str, str]]]:
    tree = org_tree(db)
    parent_of = parent_map(db)
    names = {int(i): (n, lv) for i, n, lv in zip(tree["id"], tree["name"], tree["level"],
                                                   strict=True)}  # fmt: skip
    return parent_of, names


def _note(year: int, scope: str, sources: list[Source], kinds: tuple[str, ...]) -> str:
    used = [s for s in sources if s.kind in kinds]
    where = f"Periode: {year}. Omfang: {scope} og enhetene rett under."
    if not used:
        return where + " Kilde: ingen importerte data for året."
    files = ", ".join(f"import #{s.import_id} ({s.file_name})" for s in used)
    return f"{where} Kilde: {files}."


def annual_report(
    db: Database, kind: str, year: int, scope_id: int, today: dt.date | None = None
) -> AnnualReport:
    """The whole report as data. Figures as of the year's end, or today for the current year."""
    if kind not in KIND_TITLES:
        raise ValueError(f"Ukjent rapport «{kind}»: bruk amu eller hms.")
    today = today or dt.date.today()
    reference = min(today, dt.date(year, 12, 31))
    parent_of, names = _parents(db)
    if scope_id not in names:
        raise ValueError("Enheten rapporten skal gjelde, finnes ikke.")
    scope, level = names[scope_id]
    roots = [u for u, p in parent_of.items() if p is None]
    organisation = names[roots[0]][0] if roots else scope
    sources = [
        Source(int(r.id), r.kind, r.file_name, pd.Timestamp(r.imported_at).to_pydatetime(),
               r.imported_by)
        for r in sources_for_year(db, year).itertuples(index=False)
    ]  # fmt: skip
    bench = chosen_series(db)
    chosen = reg.committees_in_scope(db, set(subtree(parent_of, scope_id)))
    texts = report_texts(db, kind, year, scope_id)
    note = {k: _note(year, scope, sources, (k,)) for k in SOURCE_KINDS}

    sick_q, _ = fig.sick_leave_quarters(db, year, scope_id, parent_of, bench, note["sykefravaer"])
    sick_y = fig.sick_leave_year(db, year, scope_id, parent_of, bench, note["sykefravaer"])
    trend = sick_leave_trend(db, scope_id, Period(QUARTER, year, 4), count=12)
    sick = Section(
        "sykefravaer", "Sykefravær", tables=(sick_q, sick_y),
        charts=(Chart("sick_leave_trend", f"Sykefravær per kvartal – {scope}", trend, bench),),
    )  # fmt: skip
    free = [
        Section(key, title, free_text=texts.get(key), free_text_hint=hint)
        for key, (title, hint) in FREE_TEXT[kind].items()
    ]
    if kind == AMU:
        sections = _amu(db, year, scope_id, scope, reference, parent_of, chosen, note, sick, free)
    else:
        sections = _hms(db, year, reference, chosen, sick_y, free)
    threshold = suppression_threshold(db)
    return AnnualReport(
        kind=kind,
        title=f"{KIND_TITLES[kind]} {year}",
        organisation=organisation,
        year=year,
        scope_id=scope_id,
        scope=scope,
        scope_level=level,
        generated=today,
        threshold=threshold,
        sections=tuple(sections),
        sources=tuple(sources),
        method=tuple(m.format(threshold=threshold) for m in METHOD),
    )


def _amu(db, year, scope_id, scope, reference, parent_of, chosen, note, sick, free):
    meetings, meeting_text = reg.activity(db, year, chosen)
    dev_cat, dev_sev = fig.deviations(db, year, scope_id, parent_of, reference, note["avvik"])
    injuries = fig.injuries(db, year, scope_id, parent_of, note["avvik"])
    rounds = fig.safety_rounds(db, year, scope_id, parent_of, reference, note["vernerunde"])
    made, results, pending, decision_text = reg.decisions(db, year, reference, chosen)
    plan, plan_text = reg.wheel(
        db, year + 1, reference, chosen, "plan", f"Årshjul {year + 1}: planlagte aktiviteter"
    )
    trend = deviation_trend(db, scope_id, Period(QUARTER, year, 4), "quarter", count=8,
                            reference_date=reference)  # fmt: skip
    by_key = {s.key: s for s in free}
    return [
        Section("utvalget", "Utvalgets virksomhet", paragraphs=tuple(meeting_text),
                tables=(meetings,)),
        sick,
        Section("avvik", "Avvik og HMS-hendelser", tables=(dev_cat, dev_sev),
                charts=(Chart("deviation_trend", f"Registrerte avvik per kvartal – {scope}",
                              trend),)),
        Section("personskader", "Personskader", tables=(injuries,)),
        Section("vernerunder", "Vernerunder og risiko", tables=(rounds,)),
        Section("vedtak", "Vedtak og oppfølging", paragraphs=tuple(decision_text),
                tables=(made, pending)),
        Section("tiltak", "Tiltak som er gjennomført og resultatene", tables=(results,),
                free_text=by_key["tiltak_resultater"].free_text,
                free_text_hint=by_key["tiltak_resultater"].free_text_hint),
        Section("planer", "Planer for neste periode", paragraphs=tuple(plan_text),
                tables=(plan,), free_text=by_key["planer"].free_text,
                free_text_hint=by_key["planer"].free_text_hint),
    ]  # fmt: skip


def _hms(db, year, reference, chosen, sick_y, free):
    wheel, wheel_text = reg.wheel(
        db, year, reference, chosen, "arshjul", f"Årshjul {year}: gjennomført og ikke gjennomført"
    )
    by_key = {s.key: s for s in free}
    goals = Section(
        "mal", "Status mot HMS-målene",
        paragraphs=("Målene for sykefravær settes i appen (Innstillinger) og arves nedover.",),
        tables=(sick_y,),
    )  # fmt: skip
    systematic = Section("systematisk", "Det systematiske HMS-arbeidet",
                         paragraphs=tuple(wheel_text), tables=(wheel,))  # fmt: skip
    return [goals, by_key["fokusomrader"], systematic, by_key["bht"], by_key["tilsyn"]]

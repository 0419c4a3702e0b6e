"""The figure tables of the annual reports: sick leave, deviations, injuries, safety rounds.

Each table comes from the same metric function as the page that shows it, for the report's
scope (the unit and the units right under it), and carries suppressed cells as `Hidden`.
"""

from __future__ import annotations

import datetime as dt

from core.formatting import hidden_text
from core.periods import QUARTER, YEAR, Period
from core.severity import BANDS
from metrics.benchmarks import BenchmarkSeries, compare
from metrics.deviations import CATEGORIES, deviation_table
from metrics.injuries import injury_table
from metrics.org_rollup import scoped
from metrics.report_model import INT, NUMBER, PERCENT, PP, TEXT, Column, Hidden, ReportTable
from metrics.safety_rounds import safety_round_table
from metrics.sick_leave import SickLeaveTable, sick_leave_table


def _hidden(reason: str | None, threshold: int) -> Hidden:
    return Hidden(hidden_text(reason, threshold))


def sick_leave_quarters(
    db, year: int, scope_id: int, parent_of: dict, bench: BenchmarkSeries | None, note: str
) -> tuple[ReportTable, dict[int, SickLeaveTable]]:
    """Per unit: the four quarters and the year, with the labelled benchmark as its own row."""
    tables = {q: sick_leave_table(db, Period(QUARTER, year, q)) for q in range(1, 5)}
    whole = sick_leave_table(db, Period(YEAR, year, 1))
    units = scoped(whole.rows, scope_id, parent_of)
    rows = []
    for u in units:
        cells: list = [u.unit]
        for q in range(1, 5):
            r = tables[q].unit(u.unit_id)
            if r is None:
                cells.append(None)
            elif r.suppressed:
                cells.append(_hidden(r.suppressed_reason, whole.threshold))
            else:
                cells.append(r.percent)
        cells.append(_hidden(u.suppressed_reason, whole.threshold) if u.suppressed else u.percent)
        rows.append(tuple(cells))
    quarters = [bench.values.get((year, q)) for q in range(1, 5)] if bench else []
    if any(v is not None for v in quarters):
        rows.append(
            (f"Sammenligning: {bench.label} ({bench.covers})", *quarters, _year_mean(bench, year))
        )
    elif bench is not None:
        note = f"Ingen sammenligningstall ({bench.label}) for {year} ennå. " + note
    table = ReportTable(
        key="sykefravaer_kvartal",
        title=f"Sykefravær per kvartal {year} (prosent)",
        columns=(
            Column("Enhet"),
            *(Column(f"{q}. kvartal", PERCENT) for q in range(1, 5)),
            Column(f"Året {year}", PERCENT),
        ),  # fmt: skip
        rows=tuple(rows),
        note=note,
        sheet="Sykefravær per kvartal",
    )
    return table, tables


def sick_leave_year(
    db, year: int, scope_id: int, parent_of: dict, bench: BenchmarkSeries | None, note: str
) -> ReportTable:
    """Per unit for the year: total, egen/lege split, change against last year, target."""
    whole = sick_leave_table(db, Period(YEAR, year, 1))
    rows = []
    bench_year = _year_mean(bench, year)
    for u in scoped(whole.rows, scope_id, parent_of):
        if u.suppressed:
            h = _hidden(u.suppressed_reason, whole.threshold)
            rows.append((u.unit, h, h, h, h, u.target_percent, None, None))
            continue
        gap = u.target_gap_pp
        status = None if gap is None else ("over mål" if gap > 0 else "innenfor mål")
        ours = bench.comparable(u.percent, u.legemeldt_percent) if bench else None
        rows.append(
            (u.unit, u.percent, u.egenmeldt_percent, u.legemeldt_percent, u.change_pp,
             u.target_percent, status, compare(ours, bench_year))
        )  # fmt: skip
    return ReportTable(
        key="sykefravaer_aar",
        title=f"Sykefravær {year}: egen- og legemeldt, endring og mål",
        columns=(
            Column("Enhet"),
            Column("Sykefravær", PERCENT),
            Column("Egenmeldt", PERCENT),
            Column("Legemeldt", PERCENT),
            Column("Endring mot året før", PP),
            Column("Mål", PERCENT),
            Column("Status mot mål"),
            Column("Mot sammenligning"),
        ),  # fmt: skip
        rows=tuple(rows),
        note=note,
        sheet="Sykefravær året",
    )


def _year_mean(bench: BenchmarkSeries | None, year: int) -> float | None:
    """The year's benchmark as the mean of its four quarters (None unless all four exist)."""
    if bench is None:
        return None
    values = [bench.values.get((year, q)) for q in range(1, 5)]
    return None if None in values else sum(values) / 4


def deviations(
    db, year: int, scope_id: int, parent_of: dict, reference: dt.date, note: str
) -> tuple[ReportTable, ReportTable]:
    """Per unit: registered deviations by category, and by severity with overdue and closing."""
    table = deviation_table(db, Period(YEAR, year, 1), reference)
    units = scoped(table.rows, scope_id, parent_of)
    by_category = []
    by_severity = []
    for r in units:
        cells = []
        for c in CATEGORIES:
            if c in r.hidden:
                cells.append(_hidden(r.hidden[c], table.threshold))
            else:
                cells.append(r.by_category.get(c) or 0)
        registered = _hidden("primary", table.threshold) if r.registered is None else r.registered
        by_category.append((r.unit, registered, *cells))
        by_severity.append(
            (r.unit, *(r.by_severity.get(b, 0) for b in BANDS), r.open, r.overdue, r.closed,
             r.median_days_to_close, r.improvement_suggestions)
        )  # fmt: skip
    first = ReportTable(
        key="avvik_kategori",
        title=f"Avvik og HMS-hendelser {year} etter kategori",
        columns=(
            Column("Enhet"),
            Column("Registrert", INT),
            *(Column(c.capitalize(), INT) for c in CATEGORIES),
        ),  # fmt: skip
        rows=tuple(by_category),
        note=note,
        sheet="Avvik etter kategori",
    )
    second = ReportTable(
        key="avvik_alvorlighet",
        title=f"Avvik {year} etter alvorlighet, åpne, forfalte og tid til lukking",
        columns=(
            Column("Enhet"),
            *(Column(b.capitalize(), INT) for b in BANDS),
            Column("Åpne", INT),
            Column("Forfalte", INT),
            Column("Lukket", INT),
            Column("Median dager til lukking", NUMBER),
            Column("Forbedringsforslag", INT),
        ),  # fmt: skip
        rows=tuple(by_severity),
        note=f"Åpne og forfalte per {reference:%d.%m.%Y}. " + note,
        sheet="Avvik etter alvorlighet",
    )
    return first, second


def injuries(db, year: int, scope_id: int, parent_of: dict, note: str) -> ReportTable:
    """Per unit: injuries with and without absence, days lost, H1, H2 and F."""
    table = injury_table(db, Period(YEAR, year, 1))
    threshold = db_threshold(db)
    rows = []
    for r in scoped(table.rows, scope_id, parent_of):
        if r.suppressed:
            h = Hidden(hidden_text(r.hidden_reason, threshold))
            rows.append((r.unit, h, h, h, h, h, h, r.hours_worked, None))
            continue
        rows.append(
            (r.unit, r.lost_time_injuries, r.medical_treatment_injuries, r.days_lost, r.h1,
             r.h2, r.f, r.hours_worked, "under 100 000 timer: usikker" if r.uncertain else None)
        )  # fmt: skip
    return ReportTable(
        key="personskader",
        title=f"Personskader {year}: H1, H2 og F per million arbeidstimer",
        columns=(
            Column("Enhet"),
            Column("Skader med fravær", INT),
            Column("Skader med medisinsk behandling", INT),
            Column("Fraværsdager", NUMBER),
            Column("H1", NUMBER),
            Column("H2", NUMBER),
            Column("F", NUMBER),
            Column("Arbeidstimer", NUMBER),
            Column("Merknad"),
        ),  # fmt: skip
        rows=tuple(rows),
        note="Arbeidstimer = avtalte dagsverk × 7,5. " + note,
        sheet="Personskader",
    )


def safety_rounds(
    db, year: int, scope_id: int, parent_of: dict, reference: dt.date, note: str
) -> ReportTable:
    """Per unit: safety-round coverage and the risks found, high risks still open."""
    rows = []
    for r in scoped(safety_round_table(db, year, reference), scope_id, parent_of):
        rows.append(
            (r.unit, r.units, r.units_with_round, r.coverage_percent,
             r.findings_by_band.get("lav", 0), r.findings_by_band.get("middels", 0),
             r.findings_by_band.get("høy", 0), r.open_high, r.overdue_measures,
             ", ".join(r.units_without_round) or None)
        )  # fmt: skip
    return ReportTable(
        key="vernerunder",
        title=f"Vernerunder {year}: dekning og risiko",
        columns=(
            Column("Enhet"),
            Column("Enheter", INT),
            Column("Med vernerunde", INT),
            Column("Dekning", PERCENT),
            Column("Lav risiko", INT),
            Column("Middels risiko", INT),
            Column("Høy risiko", INT),
            Column("Åpne høye risikoer", INT),
            Column("Forfalte tiltak", INT),
            Column("Enheter uten vernerunde", TEXT),
        ),  # fmt: skip
        rows=tuple(rows),
        note=f"Åpne og forfalte per {reference:%d.%m.%Y}. " + note,
        sheet="Vernerunder",
    )


def db_threshold(db) -> int:
    from store.settings import suppression_threshold

    return suppression_threshold(db)

"""The suppression audit for deviations and injuries: every published count, every relation.

Cells are (unit, first month, last month, category) as `deviation_table` publishes them for
months, quarters, tertials and years, and (unit, first, last) per injury measure as
`injury_table` publishes them. Relations: sector = Σ units and virksomhet = Σ sectors within a
table; registered = Σ categories; and along time, for each unit, quarter = Σ its months,
tertial = Σ its months, year = Σ its months = Σ its quarters = Σ its tertials. A unit missing
from a table had no cases: a known zero, left out of the sums. The attacker's single-unknown
propagation (`suppression_audit.recover`) must find nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from core.periods import MONTH, QUARTER, TERTIAL, YEAR, Period
from metrics.deviations import CATEGORIES, deviation_table
from metrics.injuries import injury_table
from metrics.suppression import Relation
from metrics.suppression_audit import recover
from store import open_database
from store.deviations import deviation_span, write_deviations
from store.sick_leave import write_batch
from tests.conftest import make_batch
from tests.test_store_deviations import batch as deviation_batch
from tests.test_store_deviations import case

REFERENCE = dt.date(2025, 12, 31)
INJURY_MEASURES = ("lost_time_injuries", "medical_treatment_injuries", "days_lost")


def calendar_periods(first: int, last: int) -> list[Period]:
    """Every month, quarter, tertial and year overlapping the months first..last."""
    out = []
    for kind in (MONTH, QUARTER, TERTIAL, YEAR):
        p = Period.containing(kind, first)
        while p.first_month <= last:
            out.append(p)
            p = Period.containing(kind, p.last_month + 1)
    return out


def _time_relations(cells: set, measures) -> list[Relation]:
    """For each published (unit, window): window = Σ months, and a year = Σ quarters and
    = Σ tertials; parts missing from `cells` are known zeros and left out."""
    out = []
    for unit, a, b in sorted(cells):
        if a == b:
            continue
        splits = [[(m, m) for m in range(a, b + 1)]]
        if b - a == 11:
            splits += [[(q, q + 2) for q in range(a, b + 1, 3)]]
            splits += [[(t, t + 3) for t in range(a, b + 1, 4)]]
        for parts in splits:
            for m in measures:
                kept = tuple((unit, *p, m) for p in parts if (unit, *p) in cells)
                out.append(Relation((unit, a, b, m), kept))
    return out


def published_deviations(db, periods) -> tuple[dict, list[Relation]]:
    """Every deviation count the periods' tables publish (None when hidden) and the relations."""
    values, relations, cells = {}, [], set()
    measures = (*CATEGORIES, "registered")
    for period in periods:
        table = deviation_table(db, period, REFERENCE)
        a, b = period.first_month, period.last_month
        present = {r.unit_id: r for r in table.rows}
        for r in table.rows:
            cells.add((r.unit_id, a, b))
            values[(r.unit_id, a, b, "registered")] = r.registered
            for cat in CATEGORIES:
                values[(r.unit_id, a, b, cat)] = r.by_category[cat]
            relations.append(
                Relation((r.unit_id, a, b, "registered"),
                         tuple((r.unit_id, a, b, c) for c in CATEGORIES))
            )  # fmt: skip
            kids = [c.unit_id for c in table.rows if c.parent == r.unit and c.unit_id in present]
            for m in measures:
                relations.append(Relation((r.unit_id, a, b, m), tuple((k, a, b, m) for k in kids)))
    return values, relations + _time_relations(cells, measures)


def published_injuries(db, periods, measure: str) -> tuple[dict, list[Relation]]:
    """One injury measure as every period's injury table publishes it, and the relations."""
    values, relations, cells = {}, [], set()
    for period in periods:
        table = injury_table(db, period)
        a, b = period.first_month, period.last_month
        for r in table.rows:
            cells.add((r.unit_id, a, b))
            values[(r.unit_id, a, b, measure)] = getattr(r, measure)
            kids = tuple((c.unit_id, a, b, measure) for c in table.rows if c.parent == r.unit)
            relations.append(Relation((r.unit_id, a, b, measure), kids))
    return values, relations + _time_relations(cells, (measure,))


def hidden(values: dict) -> set:
    return {k for k, v in values.items() if v is None}


def test_every_deviation_and_injury_count_of_the_sample_gives_nothing_back(demo_db_file, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    with open_database(path) as db:
        first, last = deviation_span(db)
        periods = calendar_periods(first, last)
        values, relations = published_deviations(db, periods)
        assert len(hidden(values)) > 100 and len(relations) > 10_000
        assert recover(values, relations) == {}
        for measure in INJURY_MEASURES:
            values, relations = published_injuries(db, periods, measure)
            assert hidden(values)
            assert recover(values, relations) == {}, measure


def _staff(db, units, months=range(1, 13)):
    """Monthly sick-leave rows for 2025 giving each (sektor, enhet, persons) its headcount."""
    rows = [
        dict(sektor=s, enhet=e, period=f"2025-{m:02d}", persons=p, avtalte=p * 21.0, tapte=1.0)
        for s, e, p in units
        for m in months
    ]
    write_batch(db, make_batch(rows))


def test_a_small_unit_with_one_injury(db):
    """Kino (3 persons) has one personskade with lost time in March. Its count hides, and
    neither its total minus its other categories, nor the sector minus the other units, nor
    the quarter minus its months gives it back; its injury figures likewise."""
    _staff(db, [("Kultur", "Kino", 3), ("Kultur", "Bibliotek", 9), ("Kultur", "Hallen", 30)])
    write_deviations(db, deviation_batch([
        case("K-1", "2025-03-04", enhet="Kino", sektor="Kultur", skadeklasse="fravær", fravaersdager=4.0),
        case("K-2", "2025-03-05", enhet="Kino", sektor="Kultur", kategori="Miljø"),
        case("B-1", "2025-02-01", enhet="Bibliotek", sektor="Kultur"),
        case("B-2", "2025-03-01", enhet="Bibliotek", sektor="Kultur", kategori="Miljø"),
        case("H-1", "2025-02-01", enhet="Hallen", sektor="Kultur", skadeklasse="fravær", fravaersdager=2.0),
        case("H-2", "2025-03-01", enhet="Hallen", sektor="Kultur", kategori="Miljø"),
        case("H-3", "2025-05-01", enhet="Hallen", sektor="Kultur", kategori="Vold og trusler"),
    ]))  # fmt: skip
    periods = calendar_periods(2025 * 12, 2025 * 12 + 11)
    values, relations = published_deviations(db, periods)
    kino = int(db.scalar("SELECT id FROM org_units WHERE name = 'Kino'"))
    march, q1 = (2025 * 12 + 2,) * 2, (2025 * 12, 2025 * 12 + 2)
    for a, b in (march, q1):
        assert values[(kino, a, b, "personskade")] is None
        assert values[(kino, a, b, "vold og trusler")] is None
        assert values[(kino, a, b, "registered")] == 2  # totals stay visible
    assert recover(values, relations) == {}
    for measure in INJURY_MEASURES:
        values, relations = published_injuries(db, periods, measure)
        assert values[(kino, *q1, measure)] is None
        assert recover(values, relations) == {}, measure
    table = deviation_table(db, Period(QUARTER, 2025, 1), REFERENCE)
    sector = next(r for r in table.rows if r.unit == "Kultur")
    assert sector.by_category["personskade"] == 3  # K-1, B-1, H-1: hidden ones count too


def test_a_sector_with_exactly_one_small_unit_among_many(db):
    """One small unit among eight: the protection stays local, and as little as possible is
    hidden (one other unit's two sensitive counts, not a chain through the sector)."""
    units = [("Helse", "Liten", 2)] + [("Helse", f"Enhet {i}", 10 + i) for i in range(7)]
    _staff(db, units, months=(1, 2, 3))
    cases = [case("L-1", "2025-02-10", enhet="Liten", sektor="Helse")]
    for i in range(7):
        cases += [
            case(f"E{i}-1", "2025-02-03", enhet=f"Enhet {i}", sektor="Helse"),
            case(f"E{i}-2", "2025-02-04", enhet=f"Enhet {i}", sektor="Helse", kategori="Miljø"),
        ]
    write_deviations(db, deviation_batch(cases))
    table = deviation_table(db, Period(MONTH, 2025, 2), REFERENCE)
    hidden_cells = [(r.unit, c, why) for r in table.rows for c, why in r.hidden.items()]
    primary = [(u, c) for u, c, why in hidden_cells if why == "primary"]
    assert sorted(primary) == [("Liten", "personskade"), ("Liten", "vold og trusler")]
    secondary = [(u, c) for u, c, why in hidden_cells if why == "secondary"]
    assert len(secondary) == 2 and len({u for u, _ in secondary}) == 1
    values, relations = published_deviations(db, calendar_periods(2025 * 12, 2025 * 12 + 2))
    assert recover(values, relations) == {}


@st.composite
def deviation_organisations(draw):
    """1–3 sectors of 1–5 units with headcounts 0–12 and 0–4 cases a month in Q1 2025."""
    units, cases = [], []
    for s in range(draw(st.integers(1, 3))):
        for u in range(draw(st.integers(1, 5))):
            name = f"S{s}E{u}"
            units.append((f"S{s}", name, draw(st.integers(1, 12))))
            for m in (1, 2, 3):
                for i in range(draw(st.integers(0, 4))):
                    kategori = draw(st.sampled_from(["Personskade", "Vold og trusler", "Miljø"]))
                    cases.append(
                        case(f"{name}-{m}-{i}", f"2025-{m:02d}-0{i + 1}", enhet=name,
                             sektor=f"S{s}", kategori=kategori)
                    )  # fmt: skip
    return units, cases


@settings(max_examples=25, deadline=None)
@given(deviation_organisations())
def test_random_organisations_give_no_deviation_count_back(tmp_path_factory, org):
    units, cases = org
    with open_database(tmp_path_factory.mktemp("h") / "h.duckdb") as db:
        _staff(db, units, months=(1, 2, 3))
        if cases:
            write_deviations(db, deviation_batch(cases))
        periods = calendar_periods(2025 * 12, 2025 * 12 + 2)
        values, relations = published_deviations(db, periods)
        assert recover(values, relations) == {}
        # Every small unit's sensitive counts are hidden; visible counts are the true counts.
        for period in periods:
            for r in deviation_table(db, period, REFERENCE).rows:
                mine = [c for c in cases if c_in(c, r.unit, period)]
                for cat in CATEGORIES:
                    if r.by_category[cat] is not None:
                        assert r.by_category[cat] == sum(c["kategori"].lower() == cat for c in mine)


def c_in(c: dict, unit: str, period: Period) -> bool:
    """Whether a hand-made case belongs to the unit (or its sector, or the virksomhet)."""
    d = c["registrert_dato"]
    month = d.year * 12 + d.month - 1
    inside = period.first_month <= month <= period.last_month
    return inside and unit in (c["enhet"], c["sektor"], "Testkommune")


def test_every_output_hides_exactly_what_the_metric_layer_hides(demo_db_file, tmp_path):
    """The CLI's JSON at every level, and the annual report's tables for the whole organisation
    and for a sector, show the same hidden cells (with the same reason) as the tables the audit
    above checked: one mechanism, every output."""
    from core.formatting import hidden_text
    from metrics.annual_report import annual_report
    from metrics.report_model import Hidden
    from tests.test_cli import cli

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    year = 2025
    period = Period(YEAR, year, 1)
    with open_database(path, read_only=True) as db:
        table = deviation_table(db, period, REFERENCE)
        injuries = injury_table(db, period)
        threshold = table.threshold
        sectors = [r.unit_id for r in table.level("sektor")]
        reports = [annual_report(db, "amu", year, u, REFERENCE) for u in (sectors[0], 1)]
    by_name = {r.unit: r for r in table.rows}
    injured = {r.unit: r for r in injuries.rows}
    assert any(r.hidden for r in table.rows) and any(r.suppressed for r in injuries.rows)
    for level in ("virksomhet", "sektor", "enhet"):
        for command, rows in (("deviations", by_name), ("injuries", injured)):
            extra = ["--reference-date", REFERENCE.isoformat()] if command == "deviations" else []
            r = cli(command, "--level", level, "--period", year, "--json", *extra, "--db", path)
            assert r.returncode == 0, r.stderr
            for d in json.loads(r.stdout):
                mine = rows[d["unit"]]
                if command == "deviations":
                    assert (
                        d["by_category"] == mine.by_category and d["registered"] == mine.registered
                    )
                else:
                    assert d["lost_time_injuries"] == mine.lost_time_injuries
                    assert d["suppressed"] == mine.suppressed
    for report in reports:
        seen = 0
        for t in report.tables:
            if t.key not in ("avvik_kategori", "personskader"):
                continue
            for row in t.rows:
                unit = row[0]
                if t.key == "avvik_kategori":
                    for cat, cell in zip(CATEGORIES, row[2:], strict=True):
                        reason = by_name[unit].hidden.get(cat)
                        expected = Hidden(hidden_text(reason, threshold)) if reason else None
                        assert (cell if isinstance(cell, Hidden) else None) == expected
                        seen += 1
                else:
                    reason = injured[unit].hidden_reason
                    assert (row[1] == Hidden(hidden_text(reason, threshold))) == bool(reason)
        assert seen > 20


def test_the_choice_of_extra_cells_is_the_same_every_run(demo_db_file, tmp_path):
    """Computed twice from scratch (the per-version cache emptied in between), the hidden cells
    and their reasons are identical, for deviations, injuries and sick leave."""
    from metrics import version_cache
    from metrics.deviation_suppression import hidden_counts
    from metrics.joint_suppression import joint_hidden
    from metrics.org_rollup import parents

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    runs = []
    with open_database(path, read_only=True) as db:
        for _ in range(2):
            version_cache._CACHE.clear()
            parent_of = parents(db)
            runs.append((hidden_counts(db, parent_of, 5), joint_hidden(db, parent_of, 5)))
    assert runs[0] == runs[1]
    assert runs[0][0].deviations and runs[0][1]

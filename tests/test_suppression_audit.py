"""The suppression audit: try to give back every hidden cell by subtraction (single-unknown
propagation) — on hand-built cases, on random organisations (Hypothesis), and on every
sick-leave table the sample organisation publishes, over the hierarchy relations."""

from __future__ import annotations

import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from core.periods import MONTH, QUARTER, TERTIAL, YEAR, Period
from metrics.sick_leave import sick_leave_table
from metrics.suppression import Relation, suppress
from metrics.suppression_audit import recover
from store import open_database
from store.sick_leave import data_span

THRESHOLD = 5


def test_a_lone_hidden_child_is_found_and_its_protection_holds():
    rel = [Relation("p", ("a", "b", "c"))]
    assert recover({"p": 30, "a": None, "b": 12, "c": 15}, rel) == {"a": 3}
    hidden = suppress({"p": 32, "a": 3, "b": 12, "c": 17}, rel, THRESHOLD)
    values = {k: None if k in hidden else v for k, v in {"p": 30, "a": 3, "b": 12, "c": 15}.items()}
    assert recover(values, rel) == {}


def test_propagation_follows_a_chain():
    """Recovering one cell can leave another relation with a single unknown."""
    rels = [Relation("k", ("s1", "s2")), Relation("s1", ("u1", "u2"))]
    values = {"k": 50, "s1": None, "s2": 30, "u1": None, "u2": 8}
    assert recover(values, rels) == {"s1": 20, "u1": 12}


def test_a_total_without_published_parts_gives_nothing():
    assert recover({"q": None}, [Relation("q", ())]) == {}


def test_unpublished_cells_are_unknowns_too():
    rel = [Relation("p", ("a", "b"))]
    assert recover({"p": 10, "a": None}, rel) == {}  # b is not published: two unknowns
    assert recover({"p": 10, "b": 4}, rel) == {}  # a unpublished but found: not a hidden cell


@st.composite
def organisations(draw):
    """A virksomhet, 1–5 sectors of 1–6 units; headcounts 0–30 and values per unit."""
    sectors = draw(st.integers(1, 5))
    persons, values, relations = {}, {}, []
    top_parts = []
    for s in range(sectors):
        units = [f"s{s}u{u}" for u in range(draw(st.integers(1, 6)))]
        for u in units:
            persons[u] = draw(st.integers(0, 30))
            values[u] = draw(st.integers(0, 500))
        persons[f"s{s}"] = sum(persons[u] for u in units)
        values[f"s{s}"] = sum(values[u] for u in units)
        relations.append(Relation(f"s{s}", tuple(units)))
        top_parts.append(f"s{s}")
    persons["top"] = sum(persons[s] for s in top_parts)
    values["top"] = sum(values[s] for s in top_parts)
    relations.append(Relation("top", tuple(top_parts)))
    return persons, values, relations


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_random_organisations_give_nothing_back(org):
    persons, values, relations = org
    hidden = suppress(persons, relations, THRESHOLD)
    published = {k: None if k in hidden else v for k, v in values.items()}
    assert recover(published, relations) == {}
    # Every small group is hidden; nothing visible changed value.
    assert all(k in hidden for k, n in persons.items() if n < THRESHOLD)
    assert all(published[k] == values[k] for k in values if k not in hidden)


def _periods(first: int, last: int):
    for kind in (MONTH, QUARTER, TERTIAL, YEAR):
        p = Period.containing(kind, first)
        while p.first_month <= last:
            if p.first_month >= first and p.last_month <= last:
                yield p, False
                if kind in (MONTH, QUARTER):
                    yield p, True  # the rolling year ending there
            p = Period.containing(kind, p.last_month + 1)


def test_every_published_sick_leave_table_of_the_sample_gives_nothing_back(demo_db_file, tmp_path):
    """All levels, all periods and period kinds, rolling windows: tapte and avtalte dagsverk,
    over the hierarchy (virksomhet = Σ sektorer, sektor = Σ enheter) within each table."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    checked = 0
    with open_database(path) as db:
        first, last = data_span(db)
        for period, rolling in _periods(first, last):
            table = sick_leave_table(db, period, rolling=rolling)
            present = {r.unit_id for r in table.rows}
            relations = []
            for r in table.rows:
                kids = tuple(c.unit_id for c in table.children(r.unit_id) if c.unit_id in present)
                if kids:
                    relations.append(Relation(r.unit_id, kids))
            for measure in ("tapte_dagsverk", "avtalte_dagsverk"):
                values = {r.unit_id: getattr(r, measure) for r in table.rows}
                found = recover(values, relations)
                assert found == {}, f"{period.label} rolling={rolling} {measure}: {found}"
            checked += 1
    assert checked > 60  # months, quarters, tertials, years and rolling windows of 2023–2025


def _published(db, periods, measure: str = "tapte_dagsverk"):
    """A measure per (unit, first, last) as published (None when hidden), and the relations:
    hierarchy within each table, and for each unit each window = Σ its months. `periods` holds
    Periods or (Period, rolling) pairs."""
    values, relations, months = {}, [], {}
    for item in periods:
        period, rolling = item if isinstance(item, tuple) else (item, False)
        table = sick_leave_table(db, period, rolling=rolling)
        a, b = period.rolling_window() if rolling else (period.first_month, period.last_month)
        for r in table.rows:
            values[(r.unit_id, a, b)] = getattr(r, measure)
            kids = tuple((c.unit_id, a, b) for c in table.children(r.unit_id))
            if kids:
                relations.append(Relation((r.unit_id, a, b), kids))
            if a == b:
                months.setdefault(r.unit_id, set()).add(a)
    for unit, a, b in list(values):
        # A month without the unit's row has no data: a known nothing, left out of the sum.
        if a != b:
            kept = tuple((unit, m, m) for m in range(a, b + 1) if m in months.get(unit, ()))
            relations.append(Relation((unit, a, b), kept))
    return values, relations


def test_a_headcount_crossing_the_threshold_mid_quarter_stays_hidden(db):
    """a1 has 4 persons in January and 6 in February and March: January is hidden, and the
    quarter minus February and March must not give it back."""
    from store.sick_leave import write_batch
    from tests.conftest import make_batch

    rows = []
    for m, n in ((1, 4), (2, 6), (3, 6)):
        for unit, persons, tapte in (("a1", n, 3.0 + m), ("a2", 20, 30.0), ("a3", 15, 12.0)):
            rows.append({"sektor": "A", "enhet": unit, "period": f"2025-{m:02d}",
                         "persons": persons, "avtalte": persons * 21.0, "tapte": tapte})  # fmt: skip
    write_batch(db, make_batch(rows))
    periods = [Period(MONTH, 2025, m) for m in (1, 2, 3)] + [Period(QUARTER, 2025, 1)]
    values, relations = _published(db, periods)
    a1 = int(db.scalar("SELECT id FROM org_units WHERE name = 'a1'"))
    first = 2025 * 12
    assert values[(a1, first, first)] is None  # January: 4 persons
    assert recover(values, relations) == {}


def test_the_sample_gives_nothing_back_along_time_either(demo_db_file, tmp_path):
    """Every table of the sample together: hierarchy within each, and for each unit every
    quarter, tertial, year and rolling year = Σ its months."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    with open_database(path) as db:
        first, last = data_span(db)
        periods = list(_periods(first, last))
        for measure in ("tapte_dagsverk", "avtalte_dagsverk"):
            values, relations = _published(db, periods, measure)
            assert len(relations) > 1000
            assert recover(values, relations) == {}, measure

"""Sick-leave metrics against figures computed by hand, on a real DuckDB file."""

import pytest

from core.formatting import fmt_percent
from core.periods import parse_period
from metrics.sick_leave import sick_leave_table, sick_leave_trend
from store.org import find_unit
from store.settings import set_suppression_threshold, set_target
from store.sick_leave import write_batch
from tests.conftest import make_batch


def row(sektor, enhet, period, persons, avtalte, tapte, egen=None, lege=None):
    r = dict(
        sektor=sektor, enhet=enhet, period=period, persons=persons, avtalte=avtalte, tapte=tapte
    )
    if egen is not None:
        r.update(egenmeldt=egen, legemeldt=lege)
    return r


def by_unit(table, level=None):
    return {r.unit: r for r in table.rows if level is None or r.level == level}


def test_graded_leave_counts_as_exported_tapte(db):
    # 5 full-time persons, 21 weekdays: avtalte 105. One on 50 % graded leave for 10 days:
    # 10 × 1.0 × 0.5 = 5 tapte dagsverk. 5 / 105 = 4.7619 %.
    write_batch(db, make_batch([row("A", "a1", "2025-03", 5, 105, 5, 0, 5)]))
    r = by_unit(sick_leave_table(db, parse_period("2025-03")))["a1"]
    assert r.percent == pytest.approx(5 / 105 * 100)
    assert fmt_percent(r.percent) == "4,8\u00a0%"
    assert r.legemeldt_percent == pytest.approx(5 / 105 * 100)
    assert r.egenmeldt_percent == 0


def test_group_percentage_is_sum_over_sum_never_mean(db):
    write_batch(db, make_batch([
        row("A", "small-absence", "2025-03", 10, 900, 9),   # 1 %
        row("A", "high-absence", "2025-03", 10, 100, 10),   # 10 %
    ]))  # fmt: skip
    t = sick_leave_table(db, parse_period("2025-03"))
    assert by_unit(t)["A"].percent == pytest.approx(19 / 1000 * 100)  # 1.9, not 5.5
    assert by_unit(t)["Testkommune"].percent == pytest.approx(1.9)


def test_quarter_and_year_sum_their_months(db):
    rows = [row("A", "a1", f"2025-{m:02d}", 10, 200, m) for m in range(1, 13)]
    write_batch(db, make_batch(rows))
    q2 = by_unit(sick_leave_table(db, parse_period("2025-K2")))["a1"]
    assert q2.tapte_dagsverk == 4 + 5 + 6 and q2.avtalte_dagsverk == 600
    t2 = by_unit(sick_leave_table(db, parse_period("2025-T2")))["a1"]  # May–Aug
    assert t2.tapte_dagsverk == 5 + 6 + 7 + 8
    y = by_unit(sick_leave_table(db, parse_period("2025")))["a1"]
    assert y.percent == pytest.approx(78 / 2400 * 100)
    assert not y.incomplete


def test_change_against_same_period_last_year_in_points(db):
    write_batch(db, make_batch([
        row("A", "a1", "2024-K1", 10, 1000, 60),
        row("A", "a1", "2025-K1", 10, 1000, 75),
        row("A", "a1", "2024-K4", 10, 1000, 10),  # the previous quarter is not the comparison
    ]))  # fmt: skip
    r = by_unit(sick_leave_table(db, parse_period("2025-K1")))["a1"]
    assert r.change_pp == pytest.approx(1.5)
    assert r.previous_percent == pytest.approx(6.0)


def test_rolling_four_quarters_and_incomplete_flag(db):
    quarters = ["2024-K2", "2024-K3", "2024-K4", "2025-K1"]
    write_batch(
        db, make_batch([row("A", "a1", q, 10, 1000, 10 * (i + 1)) for i, q in enumerate(quarters)])
    )
    r = by_unit(sick_leave_table(db, parse_period("2025-K1"), rolling=True))["a1"]
    assert r.percent == pytest.approx(100 / 4000 * 100)
    assert not r.incomplete
    r2 = by_unit(sick_leave_table(db, parse_period("2025-K2"), rolling=True))["a1"]
    assert r2.incomplete  # 2025-K2 is missing: three quarters summed, flagged
    assert r2.percent == pytest.approx(90 / 3000 * 100)


def test_small_unit_hidden_next_smallest_sibling_too_and_parents_still_count_them(db):
    write_batch(db, make_batch([
        row("Oppvekst", "Liten", "2025-03", 3, 60, 6),
        row("Oppvekst", "Mellom", "2025-03", 8, 160, 4),
        row("Oppvekst", "Stor", "2025-03", 30, 600, 30),
        row("Teknisk", "Drift", "2025-03", 20, 400, 8),
    ]))  # fmt: skip
    t = sick_leave_table(db, parse_period("2025-03"))
    u = by_unit(t)
    assert u["Liten"].suppressed and u["Liten"].suppressed_reason == "primary"
    assert u["Mellom"].suppressed and u["Mellom"].suppressed_reason == "secondary"
    assert not u["Stor"].suppressed
    for hidden in (u["Liten"], u["Mellom"]):
        assert hidden.percent is None and hidden.tapte_dagsverk is None and hidden.persons is None
    # hidden figures still count in their parents
    assert u["Oppvekst"].tapte_dagsverk == 40 and u["Oppvekst"].avtalte_dagsverk == 820
    assert u["Testkommune"].tapte_dagsverk == 48
    assert u["Oppvekst"].persons == 41


def test_headcount_estimated_from_dagsverk_when_missing_errs_on_hiding(db):
    # 84 avtalte dagsverk in March 2025 (21 weekdays) = 4 FTE: hidden, whatever the headcount.
    write_batch(db, make_batch([
        row("A", "deltid", "2025-03", None, 84, 2),
        row("A", "heltid", "2025-03", None, 420, 10),
        row("A", "heltid2", "2025-03", None, 630, 10),
    ]))  # fmt: skip
    u = by_unit(sick_leave_table(db, parse_period("2025-03")))
    assert u["deltid"].suppressed_reason == "primary"
    assert u["heltid"].suppressed_reason == "secondary"
    assert u["heltid2"].persons == 30 and u["heltid2"].persons_estimated


def test_multi_period_sum_uses_largest_single_period_headcount(db):
    # NAV: a sum over several quarters is hidden when the largest quarter headcount is below 5.
    write_batch(db, make_batch([
        row("A", "a1", "2024-K2", 4, 200, 2), row("A", "a1", "2024-K3", 4, 200, 2),
        row("A", "a1", "2024-K4", 4, 200, 2), row("A", "a1", "2025-K1", 4, 200, 2),
        row("A", "a2", "2025-K1", 40, 2000, 20),
    ]))  # fmt: skip
    u = by_unit(sick_leave_table(db, parse_period("2025-K1"), rolling=True))
    assert u["a1"].suppressed


def test_threshold_is_configurable_upward(db):
    write_batch(db, make_batch([row("A", "a1", "2025-03", 8, 160, 4), row("A", "a2", "2025-03", 9, 180, 4),
                                row("A", "a3", "2025-03", 40, 800, 4)]))  # fmt: skip
    assert not by_unit(sick_leave_table(db, parse_period("2025-03")))["a1"].suppressed
    set_suppression_threshold(db, 10)
    t = sick_leave_table(db, parse_period("2025-03"))
    assert t.threshold == 10 and by_unit(t)["a1"].suppressed and by_unit(t)["a2"].suppressed
    with pytest.raises(ValueError):
        set_suppression_threshold(db, 3)


def test_targets_are_inherited_down_and_carried_forward(db):
    write_batch(
        db,
        make_batch([row("A", "a1", "2025-03", 10, 200, 4), row("B", "b1", "2025-03", 10, 200, 4)]),
    )
    set_target(db, find_unit(db, "virksomhet", "Testkommune"), 2024, 6.5)
    set_target(db, find_unit(db, "sektor", "A"), 2025, 5.0)
    u = by_unit(sick_leave_table(db, parse_period("2025-03")))
    assert u["a1"].target_percent == 5.0  # from its sector
    assert u["b1"].target_percent == 6.5  # from the virksomhet, set in 2024 and still in force
    assert u["a1"].target_gap_pp == pytest.approx(2.0 - 5.0)


def test_trend_gives_gaps_for_hidden_and_missing_quarters(db):
    write_batch(db, make_batch([
        row("A", "a1", "2024-K4", 20, 1000, 50), row("A", "a1", "2025-K1", 20, 1000, 70),
        row("A", "a2", "2024-K4", 20, 1000, 50), row("A", "a2", "2025-K1", 3, 150, 7),
        row("A", "a3", "2025-K1", 30, 1500, 7),
    ]))  # fmt: skip
    a1 = find_unit(db, "enhet", "a1")
    trend = sick_leave_trend(db, a1, parse_period("2025-K1"), count=3)
    assert [p.period for p in trend.points] == ["2024-K3", "2024-K4", "2025-K1"]
    assert [p.has_data for p in trend.points] == [False, True, True]
    # In 2025-K1 a2 is small: a1 (20) is the next-smallest sibling and is hidden to protect it.
    assert trend.points[2].suppressed and trend.points[2].percent is None
    # a1's rolling year to 2025-K1 is 2024-K4 + 2025-K1 (no other quarter has data), so
    # 2024-K4 hides too, or the rolling year minus it would give 2025-K1 back.
    assert trend.points[1].suppressed and trend.points[1].suppressed_reason == "secondary"
    rolling = by_unit(sick_leave_table(db, parse_period("2025-K1"), rolling=True))["a1"]
    assert rolling.percent == pytest.approx((50 + 70) / 2000 * 100)  # the sum stays visible

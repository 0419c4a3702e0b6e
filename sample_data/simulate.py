"""Seeded month-by-month simulation of Nordvik kommune's sick leave, person by person.

Headcount drift, part-time positions, egenmeldt and doctor-certified (legemeldt) spells, graded
sick leave and seasons give monthly figures per unit, rounded to tenths of a dagsverk as HR
systems round. Only `random.Random.random()` (whose stream Python guarantees across versions)
drives it, so a fixed seed gives identical figures on every run.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from core.periods import weekdays_in_months
from sample_data.organisation import FIRST_MONTH, LAST_MONTH, UNITS, UnitSpec, nb_key

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")
Whole = TypeVar("Whole", int, "np.ndarray")  # an int, or an integer array element-wise

SEED = 1652  # picked among seeds so that the two trend units stand out clearly from the noise
BURN_IN_MONTHS = 12  # simulated before 2023-01 so that long sick-leave spells are under way


def _normalised(values: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(values) / len(values)
    return tuple(v / mean for v in values)


# Seasonal multipliers by calendar month (Jan..Dec): winter peaks, a low July.
# Spells started in a month last into the next ones, so new legemeldt spells peak a little
# before the absence does. Both tables average 1.0.
LEGE_SEASON = _normalised((1.45, 1.20, 0.95, 0.85, 0.85, 0.75, 0.50, 0.95, 1.05, 1.20, 1.40, 1.45))
EGEN_SEASON = _normalised((1.55, 1.45, 1.10, 0.90, 0.80, 0.75, 0.40, 0.80, 1.00, 1.10, 1.30, 1.45))

# Position shares (stillingsprosent) of part-time positions, with weights.
PART_TIME = ((50, 3.0), (60, 2.0), (65, 1.0), (70, 2.0), (75, 3.0), (80, 3.0), (90, 1.0))

# Doctor-certified spells: (weight, fewest and most weekdays, sick-leave grades in % with weights).
LEGE_SPELLS = (
    (0.55, 3, 12, ((100, 1.0),)),
    (0.33, 13, 40, ((100, 0.7), (50, 0.2), (60, 0.1))),
    (0.12, 41, 130, ((100, 0.5), (50, 0.3), (40, 0.1), (80, 0.1))),
)
MEAN_SPELL_LOAD = sum(  # expected weekdays x grade of one spell, to calibrate the start rate
    w * (lo + hi) / 2 * sum(g * gw for g, gw in grades) / 100 for w, lo, hi, grades in LEGE_SPELLS
)
EGEN_SPELL_DAYS = (1, 3)  # an egenmelding covers 1-3 days
MEAN_WEEKDAYS = 21.7


class _Rng:
    """Random draws built only on `random.Random.random()`, whose stream Python keeps stable."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def between(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return lo + min(hi - lo, int(self._r.random() * (hi - lo + 1)))

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        x = self._r.random() * sum(w for _, w in weighted)
        for value, w in weighted:
            x -= w
            if x < 0:
                return value
        return weighted[-1][0]

    def poisson(self, lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, self._r.random()
        while p > limit:
            k += 1
            p *= self._r.random()
        return k


@dataclass
class _Person:
    share: int  # stillingsprosent, 50..100
    spell_left: int = 0  # weekdays left of a doctor-certified spell
    grade: int = 100  # sick-leave grade of that spell, percent


@dataclass(frozen=True)
class MonthFigures:
    """One unit in one month, dagsverk in tenths (rounded half-up as HR systems round)."""

    ordinal: int
    sektor: str
    enhet: str
    persons: int
    avtalte_t: int
    egen_t: int
    lege_t: int

    @property
    def tapte_t(self) -> int:
        return self.egen_t + self.lege_t


def row_key(row: MonthFigures) -> tuple[int, str, str]:
    return row.ordinal, nb_key(row.sektor), nb_key(row.enhet)


def _tenths(numerator: int, denominator: int) -> int:
    """numerator / denominator in tenths, rounded half-up, in exact integer arithmetic."""
    return (20 * numerator + denominator) // (2 * denominator)


def percent_tenths(tapte_t: Whole, avtalte_t: Whole) -> Whole:
    """tapte / avtalte x 100 in tenths of a percent, rounded half-up, in exact integers."""
    return (2000 * tapte_t + avtalte_t) // (2 * avtalte_t)


def _new_person(rng: _Rng, unit: UnitSpec) -> _Person:
    share = 100 if rng.random() >= unit.part_time else rng.pick(PART_TIME)
    return _Person(share)


def _drift(rng: _Rng, unit: UnitSpec, roster: list[_Person]) -> None:
    """Hiring and leaving: the headcount moves a little around its typical value, in bounds."""
    lo, hi = unit.bounds
    n = len(roster)
    rate = 0.03 if unit.small else 0.015
    target = n + rng.poisson(n * rate) - rng.poisson(n * rate)
    if n != unit.persons and rng.random() < 0.15:  # vacancies get filled, surpluses shrink
        target += 1 if n < unit.persons else -1
    target = min(hi, max(lo, target))
    while len(roster) < target:
        roster.append(_new_person(rng, unit))
    while len(roster) > target:
        roster.pop(rng.between(0, len(roster) - 1))


def _simulate_month(rng: _Rng, unit: UnitSpec, roster: list[_Person], ordinal: int) -> MonthFigures:
    weekdays = weekdays_in_months(ordinal, ordinal)
    month = ordinal % 12
    lege_rate = unit.lege_at(ordinal) / 100 * LEGE_SEASON[month]
    egen_rate = unit.egen / 100 * EGEN_SEASON[month]
    # Chance that a person not already on sick leave starts a spell this month.
    p_start = lege_rate * MEAN_WEEKDAYS / MEAN_SPELL_LOAD / max(0.5, 1 - lege_rate)
    egen_spells = egen_rate * weekdays / (sum(EGEN_SPELL_DAYS) / 2)
    # Exact integers: avtalte and egenmeldt in 1/100 dagsverk (days x percent), legemeldt in
    # 1/10 000 dagsverk (days x percent x grade percent).
    avtalte = egen = lege = 0
    for person in roster:
        avtalte += weekdays * person.share
        available = weekdays
        if person.spell_left == 0 and rng.random() < p_start:
            _, lo, hi, grades = rng.pick([(s, s[0]) for s in LEGE_SPELLS])
            person.spell_left = rng.between(lo, hi)
            person.grade = rng.pick(grades)
            available = weekdays - rng.between(0, weekdays - 1)
        lege_days = min(person.spell_left, available)
        person.spell_left -= lege_days
        lege += lege_days * person.share * person.grade
        egen_days = sum(rng.between(*EGEN_SPELL_DAYS) for _ in range(rng.poisson(egen_spells)))
        egen += min(egen_days, weekdays - lege_days) * person.share
    figures = MonthFigures(
        ordinal,
        unit.sektor,
        unit.enhet,
        len(roster),
        _tenths(avtalte, 100),
        _tenths(egen, 100),
        _tenths(lege, 10_000),
    )
    assert 0 <= figures.tapte_t <= figures.avtalte_t, figures
    return figures


def simulate(seed: int = SEED) -> list[MonthFigures]:
    """Monthly figures per unit 2023-01..2025-12, sorted by month, sektor and enhet."""
    rng = _Rng(seed)
    rosters = {u.enhet: [_new_person(rng, u) for _ in range(u.persons)] for u in UNITS}
    rows = []
    for ordinal in range(FIRST_MONTH - BURN_IN_MONTHS, LAST_MONTH + 1):
        for unit in UNITS:
            roster = rosters[unit.enhet]
            if ordinal > FIRST_MONTH - BURN_IN_MONTHS:
                _drift(rng, unit, roster)
            figures = _simulate_month(rng, unit, roster, ordinal)
            if ordinal >= FIRST_MONTH:
                rows.append(figures)
    return sorted(rows, key=row_key)

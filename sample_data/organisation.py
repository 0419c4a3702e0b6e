"""The fixed description of the fictional Nordvik kommune: sectors, units, typical headcounts and
sick leave, the small units, the two trend units and the sick-leave targets.

The simulation in `simulate.py` turns this description into monthly figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.periods import month_ordinal

VIRKSOMHET = "Nordvik kommune"
FIRST_MONTH = month_ordinal(2023, 1)
LAST_MONTH = month_ordinal(2025, 12)


@dataclass(frozen=True)
class UnitSpec:
    """One enhet: its typical headcount and sick leave (percent of avtalte dagsverk)."""

    sektor: str
    enhet: str
    persons: int
    lege: float  # typical legemeldt percentage (at 2023-01 when lege_end is set)
    egen: float  # typical egenmeldt percentage
    lege_end: float | None = None  # legemeldt percentage at 2025-12: a steady trend
    part_time: float = 0.25  # share of positions below 100 %

    @property
    def small(self) -> bool:
        return self.persons < 5

    @property
    def bounds(self) -> tuple[int, int]:
        """Headcount range the unit drifts within: small units stay < 5, the others >= 6."""
        if self.small:
            return max(2, self.persons - 1), 4
        spread = max(1, round(self.persons * 0.08))
        return max(6, self.persons - spread), self.persons + spread

    def lege_at(self, ordinal: int) -> float:
        if self.lege_end is None:
            return self.lege
        share = min(1.0, max(0.0, (ordinal - FIRST_MONTH) / (LAST_MONTH - FIRST_MONTH)))
        return self.lege + (self.lege_end - self.lege) * share


def _u(sektor: str, rows: Sequence[tuple]) -> list[UnitSpec]:
    return [UnitSpec(sektor, *row) for row in rows]


OPPVEKST, HELSE, TEKNISK, KULTUR, ADMIN = (
    "Oppvekst",
    "Helse og omsorg",
    "Teknisk drift",
    "Kultur og fritid",
    "Administrasjon",
)
WORSENING_UNIT = "Solbakken sykehjem"  # legemeldt 6 % -> 12 % over 2023..2025
IMPROVING_UNIT = "Nordvik skole"  # legemeldt 8 % -> 3 % over 2023..2025
# Small units (< 5 persons). Kultur og fritid has two of them; Administrasjon has exactly one,
# Lærlingkontoret, so the secondary-suppression rule hides its next-smallest sibling,
# Servicetorget (6-8 persons, every other Administrasjon unit has 10 or more).
SMALL_UNITS = ("Nordvik kino", "Frivilligsentralen", "Lærlingkontoret")
SECONDARY_SUPPRESSION_SECTOR = ADMIN
SECONDARY_SUPPRESSION_SIBLING = "Servicetorget"

UNITS: tuple[UnitSpec, ...] = tuple(
    _u(
        OPPVEKST,
        [
            ("Nordvik skole", 52, 8.5, 1.3, 2.8),
            ("Strand skole", 34, 5.2, 1.3),
            ("Bjørkøy oppvekstsenter", 21, 5.8, 1.4),
            ("Nordvik ungdomsskole", 46, 4.9, 1.2),
            ("Haugen barnehage", 22, 7.2, 1.6, None, 0.35),
            ("Sjøgløtt barnehage", 17, 6.8, 1.5, None, 0.35),
            ("Åsen barnehage", 15, 7.5, 1.6, None, 0.35),
            ("Måkeskjær barnehage", 12, 6.4, 1.5, None, 0.35),
            ("Tussebo barnehage", 10, 6.9, 1.7, None, 0.35),
            ("PP-tjenesten", 8, 4.2, 1.0),
            ("Voksenopplæringen", 11, 4.6, 1.1),
        ],
    )
    + _u(
        HELSE,
        [
            ("Vågen sykehjem", 118, 9.0, 1.4, None, 0.6),
            ("Solbakken sykehjem", 46, 5.5, 1.3, 12.5, 0.6),
            ("Hjemmetjenesten sone nord", 64, 8.6, 1.4, None, 0.55),
            ("Hjemmetjenesten sone sør", 57, 8.2, 1.3, None, 0.55),
            ("Bofellesskapet Løvåsen", 29, 9.4, 1.5, None, 0.6),
            ("Bofellesskapet Fjæra", 24, 8.8, 1.4, None, 0.6),
            ("Psykisk helse og rus", 18, 7.4, 1.2, None, 0.3),
            ("Helsestasjonen", 13, 5.5, 1.1, None, 0.35),
            ("Legekontoret", 12, 5.1, 1.0, None, 0.3),
            ("Sentralkjøkkenet", 10, 7.8, 1.3, None, 0.4),
            ("Fysio- og ergoterapi", 9, 5.0, 1.0, None, 0.35),
        ],
    )
    + _u(
        TEKNISK,
        [
            ("Vei og park", 23, 5.4, 1.1, None, 0.1),
            ("Vann og avløp", 15, 4.6, 1.0, None, 0.1),
            ("Eiendom", 19, 5.0, 1.1, None, 0.15),
            ("Renhold", 31, 8.4, 1.5, None, 0.5),
            ("Brann og redning", 27, 4.2, 0.9, None, 0.4),
            ("Plan og byggesak", 9, 3.6, 0.9, None, 0.15),
        ],
    )
    + _u(
        KULTUR,
        [
            ("Biblioteket", 9, 4.4, 1.1, None, 0.4),
            ("Kulturskolen", 16, 3.8, 1.0, None, 0.6),
            ("Kulturhuset Bølgen", 7, 4.6, 1.2, None, 0.4),
            ("Nordvikhallen", 6, 5.2, 1.1, None, 0.3),
            ("Nordvik kino", 3, 4.0, 1.0, None, 0.6),
            ("Frivilligsentralen", 4, 4.5, 1.1, None, 0.4),
        ],
    )
    + _u(
        ADMIN,
        [
            ("Rådmannens stab", 11, 3.4, 0.9, None, 0.1),
            ("Økonomi", 14, 4.1, 1.0, None, 0.15),
            ("Personal og organisasjon", 12, 4.4, 1.1, None, 0.15),
            ("IKT", 10, 3.2, 0.9, None, 0.1),
            ("Servicetorget", 7, 5.6, 1.3, None, 0.3),
            ("Lærlingkontoret", 4, 3.5, 1.2, None, 0.25),
        ],
    )
)

# Sick-leave targets: (year, level, name, percent in tenths).
TARGETS = (
    (2023, "virksomhet", VIRKSOMHET, 65),
    (2024, "virksomhet", VIRKSOMHET, 65),
    (2025, "virksomhet", VIRKSOMHET, 65),
    (2023, "sektor", HELSE, 80),
    (2024, "sektor", HELSE, 80),
    (2025, "sektor", HELSE, 80),
    (2024, "enhet", WORSENING_UNIT, 90),
    (2025, "enhet", WORSENING_UNIT, 90),
    (2025, "enhet", IMPROVING_UNIT, 60),
)

_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def nb_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order (… x y z æ ø å)."""
    return text.lower().translate(_NB_ORDER)

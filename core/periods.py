"""Reporting periods (month, quarter, tertial, year) and the spellings HR systems use for them.

A period is stored and compared as a closed range of *month ordinals* (year * 12 + month - 1),
so a quarter is simply the range of its three months and aggregation over any window is a
range test. Canonical labels follow DOMAIN.md: `2025-03`, `2025-K1`, `2025-T1`, `2025`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH, QUARTER, TERTIAL, YEAR = "month", "quarter", "tertial", "year"
KINDS = (MONTH, QUARTER, TERTIAL, YEAR)
MONTHS_IN = {MONTH: 1, QUARTER: 3, TERTIAL: 4, YEAR: 12}

MONTH_NAMES_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
_MONTH_LOOKUP = {name: i + 1 for i, name in enumerate(MONTH_NAMES_NB)}
_MONTH_LOOKUP.update({name[:3]: i + 1 for i, name in enumerate(MONTH_NAMES_NB)})
_MONTH_LOOKUP.update({"okt": 10, "des": 12, "sept": 9, "mar": 3})

# Years a sick-leave export can plausibly hold; anything else is a typo, not a period.
MIN_YEAR, MAX_YEAR = 1990, 2100


def month_ordinal(year: int, month: int) -> int:
    return year * 12 + month - 1


def ordinal_to_year_month(ordinal: int) -> tuple[int, int]:
    return ordinal // 12, ordinal % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: kind plus year and the index within the year (1-based)."""

    kind: str
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"ukjent periodetype: {self.kind}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"år utenfor gyldig område: {self.year}")
        if not 1 <= self.index <= 12 // MONTHS_IN[self.kind]:
            raise ValueError(f"ugyldig {self.kind}-nummer: {self.index}")

    # -- months covered ------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        """Ordinal of the first month in the period."""
        return month_ordinal(self.year, (self.index - 1) * MONTHS_IN[self.kind] + 1)

    @property
    def last_month(self) -> int:
        return self.first_month + MONTHS_IN[self.kind] - 1

    @property
    def n_months(self) -> int:
        return MONTHS_IN[self.kind]

    def months(self) -> range:
        return range(self.first_month, self.last_month + 1)

    def contains(self, other: Period) -> bool:
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    # -- neighbours ----------------------------------------------------------------------
    def shift_years(self, years: int) -> Period:
        return Period(self.kind, self.year + years, self.index)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, 12 // MONTHS_IN[self.kind])

    def rolling_window(self) -> tuple[int, int]:
        """Month range of the rolling year ending with this period.

        A quarter gives the four quarters ending with it, a month the twelve months ending
        with it, a tertial the three tertials; a year is its own window.
        """
        return self.last_month - 11, self.last_month

    # -- labels --------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """Canonical machine label: 2025-03, 2025-K1, 2025-T1, 2025."""
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-K{self.index}"
        if self.kind == TERTIAL:
            return f"{self.year}-T{self.index}"
        return str(self.year)

    @property
    def display(self) -> str:
        """Norwegian label for people: mars 2025, 1. kvartal 2025, 1. tertial 2025, 2025."""
        if self.kind == MONTH:
            return f"{MONTH_NAMES_NB[self.index - 1]} {self.year}"
        if self.kind == QUARTER:
            return f"{self.index}. kvartal {self.year}"
        if self.kind == TERTIAL:
            return f"{self.index}. tertial {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def containing(cls, kind: str, ordinal: int) -> Period:
        """The period of `kind` that contains month `ordinal`."""
        year, month = ordinal_to_year_month(ordinal)
        return cls(kind, year, (month - 1) // MONTHS_IN[kind] + 1)


def month_range_label(first: int, last: int) -> str:
    """Canonical label of a month range when it is one whole period, else `2024-11..2025-02`."""
    for kind in KINDS:
        p = Period.containing(kind, first)
        if p.first_month == first and p.last_month == last:
            return p.label
    a, b = Period.containing(MONTH, first), Period.containing(MONTH, last)
    return f"{a.label}..{b.label}"


def weekdays_in_months(first: int, last: int) -> int:
    """Monday-to-Friday days in the month range, the basis of full-time equivalents (whole
    weeks, then the days left over; plain Python, so the csv fast path needs no numpy)."""
    y0, m0 = ordinal_to_year_month(first)
    y1, m1 = ordinal_to_year_month(last + 1)
    start = dt.date(y0, m0, 1)
    weeks, rest = divmod((dt.date(y1, m1, 1) - start).days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (start.weekday() + i) % 7 < 5)


# --------------------------------------------------------------------------------------------
# Parsing the spellings found in exports
# --------------------------------------------------------------------------------------------
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), MONTH),  # 2025-03
    (re.compile(r"^(?P<m>\d{1,2})[./-](?P<y>\d{4})$"), MONTH),  # 03.2025, 3/2025
    (re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$"), MONTH),  # 202503
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-01(?:[ t]00:00(?::00(?:\.0+)?)?)?$"), MONTH),
    # Any day of an Excel date cell read as text (2025-03-31 00:00:00): the month it falls in.
    (
        re.compile(
            r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?:0?[1-9]|[12]\d|3[01])[ t]\d{1,2}:\d{2}"
            r"(?::\d{2}(?:\.\d+)?)?$"
        ),
        MONTH,
    ),
    (re.compile(r"^01\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"), MONTH),  # 01.03.2025
    (re.compile(r"^(?P<y>\d{4})\s*-?\s*[kq](?P<i>[1-4])$"), QUARTER),  # 2025-K1, 2025K1
    (re.compile(r"^[kq](?P<i>[1-4])\s*[-/]?\s*(?P<y>\d{4})$"), QUARTER),  # K1 2025
    (re.compile(r"^(?P<i>[1-4])\.?\s*(?:kvartal|kv\.?)\s*(?P<y>\d{4})$"), QUARTER),
    (re.compile(r"^(?P<y>\d{4})\s*-?\s*t(?P<i>[1-3])$"), TERTIAL),  # 2025-T1
    (re.compile(r"^t(?P<i>[1-3])\s*[-/]?\s*(?P<y>\d{4})$"), TERTIAL),  # T1 2025
    (re.compile(r"^(?P<i>[1-3])\.?\s*tertial\s*(?P<y>\d{4})$"), TERTIAL),
    (re.compile(r"^(?P<y>\d{4})(?:\.0+)?$"), YEAR),  # 2025 (also a float cell 2025.0)
]
_NAMED_MONTH = re.compile(r"^(?P<name>[a-zæøå]+)\.?\s*(?P<y>\d{4})$")  # mars 2025, mar. 2025


def parse_period(value: object) -> Period | None:
    """Parse one cell into a Period, or None when it is not a period we recognise.

    Accepts dates and datetimes (an Excel date cell means the month it falls in, as HR exports
    write the first of the month).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _safe(MONTH, value.year, value.month)
    text = str(value).strip().lower().replace("\u00a0", " ")
    if not text or text == "nan":
        return None
    text = re.sub(r"\s+", " ", text)
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if m:
            g = m.groupdict()
            index = int(g.get("m") or g.get("i") or 1)
            return _safe(kind, int(g["y"]), index)
    m = _NAMED_MONTH.match(text)
    if m and m["name"] in _MONTH_LOOKUP:
        return _safe(MONTH, int(m["y"]), _MONTH_LOOKUP[m["name"]])
    return None


def parse_query_period(text: str) -> Period:
    """Parse a period given on the command line or in a URL; raises ValueError with Norwegian text."""
    p = parse_period(text)
    if p is None:
        raise ValueError(
            f"ukjent periode «{text}»: bruk for eksempel 2025, 2025-K1, 2025-T1 eller 2025-03"
        )
    return p


def _safe(kind: str, year: int, index: int) -> Period | None:
    try:
        return Period(kind, year, index)
    except ValueError:
        return None

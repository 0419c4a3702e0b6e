"""Display formatting in Norwegian bokmål: half-up to one decimal, decimal comma.

Computations keep full precision; only these functions round (DOMAIN.md: NAV rounds HALF_UP
to one decimal for display). Grouping and the decimal comma come from Babel's `nb_NO` data.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "nb_NO"
HIDDEN_PRIMARY = "skjult (færre enn {threshold})"
HIDDEN_SECONDARY = "skjult (for å beskytte en annen celle)"
MISSING = "–"


def round_half_up(value: float, decimals: int = 1) -> Decimal:
    """Round like NAV: half away from zero on the shortest decimal form of the float.

    `Decimal(repr(x))` uses the digits a person sees (0.05, not 0.05000000000000000277), so
    6.85 rounds to 6.9 as on paper.
    """
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, decimals: int = 1) -> str:
    """1 234,5 (grouped with a no-break space, decimal comma)."""
    if _is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round_half_up(value, decimals), format=pattern, locale=LOCALE)


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    """6,8 % (a percentage already multiplied by 100)."""
    if _is_missing(value):
        return MISSING
    return f"{fmt_number(value, decimals)}\u00a0%"


def fmt_pp(value: float | None, decimals: int = 1) -> str:
    """Signed change in percentage points: +0,4 pp / −1,2 pp / 0,0 pp."""
    if _is_missing(value):
        return MISSING
    rounded = round_half_up(value, decimals)
    sign = "+" if rounded > 0 else ("\u2212" if rounded < 0 else "")
    return f"{sign}{fmt_number(abs(float(rounded)), decimals)}\u00a0pp"


def hidden_text(reason: str | None, threshold: int) -> str:
    """The words a hidden cell shows, in pages and exports alike."""
    if reason == "secondary":
        return HIDDEN_SECONDARY
    return HIDDEN_PRIMARY.format(threshold=threshold)

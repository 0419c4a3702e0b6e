"""How loader messages write amounts, counts and lists of rows, in Norwegian.

Amounts keep up to two decimals and drop trailing zeros (12,5 / 1 234 / 0,25), grouped with
no-break spaces: a message quotes a figure close to how the file shows it, where
core.formatting rounds figures for display.
"""

from __future__ import annotations

import numpy as np


def fmt_amount(x: float) -> str:
    """1 234,5 with up to two decimals."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


def count(n: int, one: str, many: str) -> str:
    """'1 rad' / '3 rader'."""
    return f"1 {one}" if n == 1 else f"{n} {many}"


def rows_list(rows: np.ndarray, limit: int = 20) -> str:
    """'rad 4, 7, 9' with at most `limit` row numbers, then 'og N til'."""
    shown = ", ".join(str(int(r)) for r in rows[:limit])
    more = f" og {len(rows) - limit} til" if len(rows) > limit else ""
    return f"rad {shown}{more}"

"""Row-level rules: each finds its rows column-wise, then reports them.

Shared by every kind of file: a field wider than the csv header, and number cells that are
not a number, negative, or empty when required. Sick leave only: more tapte than avtalte
dagsverk, tapte not the sum of egenmeldte and legemeldte, the same unit twice in a period or
in overlapping periods (errors), and a given percentage that does not fit the dagsverk
(warning; the row is kept). Masks and values are whole columns; only the rows that break a
rule are visited one by one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.formatting import fmt_percent
from data_loaders.body import Body
from data_loaders.issues import (
    DUPLICATE_ROW,
    MISSING_VALUE,
    NEGATIVE,
    NOT_A_NUMBER,
    OVERLAPPING_PERIODS,
    PARTS_DISAGREE,
    PERCENT_MISMATCH,
    TAPTE_GT_AVTALTE,
    TOO_MANY_FIELDS,
)
from data_loaders.numbers import Numbers, as_text
from data_loaders.wording import fmt_amount

PARTS_TOLERANCE = 0.05  # dagsverk: tapte vs egenmeldt + legemeldt
PERCENT_TOLERANCE = 0.05  # percentage points: given percentage vs tapte / avtalte
MAX_ROW_WARNINGS = 20  # row-level warnings of one kind listed one by one, the rest counted


def check_width(body: Body, width: int | None, rows: np.ndarray) -> np.ndarray:
    """csv: among `rows`, those with filled fields beyond the header's last field (errors)."""
    extra = np.zeros(len(body.cells), dtype=bool)
    if width is None:
        return extra
    for c in body.cells.columns[width:]:
        extra |= ~as_text(body.cells[c]).isna().to_numpy()
    extra &= rows
    for i in np.flatnonzero(extra):
        body.error(
            TOO_MANY_FIELDS,
            f"Raden har flere felt enn overskriftsraden ({width}). Står det et tall med "
            "desimalkomma i en kommaseparert fil uten anførselstegn, eller et skilletegn "
            "i et navn?",
            int(body.rows[i]),
        )
    return extra


def checked_numbers(
    body: Body, f: str, nums: dict[str, Numbers], data: np.ndarray, required: bool
) -> np.ndarray:
    """Values of a number column, with not_a_number / negative / missing_value recorded."""
    if f not in nums:
        return np.full(len(data), np.nan)
    num, col = nums[f], body.cols[f]
    label = body.label(f)
    body.error_cells(NOT_A_NUMBER, data & num.bad, col, lambda raw: f"«{raw}» er ikke et tall.")
    body.error_cells(
        NEGATIVE, data & (num.values < 0), col,
        lambda raw: f"«{raw}» er negativt; {label} kan ikke være under null.",
    )  # fmt: skip
    if required:
        text = f"Cellen er tom, men {label} må fylles ut."
        for i in np.flatnonzero(data & num.blank):
            body.error(MISSING_VALUE, text, int(body.rows[i]), col)
    return num.values


def check_tapte(
    body: Body, ok: np.ndarray, avtalte: np.ndarray, tapte: np.ndarray, tapte_cols: list[int]
) -> None:
    """Tapte dagsverk above avtalte; `tapte_cols` are the columns tapte comes from."""
    over = ok & ((tapte > avtalte + 1e-9) | ((avtalte == 0) & (tapte > 0)))
    what = "Tapte dagsverk" if len(tapte_cols) == 1 else "Egen- og legemeldte dagsverk"
    for i in np.flatnonzero(over):
        if avtalte[i] == 0:
            text = (
                f"Avtalte dagsverk er 0, men {what.lower()} er {fmt_amount(tapte[i])}. "
                "Det kan ikke tapes dagsverk som ikke er avtalt."
            )
        else:
            text = (
                f"{what} ({fmt_amount(tapte[i])}) er flere enn avtalte dagsverk "
                f"({fmt_amount(avtalte[i])}). Sjekk om kolonnene er byttet om."
            )
        body.error(TAPTE_GT_AVTALTE, text, int(body.rows[i]), tapte_cols[0])


def check_parts(
    body: Body, ok: np.ndarray, tapte: np.ndarray, egen: np.ndarray, lege: np.ndarray
) -> None:
    """Tapte dagsverk that are not egenmeldte + legemeldte (within PARTS_TOLERANCE)."""
    off = ok & (np.abs(tapte - (egen + lege)) > PARTS_TOLERANCE + 1e-9)
    for i in np.flatnonzero(off):
        body.error(
            PARTS_DISAGREE,
            f"Tapte dagsverk ({fmt_amount(tapte[i])}) er ikke summen av egenmeldte "
            f"({fmt_amount(egen[i])}) og legemeldte ({fmt_amount(lege[i])}) dagsverk, som er "
            f"{fmt_amount(egen[i] + lege[i])}.",
            int(body.rows[i]),
            body.cols["tapte_dagsverk"],
        )


def check_duplicates(
    body: Body,
    rows: np.ndarray,
    units: list[pd.Series],
    month_from: np.ndarray,
    month_to: np.ndarray,
    periode: pd.Series,
) -> None:
    """The same unit twice in a period, or in overlapping periods (2025-01 and 2025-K1).

    Vectorised: sort by (unit, first month, last month); a row equal to the one before
    is a duplicate, a row starting before the unit's months so far end is an overlap.
    """
    idx = np.flatnonzero(rows)
    if len(idx) < 2:
        return
    unit = np.zeros(len(idx), dtype=np.int64)
    for series in units:  # combine the three names into one integer code
        codes, uniques = pd.factorize(series.iloc[idx], use_na_sentinel=True)
        unit = unit * (len(uniques) + 1) + codes + 1
    unit = pd.factorize(unit)[0].astype(np.int64)
    a, b = month_from[idx], month_to[idx]
    order = np.lexsort((b, a, unit))  # stable: file order within equal keys
    u, a, b, idx = unit[order], a[order], b[order], idx[order]
    same_unit = np.r_[False, u[1:] == u[:-1]]
    dup = same_unit & np.r_[False, (a[1:] == a[:-1]) & (b[1:] == b[:-1])]
    run_start = np.maximum.accumulate(np.where(dup, 0, np.arange(len(u))))
    col = body.cols["periode"]
    for k in np.flatnonzero(dup):
        first = idx[run_start[k]]
        body.error(
            DUPLICATE_ROW,
            f"{unit_name(units, idx[k])} har allerede en rad for "
            f"{periode.iloc[first]} (rad {body.rows[first]}). "
            "Hver enhet kan bare ha én rad per periode.",
            int(body.rows[idx[k]]),
            col,
        )
    # Overlaps among the distinct rows: running maximum of month_to within each unit.
    keep = ~dup
    u, a, b, idx = u[keep], a[keep], b[keep], idx[keep]
    span = int(b.max()) + 1 if len(b) else 1
    reach = np.maximum.accumulate(b + u * span) - u * span
    holder = np.maximum.accumulate(np.where(b == reach, np.arange(len(b)), 0))
    same_unit = np.r_[False, u[1:] == u[:-1]]
    overlap = same_unit & (a <= np.r_[-1, reach[:-1]])
    for k in np.flatnonzero(overlap):
        other = idx[holder[k - 1]]
        body.error(
            OVERLAPPING_PERIODS,
            f"{unit_name(units, idx[k])}: perioden {periode.iloc[idx[k]]} overlapper "
            f"med {periode.iloc[other]} på rad {body.rows[other]}, så de samme månedene "
            "ville blitt telt to ganger.",
            int(body.rows[idx[k]]),
            col,
        )


def unit_name(units: list[pd.Series], i: int) -> str:
    """«Virksomhet / Sektor / Enhet» of body row i, blank names left out."""
    names = [s.iloc[i] for s in units]
    return "«" + " / ".join(str(x) for x in names if isinstance(x, str)) + "»"


def warn_percent(
    body: Body, rows: np.ndarray, avtalte: np.ndarray, tapte: np.ndarray, pct: Numbers | None
) -> None:
    """A given sick-leave percentage that is not tapte / avtalte (as percent or fraction).

    The first MAX_ROW_WARNINGS rows are listed, the rest counted in one more warning.
    """
    if pct is None:
        return
    col = body.cols["sykefravaer_prosent"]
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = tapte / avtalte * 100
    given = pct.values
    fits = (np.abs(given - computed) <= PERCENT_TOLERANCE + 1e-9) | (
        np.abs(given * 100 - computed) <= PERCENT_TOLERANCE + 1e-9
    )
    check = rows & (avtalte > 0) & ~pct.blank
    bad_text = check & pct.bad
    off = check & ~pct.bad & ~fits
    idx = np.flatnonzero(bad_text | off)
    n_off = len(idx)
    idx = idx[:MAX_ROW_WARNINGS]
    for i, raw in zip(idx, body.raw(col, idx), strict=True):
        if bad_text[i]:
            text = f"«{raw}» er ikke et tall, så prosenten kunne ikke kontrolleres."
        else:
            shown = given[i] * 100 if abs(given[i]) <= 1 and computed[i] > 1 else given[i]
            text = (
                f"Filen oppgir {fmt_percent(shown, 2)}, men tapte / avtalte dagsverk gir "
                f"{fmt_percent(computed[i], 2)}. Prosenten i filen brukes ikke; den regnes "
                "ut fra dagsverkene."
            )
        body.warn(PERCENT_MISMATCH, text, int(body.rows[i]), col)
    if n_off > MAX_ROW_WARNINGS:
        body.warn(
            PERCENT_MISMATCH,
            f"… og {n_off - MAX_ROW_WARNINGS} rader til der prosenten i filen "
            "ikke stemmer med dagsverkene.",
            None,
            col,
        )

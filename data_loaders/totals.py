"""Totals and subtotals: recognising them, and checking them against the rows that are kept.

A total is a row whose periode, sektor, enhet or virksomhet cell starts with Sum, Totalt,
Total, Samlet or I alt (or ends with totalt, samlet or i alt: "Oppvekst totalt"), or a row
with figures but no unit at all. Totals are never imported: summing them with their rows
would count everything twice. Each total is compared with the sum of the rows it covers,
worked out from its own cells: "Sum Oppvekst" covers sector Oppvekst, a filled period cell
limits it to that period, and a bare "Totalt" covers the whole file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from core.periods import parse_period
from data_loaders.numbers import per_value, to_arrow, to_mask
from data_loaders.wording import fmt_amount

TOLERANCE = 0.5  # dagsverk; exports round each row, so sums drift a little

_WORDS = r"sum|totalt?|samlet|i alt"
# RE2 (run by pyarrow, case-insensitive): the word first, or last after a space.
MARKER_PATTERN = rf"^(?:{_WORDS})(?:$|[^a-zæøå0-9])|[ \t](?:totalt|samlet|i alt) ?:?$"
_PREFIX = re.compile(rf"^(?:{_WORDS})(?=$|[^a-zæøå0-9])[\s:.\-–]*", re.IGNORECASE)
_SUFFIX = re.compile(r"[\s:\-–]*\b(?:totalt|samlet|i alt)\s*:?$", re.IGNORECASE)


def marker_mask(text: pd.Series) -> np.ndarray:
    """True where a (stripped, NA-for-blank) text cell marks a total."""
    marks = per_value(
        to_arrow(text), lambda v: pc.match_substring_regex(v, MARKER_PATTERN, ignore_case=True)
    )
    return to_mask(marks)


def is_marker(text: str | None) -> bool:
    return bool(text) and bool(marker_mask(pd.Series([text], dtype="str"))[0])


def strip_marker(text: str) -> str:
    """What a total names: "Sum Oppvekst" -> "Oppvekst", "Totalt" -> ""."""
    rest = _PREFIX.sub("", text.strip(), count=1)
    return _SUFFIX.sub("", rest, count=1).strip()


@dataclass(frozen=True)
class TotalRow:
    row: int  # Excel row
    virksomhet: str | None
    sektor: str | None
    enhet: str | None
    periode: str | None
    avtalte: float  # NaN when blank or not a number
    tapte: float


@dataclass(frozen=True)
class Mismatch:
    row: int
    field: str  # 'avtalte' or 'tapte' (the first that differs)
    text: str


def _scope(t: TotalRow, known: dict[str, set[str]]) -> tuple[dict[str, str], object] | None:
    """(unit constraints, period or None) the total covers; None when it cannot be told."""
    scope: dict[str, str] = {}
    for fld in ("virksomhet", "sektor", "enhet"):
        cell = getattr(t, fld)
        if cell is None:
            continue
        if is_marker(cell):
            name = strip_marker(cell)
            if not name:
                continue
            if fld == "enhet":  # "Sum Oppvekst" in the enhet column names a sector
                target = next(
                    (g for g in ("sektor", "virksomhet", "enhet") if name in known[g]), None
                )
            else:
                target = fld if name in known[fld] else None
            if target is None:
                return None
        else:
            target, name = fld, cell
        if scope.setdefault(target, name) != name:
            return None
    period = None
    if t.periode is not None:
        text = strip_marker(t.periode) if is_marker(t.periode) else t.periode
        if text:
            period = parse_period(text)
            if period is None:
                return None
    return scope, period


def check_totals(totals: list[TotalRow], kept: pd.DataFrame) -> list[Mismatch]:
    """Compare each total with the kept rows it covers.

    `kept` has columns virksomhet, sektor, enhet (text or NA), month_from, month_to, avtalte,
    tapte. A total without a period is checked against all periods only when it is the only
    total of its kind or the file holds one period; otherwise it is a per-period total whose
    period we cannot tell, and is left alone.
    """
    if not totals or kept.empty:
        return []
    known = {f: set(kept[f].dropna().unique()) for f in ("virksomhet", "sektor", "enhet")}
    scopes = [(t, _scope(t, known)) for t in totals]
    kinds = Counter(tuple(sorted(s[0].items())) for _, s in scopes if s and s[1] is None)
    n_periods = len(kept[["month_from", "month_to"]].drop_duplicates())
    out: list[Mismatch] = []
    for t, s in scopes:
        if s is None:
            continue
        scope, period = s
        if period is None and n_periods > 1 and kinds[tuple(sorted(scope.items()))] > 1:
            continue
        mask = np.ones(len(kept), dtype=bool)
        for fld, name in scope.items():
            mask &= (kept[fld] == name).fillna(False).to_numpy(dtype=bool)
        if period is not None:
            mask &= (kept["month_from"].to_numpy() >= period.first_month) & (
                kept["month_to"].to_numpy() <= period.last_month
            )
        n = int(mask.sum())
        if not n:
            continue
        sums = {f: float(kept[f].to_numpy()[mask].sum()) for f in ("avtalte", "tapte")}
        given = {"avtalte": t.avtalte, "tapte": t.tapte}
        off = [
            f
            for f in ("avtalte", "tapte")
            if np.isfinite(given[f]) and abs(given[f] - sums[f]) > TOLERANCE
        ]
        if not off:
            continue
        what = " og ".join(f"{fmt_amount(given[f])} {f} dagsverk" for f in off)
        calc = " og ".join(f"{fmt_amount(sums[f])}" for f in off)
        covers = ", ".join(scope.values()) or "hele filen"
        if period is not None:
            covers += f", {period.display}"
        rows = "raden" if n == 1 else f"de {n} radene"
        out.append(
            Mismatch(
                t.row,
                off[0],
                f"Summeraden viser {what}, men {rows} den summerer ({covers}) gir {calc}. "
                "Summeraden importeres ikke; sjekk at ingen rader mangler eller står to ganger.",
            )
        )
    return out

"""The safety-round (vernerunde) loader: one list of rounds and findings to one validated Batch,
or a LoadError with every problem found.

One row is one finding; a round without findings is a row with an empty funn (and no
sannsynlighet, konsekvens or risiko). The same path as the other loaders (tables, records),
then the risk rules: sannsynlighet and konsekvens are whole numbers 1–5, risiko is their
product and is recomputed; a risiko in the file must agree. See SAFETY_ROUND_COLUMNS in
batch.py for the result.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from data_loaders.batch import SAFETY_ROUND_COLUMNS, Batch, SourceFile
from data_loaders.body import Body
from data_loaders.dates import checked_dates
from data_loaders.issues import (
    MISSING_VALUE,
    NOT_A_NUMBER,
    OUT_OF_RANGE,
    RISK_MISMATCH,
    STATUS_ASSUMED,
)
from data_loaders.numbers import Numbers, parse_numbers
from data_loaders.records import (
    check_closed,
    check_unit,
    sort_rows,
    statuses,
    texts,
    warn_skipped,
)
from data_loaders.specs import SAFETY_ROUNDS
from data_loaders.tables import load_body, make_batch, warn_rows
from data_loaders.validation import check_width
from data_loaders.wording import fmt_amount

__all__ = ["KIND", "load_safety_rounds"]

KIND = SAFETY_ROUNDS.kind
SCALE = (1, 5)  # sannsynlighet and konsekvens
NUMBERS = SAFETY_ROUNDS.number_fields


def load_safety_rounds(source: SourceFile, mapping: Mapping[str, str] | None = None) -> Batch:
    """Read, check and convert one safety-round export (xlsx or csv).

    `mapping` (canonical field -> header as written in the file) overrides the synonym table
    for this file. Raises LoadError carrying every problem found; nothing is half-loaded.
    """
    table, body, _ = load_body(source, mapping, KIND)

    text = texts(body, free_text=("funn", "tiltak", "deltakere"))
    rows = sort_rows(body, text, "runde_dato")
    warn_skipped(body, rows)
    data = rows.data & ~check_width(body, table.fixed_width, rows.data)
    nums = {f: parse_numbers(body.cells[c]) for f, c in body.cols.items() if f in NUMBERS}
    scored = np.zeros(len(data), dtype=bool)
    for num in nums.values():
        scored |= ~num.blank
    finding = data & (text["funn"].notna().to_numpy() | scored)

    day = checked_dates(body, "runde_dato", data, required=True)
    check_unit(body, text, data)
    _require_funn(body, text["funn"], finding)
    s = _score(body, "sannsynlighet", nums, finding)
    k = _score(body, "konsekvens", nums, finding)
    risk = s * k  # NaN unless both are good
    _check_risk(body, nums.get("risiko"), s, k, finding)
    deadline = checked_dates(body, "frist", data, required=False)
    closed = checked_dates(body, "lukket_dato", data, required=False)
    status = statuses(body, text, data)
    assumed = finding & pd.isna(status)
    status[assumed] = np.where(np.isnat(closed[assumed]), "åpen", "lukket")
    status[data & ~finding] = None
    check_closed(
        body,
        data,
        day,
        closed,
        status,
        "datoen for vernerunden",
        warn_undated="lukket_dato" in body.cols,
    )
    body.raise_errors()

    warn_rows(
        body,
        assumed,
        STATUS_ASSUMED,
        "med funn har fått status åpen (lukket der lukket dato er fylt ut), fordi "
        "status ikke er fylt ut",
    )

    def column(f: str) -> pd.Series:
        if f not in text:
            return pd.Series([None] * int(data.sum()), dtype="str")
        return text[f][data].reset_index(drop=True)

    def whole(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
        return pd.array(np.where(np.isfinite(values), values, np.nan)[data], dtype="Int64")

    frame = pd.DataFrame(
        {
            "runde_dato": day[data],
            "virksomhet": column("virksomhet"),
            "sektor": column("sektor"),
            "enhet": column("enhet"),
            "deltakere": column("deltakere"),
            "funn": column("funn"),
            "sannsynlighet": whole(s),
            "konsekvens": whole(k),
            "risiko": whole(risk),
            "tiltak": column("tiltak"),
            "ansvarlig": column("ansvarlig"),
            "frist": deadline[data],
            "status": pd.Series(status[data], dtype="str"),
            "status_kilde": column("status"),
            "lukket_dato": closed[data],
            "source_row": body.rows[data],
        }
    )
    return make_batch(
        KIND, source, table, body, frame.loc[:, list(SAFETY_ROUND_COLUMNS)], rows.empty, rows.total
    )


def _require_funn(body: Body, funn: pd.Series, finding: np.ndarray) -> None:
    """A row with sannsynlighet, konsekvens or risiko must say what was found."""
    col = body.cols["funn"]
    for i in np.flatnonzero(finding & funn.isna().to_numpy()):
        body.error(
            MISSING_VALUE,
            "Cellen er tom, men raden har risikotall; beskriv funnet. "
            "En vernerunde uten funn skal ikke ha sannsynlighet, konsekvens eller risiko.",
            int(body.rows[i]),
            col,
        )


def _score(body: Body, f: str, nums: dict[str, Numbers], finding: np.ndarray) -> np.ndarray:
    """Sannsynlighet or konsekvens of each finding: a whole number 1–5, NaN where bad."""
    num, col = nums[f], body.cols[f]
    label = body.label(f)
    values = num.values.copy()
    outside = ~num.blank & ~num.bad & ((values != np.round(values)) | (values < SCALE[0]))
    outside |= values > SCALE[1]
    for i in np.flatnonzero(finding & num.blank):
        body.error(
            MISSING_VALUE,
            f"Cellen er tom, men hvert funn må ha {label} (1–5).",
            int(body.rows[i]),
            col,
        )
    body.error_cells(NOT_A_NUMBER, finding & num.bad, col, lambda raw: f"«{raw}» er ikke et tall.")
    body.error_cells(
        OUT_OF_RANGE, finding & outside, col,
        lambda raw: f"«{raw}» er utenfor skalaen; {label} må være et helt tall fra 1 til 5.",
    )  # fmt: skip
    values[outside] = np.nan
    return values


def _check_risk(
    body: Body, given: Numbers | None, s: np.ndarray, k: np.ndarray, finding: np.ndarray
) -> None:
    """A risiko in the file must be sannsynlighet × konsekvens (checked where both are good)."""
    if given is None:
        return
    col = body.cols["risiko"]
    body.error_cells(
        NOT_A_NUMBER, finding & given.bad, col, lambda raw: f"«{raw}» er ikke et tall."
    )
    risk = s * k
    off = finding & ~given.blank & ~given.bad & np.isfinite(risk)
    off &= np.abs(given.values - risk) > 1e-9
    for i in np.flatnonzero(off):
        body.error(
            RISK_MISMATCH,
            f"Risiko {fmt_amount(given.values[i])} stemmer ikke med sannsynlighet × konsekvens "
            f"= {int(s[i])} × {int(k[i])} = {int(risk[i])}. Rett risikoen, sannsynligheten "
            "eller konsekvensen i filen.",
            int(body.rows[i]),
            col,
        )

"""What a loader hands to the database layer: validated canonical rows plus where they came from.

A batch is the complete, checked content of one file; the store writes it in one transaction
or not at all. Nothing in a batch has touched the database yet, so the Import page can show it
as a preview before the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from data_loaders.issues import Issue

# Canonical columns of a sick-leave batch frame, in order.
SICK_LEAVE_COLUMNS = (
    "virksomhet",  # str or <NA> (the store then uses the organisation's single virksomhet)
    "sektor",  # str or <NA>
    "enhet",  # str or <NA> (a file at sector level has no enhet)
    "period_kind",  # 'month' | 'quarter' | 'tertial' | 'year'
    "month_from",  # int: month ordinal year*12+month-1 (core.periods)
    "month_to",  # int, inclusive
    "persons",  # float headcount, NaN when the export has none
    "avtalte",  # float avtalte (mulige) dagsverk, > 0
    "tapte",  # float tapte dagsverk, 0 <= tapte <= avtalte
    "egenmeldt",  # float or NaN
    "legemeldt",  # float or NaN
    "source_row",  # int: the row number as Excel shows it
)


# The date that places a case or a round in time, per kind without a period column.
DATE_COLUMN = {"avvik": "registrert_dato", "vernerunde": "runde_dato"}


@dataclass(frozen=True)
class SourceFile:
    """The bytes of one upload and its identity."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Batch:
    """The validated content of one file, ready to be written."""

    kind: str  # 'sykefravaer' (later: 'avvik', 'vernerunde', 'vedtak')
    file_name: str
    sha256: str
    sheet: str | None  # xlsx sheet name; None for csv
    dialect: str  # human description: "xlsx", "csv (;, Windows-1252)", "csv (;, UTF-8 med BOM)"
    header_row: int  # Excel row number of the header
    rows_read: int  # data rows found below the header (totals rows included)
    frame: pd.DataFrame  # canonical columns, see SICK_LEAVE_COLUMNS
    column_map: dict[str, str]  # canonical field -> header as written in the file
    dropped_rows: tuple[int, ...] = ()  # Excel rows recognised as totals/subtotals and dropped
    warnings: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def periods(self) -> list[str]:
        """Periods covered: canonical labels for sick leave, months with cases or rounds otherwise."""
        import pandas as pd

        from core.periods import month_range_label

        if "month_from" in self.frame:
            pairs = (
                self.frame[["month_from", "month_to"]].drop_duplicates().sort_values("month_from")
            )
            return [month_range_label(int(a), int(b)) for a, b in pairs.itertuples(index=False)]
        dates = pd.to_datetime(self.frame[DATE_COLUMN[self.kind]]).dropna()
        return sorted({f"{d:%Y-%m}" for d in dates})


# Canonical columns of a deviation (avvik) batch frame: one row per case (issue 4).
DEVIATION_COLUMNS = (
    "saksnummer",  # str, the case id as written; unique within one file
    "registrert_dato",  # datetime64 (a date; time of day dropped)
    "virksomhet",  # str or <NA>
    "sektor",  # str or <NA>
    "enhet",  # str or <NA> (enhet or sektor must be given)
    "kategori",  # str: the source system's category exactly as written ("" when blank)
    "alvorlighetsgrad",  # Int64 1–5 on one scale (lav→1, middels→3, høy→5), <NA> when not given
    "alvorlighet_kilde",  # str or <NA>: the severity as written in the file
    "status",  # 'åpen' | 'under behandling' | 'lukket'
    "status_kilde",  # str: the status as written
    "frist",  # datetime64 or NaT
    "lukket_dato",  # datetime64 or NaT
    "skadetype",  # str or <NA>: injury type as written
    "skadeklasse",  # 'fravær' | 'medisinsk behandling' | 'førstehjelp' | <NA> (no injury)
    "fravaersdager",  # float days lost, NaN when not given
    "beskrivelse",  # str or <NA>: free text, may hold names and health details (advisor only)
    "source_row",  # int: row number as Excel shows it
)

# Canonical columns of a safety-round (vernerunde) batch frame: one row per finding; a round
# without findings is one row with an empty finding (issue 4).
SAFETY_ROUND_COLUMNS = (
    "runde_dato",  # datetime64: the day of the round
    "virksomhet",  # str or <NA>
    "sektor",  # str or <NA>
    "enhet",  # str or <NA> (enhet or sektor must be given)
    "deltakere",  # str or <NA>
    "funn",  # str or <NA> (<NA>: the round found nothing)
    "sannsynlighet",  # Int64 1–5, <NA> only when funn is <NA>
    "konsekvens",  # Int64 1–5, <NA> only when funn is <NA>
    "risiko",  # Int64 = sannsynlighet × konsekvens (recomputed; a given one must agree)
    "tiltak",  # str or <NA>
    "ansvarlig",  # str or <NA>
    "frist",  # datetime64 or NaT
    "status",  # 'åpen' | 'under behandling' | 'lukket' | <NA> (no finding)
    "status_kilde",  # str or <NA>
    "lukket_dato",  # datetime64 or NaT
    "source_row",  # int
)

# Canonical columns of a decision-log (vedtak) batch frame: one row per AMU decision.
DECISION_COLUMNS = (
    "utvalg",  # str or <NA>: the committee as written (the store then uses its own choice)
    "motedato",  # datetime64: the day of the meeting that made the decision
    "saksnr",  # str or <NA>: the case number as written ("PS 12/25", "AMU-sak 7/11")
    "sak",  # str or <NA>: the case title
    "vedtak",  # str: the decision text
    "ansvarlig",  # str or <NA>
    "frist",  # datetime64 or NaT
    "status",  # 'åpen' | 'pågår' | 'utført' | 'lukket' | 'avvist'
    "status_kilde",  # str: the status as written
    "lukket_dato",  # datetime64 or NaT (only lukket or avvist decisions have one)
    "kommentar",  # str or <NA>
    "source_row",  # int: row number as Excel shows it
)
DATE_COLUMN["vedtak"] = "motedato"

"""Problems found in an uploaded file, reported all at once in Norwegian.

Every problem names the file, the sheet (xlsx), the row as Excel numbers it and the column
header as the user sees it, plus a reason code that tests and scripts can rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Reason codes (stable: tests, the CLI and the Import page rely on them).
NOT_SPREADSHEET = "not_spreadsheet"
ENCRYPTED = "encrypted"
CORRUPT = "corrupt"
EMPTY_FILE = "empty_file"
NO_DATA_ROWS = "no_data_rows"  # headers, but no row below them with anything to import
NO_HEADER = "no_header"
MISSING_COLUMN = "missing_column"
AMBIGUOUS_COLUMN = "ambiguous_column"
NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
MISSING_VALUE = "missing_value"
UNKNOWN_PERIOD = "unknown_period"
TAPTE_GT_AVTALTE = "tapte_gt_avtalte"
PARTS_DISAGREE = "parts_disagree"  # tapte != egenmeldt + legemeldt
DUPLICATE_ROW = "duplicate_row"
# Added with the sick-leave loader:
TOO_MANY_FIELDS = "too_many_fields"  # a csv line has more fields than its header line
OVERLAPPING_PERIODS = "overlapping_periods"  # one unit has e.g. 2025-01 and 2025-K1 in one file
# Added with the deviation (avvik) and safety-round (vernerunde) loaders:
UNKNOWN_DATE = "unknown_date"
UNKNOWN_STATUS = "unknown_status"
UNKNOWN_SEVERITY = "unknown_severity"  # alvorlighetsgrad not 1–5 nor lav / middels / høy
UNKNOWN_INJURY_TYPE = "unknown_injury_type"  # skadetype we cannot class (fravær, behandling, …)
CLOSED_BEFORE_REGISTERED = "closed_before_registered"  # lukket dato before the start date
DUPLICATE_CASE = "duplicate_case"  # the same saksnummer twice in one file
OUT_OF_RANGE = "out_of_range"  # sannsynlighet or konsekvens not a whole number 1–5
RISK_MISMATCH = "risk_mismatch"  # a given risiko that is not sannsynlighet × konsekvens
UNKNOWN_KIND = "unknown_kind"  # headers fit none of sykefravær, avvik, vernerunder
# Added with the decision-log (vedtak) import:
CLOSED_DATE_NOT_CLOSED = "closed_date_not_closed"  # a lukket dato on a decision not closed
UNKNOWN_COMMITTEE = "unknown_committee"  # an utvalg not in the register, or none to choose
# Added with the hostile-file guards (data_loaders/guards.py):
TOO_LARGE = "too_large"  # the upload is over MAX_FILE_BYTES
UNSAFE_XML = "unsafe_xml"  # a DTD / entity declaration (or UTF-16 XML) inside an xlsx
TOO_MANY_CELLS = "too_many_cells"  # more cells, or a wider sheet extent, than the parser may get
BAD_ENCODING = "bad_encoding"  # a csv in a character set we do not read (Mac Roman, ...)
# Warnings: shown in the preview, do not stop an import.
PERCENT_MISMATCH = "percent_mismatch"
TOTALS_MISMATCH = "totals_mismatch"
TOTALS_DROPPED = "totals_dropped"
NOTE_ROWS_SKIPPED = "note_rows_skipped"  # text below the table without unit or figures
ZERO_AVTALTE = "zero_avtalte"  # 0 avtalte and 0 tapte dagsverk: nothing to count, row skipped
CLOSED_WITHOUT_DATE = "closed_without_date"  # lukket, but no lukket dato: no time to close
STATUS_ASSUMED = "status_assumed"  # a finding without status: taken as åpen (lukket with a date)
DEADLINE_BEFORE_MEETING = "deadline_before_meeting"  # a decision's frist before its møtedato
WARNING_CODES = frozenset(
    {
        PERCENT_MISMATCH,
        TOTALS_MISMATCH,
        TOTALS_DROPPED,
        NOTE_ROWS_SKIPPED,
        ZERO_AVTALTE,
        CLOSED_WITHOUT_DATE,
        STATUS_ASSUMED,
        DEADLINE_BEFORE_MEETING,
    }
)

MAX_LISTED = 50  # a message lists at most this many problems, then says how many more


@dataclass(frozen=True)
class Issue:
    """One problem (or warning) at one place in one file."""

    code: str
    text: str  # what is wrong, in Norwegian, without the location
    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # the header as written in the file

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"ark «{self.sheet}»")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        return f"{self.location}: {self.text}"


@dataclass
class LoadError(Exception):
    """The file cannot be imported; nothing was written. Carries every problem found."""

    issues: tuple[Issue, ...]
    # Set when the header row was found but its columns could not be mapped: the Import page
    # offers a manual mapping for these headers.
    found_headers: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @property
    def codes(self) -> set[str]:
        return {i.code for i in self.issues}

    def summary(self) -> str:
        lines = [i.message for i in self.issues[:MAX_LISTED]]
        if len(self.issues) > MAX_LISTED:
            lines.append(f"… og {len(self.issues) - MAX_LISTED} feil til i samme fil.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

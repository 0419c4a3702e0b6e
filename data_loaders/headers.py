"""Finding the header row and mapping its cells to canonical fields.

The accepted headers are data, one row per header in `column_maps/<kind>.csv` (`field,header`);
the fields of each kind (labels, required columns) are in specs.py.
Matching ignores case, whitespace (also no-break spaces and line breaks inside a cell) and a
trailing colon. A user's own mapping (canonical field -> header as written in the file)
overrides the table for that file; `header_signature` identifies a header layout so the
Import page can remember such a mapping.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from data_loaders.issues import AMBIGUOUS_COLUMN, MISSING_COLUMN
from data_loaders.specs import SICK_LEAVE, KindSpec, spec_for

COLUMN_MAPS = Path(__file__).parent / "column_maps"
MIN_KNOWN = 3  # a header row has at least this many known headers

# The sick-leave fields (kept here for the Import page and older callers; see specs.py).
FIELD_LABELS: dict[str, str] = SICK_LEAVE.labels
# Always required; besides these, enhet or sektor, and tapte dagsverk or both egenmeldte and
# legemeldte dagsverk (see missing_fields).
REQUIRED_FIELDS = SICK_LEAVE.required_fields
TEXT_FIELDS = SICK_LEAVE.text_fields
NUMBER_FIELDS = SICK_LEAVE.number_fields
# A year column beside a month/quarter/tertial column is one period, not two candidates.
YEAR_HEADER = "år"
SUB_PERIOD_HEADERS = {"måned": "month", "mnd": "month", "kvartal": "quarter", "tertial": "tertial"}
YEAR_FIELD = "periode_år"  # key in Batch.column_map for the year column of such a pair

_SPACE = re.compile(r"[\s\u00a0\u2007\u202f]+")


def normalise_header(text: object) -> str:
    """Comparison key of a header: casefolded, no whitespace, no trailing colon, (%) -> %."""
    if text is None:
        return ""
    key = _SPACE.sub("", str(text)).casefold().rstrip(":")
    return key.replace("(%)", "%")


@functools.cache
def synonym_table(kind: str = "sick_leave") -> tuple[tuple[str, str], ...]:
    """(field, header) rows of the column map, as written in the csv."""
    with (COLUMN_MAPS / f"{kind}.csv").open(encoding="utf-8", newline="") as f:
        return tuple((row["field"], row["header"]) for row in csv.DictReader(f))


@functools.cache
def synonyms(kind: str = "sick_leave") -> dict[str, str]:
    """Normalised header -> canonical field."""
    table: dict[str, str] = {}
    for fld, header in synonym_table(kind):
        key = normalise_header(header)
        if table.setdefault(key, fld) != fld:
            raise ValueError(f"{kind}.csv: «{header}» står under både {table[key]} og {fld}")
    return table


def accepted_headers(fld: str, kind: str = "sick_leave") -> list[str]:
    return [h for f, h in synonym_table(kind) if f == fld]


def header_signature(headers: Iterable[object]) -> str:
    """Stable identity of a header layout: hash of the normalised, non-empty headers in order.

    Differences in case, spacing and trailing colons, and blank cells, do not change it.
    """
    keys = [k for k in (normalise_header(h) for h in headers) if k]
    return hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:16]


@dataclass
class ColumnMatch:
    """The header row's columns assigned to fields, and what went wrong doing so."""

    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    year_column: int | None = None  # the År column of an År + Kvartal/Måned/Tertial pair
    sub_period_kind: str | None = None  # 'quarter', 'month' or 'tertial' for such a pair
    problems: list[tuple[str, str]] = field(default_factory=list)  # (reason code, text)


class HeaderMatcher:
    """Recognises the header row and maps its cells, for one file and one optional mapping."""

    def __init__(self, mapping: Mapping[str, str] | None = None, kind: str = "sick_leave"):
        """`kind`: a Batch.kind ('avvik') or a column-map name ('sick_leave')."""
        self.spec: KindSpec = spec_for(kind)
        self.kind = self.spec.column_map
        self.synonyms = synonyms(self.kind)
        fields = set(self.synonyms.values())
        self.mapping = dict(mapping or {})
        unknown = sorted(set(self.mapping) - fields)
        if unknown:
            raise ValueError(f"ukjente felt i kolonnekoblingen: {', '.join(unknown)}")
        self.mapped = {normalise_header(h): f for f, h in self.mapping.items() if h}

    def is_known(self, cell: object) -> bool:
        key = normalise_header(cell)
        return bool(key) and (key in self.synonyms or key in self.mapped)

    def header_at(self, rows: Sequence[Sequence[object]]) -> int | None:
        """Index of the first row with at least three known headers, or None."""
        for i, row in enumerate(rows):
            if sum(1 for c in row if self.is_known(c)) >= MIN_KNOWN:
                return i
        return None

    def match(self, cells: Sequence[str | None]) -> ColumnMatch:
        """Assign the header cells to fields; synonyms first, the user's mapping on top."""
        result = ColumnMatch()
        keys = [normalise_header(c) for c in cells]
        candidates: dict[str, list[int]] = {}
        for col, key in enumerate(keys):
            fld = self.synonyms.get(key)
            if fld:
                candidates.setdefault(fld, []).append(col)

        for fld, header in self.mapping.items():
            if not header:
                continue
            cols = [c for c, k in enumerate(keys) if k == normalise_header(header)]
            if not cols:
                result.problems.append(
                    (
                        MISSING_COLUMN,
                        f"Kolonnen «{header}», som er valgt for {self.spec.labels[fld]}, "
                        "finnes ikke i overskriftsraden.",
                    )
                )
                continue
            for other in candidates.values():  # the chosen column belongs to this field only
                for c in cols:
                    if c in other:
                        other.remove(c)
            candidates[fld] = cols

        periode = candidates.get("periode", [])
        if len(periode) == 2 and "periode" not in self.mapping:
            year = [c for c in periode if keys[c] == YEAR_HEADER]
            sub = [c for c in periode if keys[c] in SUB_PERIOD_HEADERS]
            if len(year) == 1 and len(sub) == 1:
                result.year_column = year[0]
                result.sub_period_kind = SUB_PERIOD_HEADERS[keys[sub[0]]]
                candidates["periode"] = sub

        for fld, label in self.spec.labels.items():
            cols = candidates.get(fld, [])
            if len(cols) == 1:
                result.columns[fld] = cols[0]
            elif len(cols) > 1:
                names = " og ".join(f"«{(cells[c] or '').strip()}»" for c in cols)
                result.problems.append(
                    (
                        AMBIGUOUS_COLUMN,
                        f"Flere kolonner passer for {label}: {names}. "
                        "Velg hvilken som skal brukes ved å koble kolonnene selv, "
                        "eller fjern den andre fra filen.",
                    )
                )
        return result


def missing_fields(columns: Mapping[str, int], spec: KindSpec = SICK_LEAVE) -> list[str]:
    """Norwegian description of each requirement of the kind that no column satisfies.

    One field: "periode (godtatte navn: …)"; alternatives: "enhet eller sektor (godtatte
    navn: …)"; a set of fields as alternative: "…; eller både egenmeldte og legemeldte
    dagsverk)".
    """
    missing = []
    for requirement in spec.requirements:
        if any(all(f in columns for f in alt) for alt in requirement):
            continue
        singles = [alt[0] for alt in requirement if len(alt) == 1]
        names = [h for f in singles for h in accepted_headers(f, spec.column_map)]
        text = " eller ".join(spec.labels[f] for f in singles)
        text += f" (godtatte navn: {', '.join(names)}"
        for alt in requirement:
            if len(alt) > 1:
                text += f"; eller både {_joined_labels([spec.labels[f] for f in alt])}"
        missing.append(text + ")")
    return missing


def _joined_labels(labels: list[str]) -> str:
    """ "egenmeldte og legemeldte dagsverk": a last word shared by all is said once."""
    last = {label.rsplit(" ", 1)[-1] for label in labels}
    if len(last) == 1 and all(" " in label for label in labels):
        word = last.pop()
        return " og ".join(label.rsplit(" ", 1)[0] for label in labels) + f" {word}"
    return " og ".join(labels)

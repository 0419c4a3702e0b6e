"""The body of a clean sick-leave csv in DuckDB: read, checked by the loader's rules, written.

Used by csv_fast.py once the head of the file is known (`Layout`). DuckDB reads the rows
below the header into a stage table in an in-memory database attached to the connection;
the loader's rules run as SQL over all of it (and in Python over the few distinct names and
periods); a file that breaks any rule, or would get any warning, is not taken (None). The
write goes through the full path's own pieces: units (`store.org.resolve_units`) and the
delete-then-insert of covered periods (`store.sick_leave.replace_rows`). Every name in the SQL
below comes from constants and field names; every value is a parameter.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import tempfile
import threading
from collections.abc import Callable

import duckdb

from core.periods import parse_period, weekdays_in_months
from data_loaders.headers import NUMBER_FIELDS, TEXT_FIELDS
from store import org
from store.database import Database
from store.imports import Written
from store.sick_leave import replace_rows

# The loader's tolerances (data_loaders.validation; a test keeps them equal), plus its 1e-9.
PARTS_TOLERANCE = 0.05
PERCENT_TOLERANCE = 0.05
EPSILON = 1e-9
STAGE_DB = "hms_fast"  # the in-memory database attached to the connection for stage tables
_ATTACH_STAGE_DB = f"ATTACH IF NOT EXISTS ':memory:' AS {STAGE_DB}"
_STAGE_NAME = re.compile(rf"{STAGE_DB}\.stage_[0-9]+_[0-9]+_[0-9]+")
_STAGES = itertools.count(1)


def new_stage() -> str:
    """A stage table name of its own for this call (process, thread, counter). The SQL below
    names it as an identifier, so it is checked to be nothing but that."""
    name = f"{STAGE_DB}.stage_{os.getpid()}_{threading.get_ident()}_{next(_STAGES)}"
    if not _STAGE_NAME.fullmatch(name):
        raise ValueError(f"not a stage table name: {name!r}")
    return name


# A text cell the loader keeps exactly as written: no whitespace but single inner spaces, no
# control characters (C1 too: DuckDB reads Windows-1252 as Latin-1, which differs only there).
_CLEAN_TEXT = re.compile(
    r"[^\s\x00-\x1f\x7f-\x9f\u180e\u200b\ufeff]+(?: [^\s\x00-\x1f\x7f-\x9f\u180e\u200b\ufeff]+)*"
)
# Everything data_loaders.totals.MARKER_PATTERN could match (and more: no word boundary, and
# the letters that fold to ASCII ones): such a file defers.
_MAYBE_TOTAL = re.compile(r"^(?:sum|total|samlet|i alt)|(?:totalt|samlet|i alt) ?:?$", re.I)
_FOLDS_TO_ASCII = re.compile("[\u017f\u212a\u0130\u0131]")  # ſ K İ ı
# Number cells whose value is certain (RE2, whole cell): 12 / 12,5 / 12.5 / 1 234,5; the
# percentage may end in % or " %". Anything else (signs, exponents, dots as thousands) defers.
_PLAIN = r"[0-9]{1,15}(?:[.,][0-9]{1,15})?"
_GROUP = r"[ \x{a0}\x{2007}\x{2009}\x{202f}]"  # spaces the loader drops between digit groups
_NUMBER = rf"{_PLAIN}|[0-9]{{1,3}}(?:{_GROUP}[0-9]{{3}}){{1,4}}(?:[.,][0-9]{{1,15}})?"
_PERCENT = rf"(?:{_NUMBER})(?:{_GROUP}?%)?"
_SEPARATORS = r"[ \x{a0}\x{2007}\x{2009}\x{202f}%]"


@dataclasses.dataclass(frozen=True)
class Layout:
    """What the head of the file says: encoding, delimiter, header line and columns."""

    encoding: str  # DuckDB's name for it: 'utf-8' or 'latin-1'
    dialect: str  # as the loader writes it: "csv (;, Windows-1252)"
    delim: str
    skip: int  # lines before the first data line (sep= line, titles, header)
    header_row: int  # the header's row number as the loader counts rows
    width: int  # fields in the header line
    cols: dict[str, int]  # canonical field -> column position, in the loader's order
    column_map: dict[str, str]  # canonical field -> header as written


def _value(f: str) -> str:
    """The staged number of field f (NULL when blank or the column is absent)."""
    return f"v_{f}"


def _tapte(layout: Layout) -> str:
    """Tapte dagsverk as the loader takes them: the column, or egenmeldte + legemeldte."""
    if "tapte_dagsverk" in layout.cols:
        return _value("tapte_dagsverk")
    return f"({_value('egenmeldt_dagsverk')} + {_value('legemeldt_dagsverk')})"


def stage_and_check(
    db: Database, data: bytes, layout: Layout, stage: str, scan: Callable[[], tuple[str, int, int]]
) -> tuple[int, list[tuple], list[tuple]] | None:
    """Read the body into `stage` and check it; (rows, distinct units, periods) or None.

    The stage holds the text fields as written and `v_<field>`, the value of each number
    field. DuckDB's own number reader is tried first; when it refuses a cell (1 234,5 or
    6,7 %), the numbers are read as text, their spellings checked and cast (_numbers_ok).
    Periods are (text, first month, last month, weekdays) for each distinct period cell.
    """
    # DuckDB's reader takes 1_000 and +-1 as numbers, the loader does not: text for those.
    modes = (True, False) if b"_" not in data and b"+" not in data else (False,)
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with db.cursor() as cur:
            cur.execute(_ATTACH_STAGE_DB)
            for typed in modes:
                try:
                    cur.execute(*_stage_sql(layout, stage, typed, path))
                except duckdb.Error:
                    continue
                if not typed and not _numbers_ok(cur, layout, stage):
                    return None
                _, n_lines, n_cr = scan()
                if n_cr and n_cr != n_lines - (0 if data.endswith(b"\n") else 1):
                    return None  # a lone \r somewhere: the loader's pandas rules decide
                return _check(cur, layout, stage, n_lines - layout.skip)
            return None
    except duckdb.Error:
        return None
    finally:
        os.unlink(path)


def _stage_sql(layout: Layout, stage: str, typed: bool, path: str) -> tuple[str, list]:
    """CREATE TABLE stage AS SELECT … FROM read_csv(…): every option a parameter or fixed."""
    cols, select = layout.cols, []
    for f in TEXT_FIELDS:
        select.append(f"c{cols[f]} AS {f}" if f in cols else f"NULL::VARCHAR AS {f}")
    for f in NUMBER_FIELDS:
        if f not in cols:
            select.append(f"NULL::DOUBLE AS {_value(f)}")
        elif typed:
            select.append(f"c{cols[f]} AS {_value(f)}")
        else:
            select.append(f"c{cols[f]} AS {f}")
            select.append(f"TRY_CAST(replace(c{cols[f]}, ',', '.') AS DOUBLE) AS {_value(f)}")
    text = [
        f"c{cols[f]}" if f in cols else "NULL::VARCHAR" for f in ("virksomhet", "sektor", "enhet")
    ]
    select.append(f"hash({', '.join(text)}) AS unit_hash")  # the join key of a unit
    number_cols = {cols[f] for f in NUMBER_FIELDS if f in cols} if typed else set()
    columns = ", ".join(
        f"'c{i}': '{'DOUBLE' if i in number_cols else 'VARCHAR'}'" for i in range(layout.width)
    )
    sql = (
        f"CREATE TABLE {stage} AS SELECT {', '.join(select)} FROM read_csv(?, delim = ?,"  # noqa: S608
        " quote = '', escape = '', header = false, skip = ?, encoding = ?, decimal_separator = ?,"
        f" columns = {{{columns}}}, auto_detect = false, strict_mode = true, null_padding = false)"
    )
    return sql, [path, layout.delim, layout.skip, layout.encoding, ","]


def _check(
    cur: duckdb.DuckDBPyConnection, layout: Layout, stage: str, expected_rows: int
) -> tuple[int, list[tuple], list[tuple]] | None:
    units = cur.execute(
        f"SELECT DISTINCT virksomhet, sektor, enhet, unit_hash FROM {stage}"  # noqa: S608
    ).fetchall()
    if not all(_unit_ok(u[:3]) for u in units) or len({u[3] for u in units}) != len(units):
        return None  # a total, a note, an unusual name, or two units with one hash
    periods = []
    distinct_periods = f"SELECT DISTINCT periode FROM {stage}"  # noqa: S608 - checked name
    for (text,) in cur.execute(distinct_periods).fetchall():
        period = parse_period(text) if _text_ok(text) else None
        if period is None:
            return None
        first, last = period.first_month, period.last_month
        periods.append((text, first, last, float(weekdays_in_months(first, last))))
    ranges = sorted({(p[1], p[2]) for p in periods})
    if len(ranges) != len(periods) or any(b[0] <= a[1] for a, b in itertools.pairwise(ranges)):
        return None  # two spellings of one period, or overlapping periods: the loader decides
    n, problems, distinct = cur.execute(*_rules(layout, stage)).fetchall()[0]
    if not n or n != expected_rows or problems or distinct != n:
        return None  # no rows, blank lines DuckDB skipped, a rule broken, a unit twice
    return n, units, periods


def _numbers_ok(cur: duckdb.DuckDBPyConnection, layout: Layout, stage: str) -> bool:
    """Every number cell a spelling whose value is certain; mends v_<field> for those with
    group separators or a per cent sign (the loader's clean-up gives the same number)."""
    numbers = [f for f in NUMBER_FIELDS if f in layout.cols]
    counts = " UNION ALL ".join(
        f"SELECT count(*) FILTER (WHERE NOT regexp_full_match(v, ?)),"  # noqa: S608
        f" count(*) FILTER (WHERE NOT regexp_full_match(v, ?))"
        f" FROM (SELECT DISTINCT {f} AS v FROM {stage}) WHERE v IS NOT NULL"
        for f in numbers
    )
    params = []
    for f in numbers:
        params += [_PERCENT if f == "sykefravaer_prosent" else _NUMBER, _PLAIN]
    found = cur.execute(counts, params).fetchall()
    if any(bad for bad, _ in found):
        return False
    for f, (_, spelled) in zip(numbers, found, strict=True):
        if spelled:
            cur.execute(
                f"UPDATE {stage} SET {_value(f)} = CAST(regexp_replace(replace({f}, ',', '.'),"  # noqa: S608
                f" ?, '', 'g') AS DOUBLE) WHERE NOT regexp_full_match({f}, ?)",
                [_SEPARATORS, _PLAIN],
            )
    return True


def _rules(layout: Layout, stage: str) -> tuple[str, list[float]]:
    """One scan: rows, rows the loader would flag or warn about, distinct (unit, period)."""
    cols = layout.cols
    a, t = _value("avtalte_dagsverk"), _tapte(layout)
    e, lg = _value("egenmeldt_dagsverk"), _value("legemeldt_dagsverk")
    required = ["avtalte_dagsverk"]
    if "tapte_dagsverk" in cols:
        required += ["tapte_dagsverk"]
    else:
        required += ["egenmeldt_dagsverk", "legemeldt_dagsverk"]
    numbers = [_value(f) for f in NUMBER_FIELDS if f in cols]
    rules = [
        "periode IS NULL OR " + " OR ".join(f"{_value(f)} IS NULL" for f in required),
        " OR ".join(f"NOT isfinite({v}) OR {v} < 0" for v in numbers),  # (NULL: not a rule)
        "sektor IS NULL AND enhet IS NULL",  # a total or a note
        f"{t} > {a} + ?",
        f"{a} = 0",  # with tapte > 0 an error, with tapte = 0 a row skipped with a warning
    ]
    params = [EPSILON]
    if "tapte_dagsverk" in cols and "egenmeldt_dagsverk" in cols and "legemeldt_dagsverk" in cols:
        rules.append(f"{e} IS NOT NULL AND {lg} IS NOT NULL AND abs({t} - ({e} + {lg})) > ?")
        params.append(PARTS_TOLERANCE + EPSILON)
    if "sykefravaer_prosent" in cols:
        p, computed = _value("sykefravaer_prosent"), f"({t} / {a} * 100)"
        rules.append(
            f"{p} IS NOT NULL AND NOT (abs({p} - {computed}) <= ?"
            f" OR abs({p} * 100 - {computed}) <= ?)"
        )
        params += [PERCENT_TOLERANCE + EPSILON] * 2
    where = " OR ".join(f"({r})" for r in rules)
    sql = (
        f"SELECT count(*), count(*) FILTER (WHERE {where}),"  # noqa: S608
        f" count(DISTINCT hash(unit_hash, periode)) FROM {stage}"
    )
    return sql, params


def _text_ok(text: str | None) -> bool:
    if text is None or not _CLEAN_TEXT.fullmatch(text):
        return False
    return not _MAYBE_TOTAL.search(text) and not _FOLDS_TO_ASCII.search(text)


def _unit_ok(unit: tuple[str | None, str | None, str | None]) -> bool:
    v, s, e = unit
    if s is None and e is None:
        return False
    return all(x is None or _text_ok(x) for x in unit)


def writer(
    stage: str, layout: Layout, n: int, units: list[tuple], periods: list[tuple]
) -> Callable[[duckdb.DuckDBPyConnection, int], Written]:
    e, lg, t = _value("egenmeldt_dagsverk"), _value("legemeldt_dagsverk"), _tapte(layout)

    def write(con: duckdb.DuckDBPyConnection, import_id: int) -> Written:
        keys = [org.UnitKey(*u[:3]) for u in units]
        ids, created = org.resolve_units(con, keys, import_id)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE fast_units AS"
            " SELECT unnest(?::UBIGINT[]) AS unit_hash, unnest(?::INTEGER[]) AS id",
            [[u[3] for u in units], [ids[k] for k in keys]],
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE fast_periods AS SELECT unnest(?::VARCHAR[]) AS text,"
            " unnest(?::INTEGER[]) AS month_from, unnest(?::INTEGER[]) AS month_to,"
            " unnest(?::DOUBLE[]) AS days, ?::INTEGER AS first_row",
            [[p[0] for p in periods], [p[1] for p in periods], [p[2] for p in periods],
             [p[3] for p in periods], layout.header_row + 1],
        )  # fmt: skip
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE batch_rows AS SELECT u.id AS unit_id,"  # noqa: S608
                " p.month_from, p.month_to,"
                f" {_value('antall_personer')} AS persons,"
                f" {_value('avtalte_dagsverk')} / p.days AS fte,"
                f" {_value('avtalte_dagsverk')} AS avtalte, {t} AS tapte,"
                f" {e} AS egenmeldt, {lg} AS legemeldt, p.first_row + x.rowid AS source_row"
                f" FROM {stage} x JOIN fast_periods p ON p.text = x.periode"
                " JOIN fast_units u ON u.unit_hash = x.unit_hash"
                " ORDER BY x.rowid"
            )
            replaced = replace_rows(con, import_id)
        finally:
            con.execute("DROP TABLE IF EXISTS batch_rows")
            con.execute("DROP TABLE IF EXISTS fast_units")
            con.execute("DROP TABLE IF EXISTS fast_periods")
        return Written(rows_written=n, units_created=created, replaced=replaced)

    return write

"""Commands for the data: import exports, and figures per unit as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from commands.common import open_db as _open
from commands.common import print_json as _print_json
from commands.common import query_period as _query_period
from commands.common import reference_date as _reference_date
from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text
from core.periods import parse_query_period
from store.org import LEVELS

DISK_FAILED = (
    "Databasen kunne ikke skrives (disken er full eller skrivebeskyttet)."
    " Importen er ikke lagret; databasen er som før."
)


def cmd_ingest(args: argparse.Namespace) -> int:
    from store.database import DatabaseWriteFailed

    written: list[str] = []
    try:
        return _ingest(args, written)
    except DatabaseWriteFailed:
        print(DISK_FAILED, file=sys.stderr)
        if written:
            print(f"Disse filene ble importert før feilen og er lagret: {', '.join(written)}.",
                  file=sys.stderr)  # fmt: skip
        return 1


def _ingest(args: argparse.Namespace, written: list[str]) -> int:
    from data_loaders.batch import SourceFile
    from data_loaders.guards import read_limited
    from data_loaders.ingest import AlreadyImported, LoadError, prepare, write

    db = _open(args)
    prepared, failed = [], False
    # Validate every file before writing any, so a bad file in the list writes nothing at all.
    for name in args.files:
        path = Path(name)
        try:
            source = SourceFile(path.name, read_limited(path))  # too large: refused unread
        except OSError as err:
            print(f"{name}: kan ikke leses ({err.strerror}).", file=sys.stderr)
            failed = True
            continue
        except LoadError as err:
            print(err.summary(), file=sys.stderr)
            failed = True
            continue
        try:
            batch = prepare(db, source, kind=args.kind).batch
            if batch.kind == "vedtak":  # which committee it belongs to is checked on writing
                write(db, batch, args.user, dry_run=True, committee=args.committee)
            prepared.append(batch)
        except AlreadyImported:
            prepared.append(batch)
        except LoadError as err:
            print(err.summary(), file=sys.stderr)
            failed = True
    if failed:
        print("Ingen filer ble importert; databasen er uendret.", file=sys.stderr)
        return 1
    for batch in prepared:
        try:
            extra = {"committee": args.committee} if batch.kind == "vedtak" else {}
            result = write(db, batch, args.user, **extra)
            written.append(batch.file_name)
            print(result.summary)
        except AlreadyImported as err:
            print(f"{batch.file_name}: {err} Ingenting nytt ble skrevet.")
        for warning in batch.warnings:
            print(f"  advarsel: {warning.message}")
    return 0


def cmd_sick_leave(args: argparse.Namespace) -> int:
    from metrics.sick_leave import sick_leave_table

    try:
        period = parse_query_period(args.period)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    db = _open(args, read_only=True)
    table = sick_leave_table(db, period, rolling=args.rolling)
    rows = table.level(args.level)
    if args.json:
        json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    title = f"Sykefravær, {args.level}, {period.display}" + (
        f" (rullerende, {table.window})" if args.rolling else ""
    )
    print(title)
    for r in rows:
        if r.suppressed:
            figure = hidden_text(r.suppressed_reason, table.threshold)
        else:
            figure = (
                f"{fmt_percent(r.percent)}  endring {fmt_pp(r.change_pp)}"
                f"  tapte {fmt_number(r.tapte_dagsverk)} av {fmt_number(r.avtalte_dagsverk)}"
            )
        flag = "  (ufullstendig)" if r.incomplete else ""
        print(f"  {r.unit:<40} {figure}{flag}")
    return 0


def cmd_deviations(args: argparse.Namespace) -> int:
    from metrics.deviations import deviation_table

    period = _query_period(args.period)
    table = deviation_table(
        _open(args, read_only=True), period, _reference_date(args.reference_date)
    )
    rows = table.level(args.level)
    if args.json:
        return _print_json(rows)
    print(f"Avvik, {args.level}, {period.display} (referansedato {table.reference_date:%d.%m.%Y})")
    for r in rows:
        registered = "skjult" if r.registered is None else r.registered
        print(
            f"  {r.unit:<40} registrert {registered}  åpne {r.open}  forfalt {r.overdue}  lukket {r.closed}"
        )
    return 0


def cmd_injuries(args: argparse.Namespace) -> int:
    from metrics.injuries import injury_table

    period = _query_period(args.period)
    table = injury_table(_open(args, read_only=True), period)
    rows = table.level(args.level)
    if args.json:
        return _print_json(rows)
    print(f"Personskader, {args.level}, {period.display} (per million arbeidstimer)")
    for r in rows:
        figures = (
            "skjult (færre enn 5)"
            if r.suppressed
            else (f"H1 {fmt_number(r.h1)}  H2 {fmt_number(r.h2)}  F {fmt_number(r.f)}")
        )
        flag = "  (usikker: under 100 000 timer)" if r.uncertain else ""
        print(f"  {r.unit:<40} {figures}{flag}")
    return 0


def cmd_safety_rounds(args: argparse.Namespace) -> int:
    from metrics.safety_rounds import safety_round_table

    rows = [
        r
        for r in safety_round_table(
            _open(args, read_only=True), args.year, _reference_date(args.reference_date)
        )
        if r.level == args.level
    ]
    if args.json:
        return _print_json(rows)
    print(f"Vernerunder, {args.level}, {args.year}")
    for r in rows:
        print(
            f"  {r.unit:<40} dekning {fmt_percent(r.coverage_percent)}  åpne høye risikoer {r.open_high}"
        )
    return 0


def register(sub) -> None:
    ing = sub.add_parser("ingest", help="importer eksportfiler (xlsx/csv)")
    ing.add_argument("files", nargs="+", metavar="FILE")
    ing.add_argument("--db", help="databasefil (standard: $HMS_DB eller data/hms.duckdb)")
    ing.add_argument("--user", help="hvem som importerer (standard: innlogget bruker)")
    ing.add_argument(
        "--kind", choices=("sykefravaer", "avvik", "vernerunde", "vedtak"),
        help="hva filene inneholder (standard: kjennes igjen på overskriftene)",
    )  # fmt: skip
    ing.add_argument(
        "--committee", help="utvalget en vedtakslogg hører til (når filen ikke har kolonnen Utvalg)"
    )
    ing.set_defaults(func=cmd_ingest)

    sl = sub.add_parser("sick-leave", help="sykefravær per enhet")
    sl.add_argument("--level", required=True, choices=LEVELS)
    sl.add_argument("--period", required=True, help="2025, 2025-K1, 2025-T1 eller 2025-03")
    sl.add_argument(
        "--rolling", action="store_true", help="fire kvartaler / tolv måneder til og med P"
    )
    sl.add_argument("--json", action="store_true", help="skriv JSON (tall i full presisjon)")
    sl.add_argument("--db")
    sl.set_defaults(func=cmd_sick_leave)

    dev = sub.add_parser("deviations", help="avvik per enhet")
    dev.add_argument("--level", required=True, choices=LEVELS)
    dev.add_argument("--period", required=True, help="2025, 2025-K1, 2025-T1 eller 2025-03")
    dev.add_argument("--json", action="store_true")
    dev.add_argument("--reference-date", help="dato for «forfalt» (ÅÅÅÅ-MM-DD, standard i dag)")
    dev.add_argument("--db")
    dev.set_defaults(func=cmd_deviations)

    inj = sub.add_parser("injuries", help="personskader: H1, H2 og F per million arbeidstimer")
    inj.add_argument("--level", required=True, choices=LEVELS)
    inj.add_argument("--period", required=True)
    inj.add_argument("--json", action="store_true")
    inj.add_argument("--db")
    inj.set_defaults(func=cmd_injuries)

    sr = sub.add_parser("safety-rounds", help="vernerunder: dekning og risiko per enhet")
    sr.add_argument("--level", required=True, choices=LEVELS)
    sr.add_argument("--year", required=True, type=int)
    sr.add_argument("--json", action="store_true")
    sr.add_argument("--reference-date", help="dato for «forfalte tiltak» (ÅÅÅÅ-MM-DD)")
    sr.add_argument("--db")
    sr.set_defaults(func=cmd_safety_rounds)

"""Command line for scripts and checks: ingest exports, ask for figures as JSON, build the demo.

    python cli.py ingest FILE... [--kind K] [--committee NAME] [--db PATH] [--user NAME]
    python cli.py sick-leave --level {virksomhet,sektor,enhet} --period P [--rolling] [--json] [--db PATH]
    python cli.py deviations --level L --period P [--json] [--reference-date D] [--db PATH]
    python cli.py injuries --level L --period P [--json] [--db PATH]
    python cli.py safety-rounds --level L --year Y [--json] [--reference-date D] [--db PATH]
    python cli.py decisions [--json] [--committee NAME] [--status S] [--reference-date D] [--db PATH]
    python cli.py annual-wheel --year Y [--json] [--committee NAME] [--reference-date D] [--db PATH]
    python cli.py report --year Y --kind {amu,hms} --out DIR [--scope UNIT] [--no-charts] [--db PATH]
    python cli.py demo [--db PATH] [--force]

Exit codes: 0 done; 1 bad input (messages on stderr, database unchanged); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text
from core.periods import parse_query_period
from store import DatabaseBusy, default_db_path, open_database
from store.org import LEVELS

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_data"
SAMPLE_FILES = (
    "sykefravaer_2023-2024.xlsx",
    "sykefravaer_2025-h1.csv",
    "sykefravaer_2025-k3-k4.csv",
)


def _open(args: argparse.Namespace):
    return open_database(Path(args.db) if args.db else default_db_path())


def cmd_ingest(args: argparse.Namespace) -> int:
    from data_loaders.batch import SourceFile
    from data_loaders.ingest import AlreadyImported, LoadError, prepare, write

    db = _open(args)
    prepared, failed = [], False
    # Validate every file before writing any, so a bad file in the list writes nothing at all.
    for name in args.files:
        path = Path(name)
        try:
            source = SourceFile(path.name, path.read_bytes())
        except OSError as err:
            print(f"{name}: kan ikke leses ({err.strerror}).", file=sys.stderr)
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
    db = _open(args)
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


def _reference_date(text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise SystemExit(f"ugyldig --reference-date «{text}»: bruk ÅÅÅÅ-MM-DD") from err


def _print_json(rows) -> int:
    json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def cmd_deviations(args: argparse.Namespace) -> int:
    from metrics.deviations import deviation_table

    period = _query_period(args.period)
    table = deviation_table(_open(args), period, _reference_date(args.reference_date))
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
    table = injury_table(_open(args), period)
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
        for r in safety_round_table(_open(args), args.year, _reference_date(args.reference_date))
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


def _query_period(text: str):
    try:
        return parse_query_period(text)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        raise SystemExit(2) from err


def _committee(db, name: str | None) -> int | None:
    """The id of --committee, or exit 1 naming the committees there are."""
    from store.committees import committee_id, committees

    if name is None:
        return None
    found = committee_id(db, name)
    if found is None:
        known = ", ".join(committees(db)["name"]) or "ingen"
        print(f"Fant ikke utvalget «{name}». Utvalg i databasen: {known}.", file=sys.stderr)
        raise SystemExit(1)
    return found


def cmd_decisions(args: argparse.Namespace) -> int:
    import datetime as dt

    from metrics.decisions import decision_list

    db = _open(args)
    reference = _reference_date(args.reference_date) or dt.date.today()
    rows = decision_list(
        db,
        reference,
        committee_id=_committee(db, args.committee),
        status=args.status,
        with_history=True,
    )
    if args.json:
        return _print_json(rows)
    print(f"Vedtak per {reference:%d.%m.%Y}: {len(rows)} ({sum(r.overdue for r in rows)} forfalt)")
    for r in rows:
        deadline = f"{r.deadline:%d.%m.%Y}" if r.deadline else "ingen frist"
        late = " FORFALT" if r.overdue else ""
        print(f"  {r.committee} {r.case_number or '-'}: {r.text[:60]}")
        print(f"      {r.status}{late}, frist {deadline}, ansvarlig {r.owner or 'ikke satt'}")
    return 0


def cmd_annual_wheel(args: argparse.Namespace) -> int:
    import datetime as dt

    from metrics.annual_wheel import annual_wheel_json

    db = _open(args)
    _committee(db, args.committee)
    reference = _reference_date(args.reference_date) or dt.date.today()
    items = annual_wheel_json(db, args.year, args.committee, reference)
    if args.json:
        json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Årshjul {args.year} (per {reference:%d.%m.%Y})")
    for i in items:
        proof = f" – {i['evidence']}" if i.get("evidence") else ""
        print(f"  {i['month']:>2}. {i['activity']} ({i['unit'] or '-'}): {i['status']}{proof}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from metrics.annual_report import annual_report
    from reports.annual import write_annual_files
    from store.org import org_tree

    db = _open(args)
    tree = org_tree(db)
    if args.scope is None:
        scope = tree[tree["level"] == "virksomhet"]
    else:
        scope = tree[tree["name"].str.casefold() == args.scope.strip().casefold()]
    if len(scope) != 1:
        what = "flere enheter" if len(scope) > 1 else "ingen enhet"
        known = ", ".join(tree[tree["level"] != "enhet"]["name"]) or "ingen"
        print(f"Fant {what} som heter «{args.scope}». Sektorer og virksomhet: {known}.",
              file=sys.stderr)  # fmt: skip
        return 1
    report = annual_report(db, args.kind, args.year, int(scope["id"].iloc[0]))
    paths = write_annual_files(report, Path(args.out), charts=not args.no_charts)
    for path in paths:
        print(path)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sample_data.demo import build_demo

    path = Path(args.db) if args.db else default_db_path()
    try:
        messages = build_demo(path, force=args.force)
    except FileExistsError as err:
        print(str(err), file=sys.stderr)
        return 1
    for line in messages:
        print(line)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="HMS-dashboard: kommandolinje")
    sub = p.add_subparsers(dest="command", required=True)

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

    dec = sub.add_parser("decisions", help="vedtak med oppfølgingslogg")
    dec.add_argument("--json", action="store_true")
    dec.add_argument("--committee", help="bare dette utvalget (navn)")
    dec.add_argument("--status", choices=("åpen", "pågår", "utført", "lukket", "avvist"))
    dec.add_argument("--reference-date", help="dato for «forfalt» (ÅÅÅÅ-MM-DD, standard i dag)")
    dec.add_argument("--db")
    dec.set_defaults(func=cmd_decisions)

    wheel = sub.add_parser(
        "annual-wheel", help="årshjulet: aktiviteter og om dataene viser dem gjort"
    )
    wheel.add_argument("--year", required=True, type=int)
    wheel.add_argument("--json", action="store_true")
    wheel.add_argument("--committee", help="bare dette utvalget (navn)")
    wheel.add_argument("--reference-date", help="dato for «forfalt» (ÅÅÅÅ-MM-DD, standard i dag)")
    wheel.add_argument("--db")
    wheel.set_defaults(func=cmd_annual_wheel)

    rep = sub.add_parser("report", help="årsrapport som Excel, Word og PDF")
    rep.add_argument("--year", required=True, type=int)
    rep.add_argument("--kind", required=True, choices=("amu", "hms"))
    rep.add_argument("--out", required=True, help="mappen filene skrives til")
    rep.add_argument("--scope", help="sektor eller enhet (standard: hele virksomheten)")
    rep.add_argument("--no-charts", action="store_true", help="uten figurer (bare tabeller)")
    rep.add_argument("--db")
    rep.set_defaults(func=cmd_report)

    demo = sub.add_parser("demo", help="bygg databasen for eksempelorganisasjonen Nordvik kommune")
    demo.add_argument("--db")
    demo.add_argument("--force", action="store_true", help="erstatt en eksisterende databasefil")
    demo.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DatabaseBusy as err:
        print(str(err), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

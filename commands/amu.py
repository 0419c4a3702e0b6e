"""Commands for the AMU register and the reports: decisions, the annual wheel, annual reports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from commands.common import committee_id as _committee
from commands.common import open_db as _open
from commands.common import print_json as _print_json
from commands.common import reference_date as _reference_date


def cmd_decisions(args: argparse.Namespace) -> int:
    import datetime as dt

    from metrics.decisions import decision_list

    db = _open(args, read_only=True)
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

    db = _open(args, read_only=True)
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

    db = _open(args, read_only=True)
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


def register(sub) -> None:
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

"""Run the benchmarks: `python -m bench [ingest] [deviations] [pages] [metrics] [reports] [load]
[memory] [options]` (default: all but load and memory, which drive a real server and Chromium and are run
by name).

Prints one Markdown table per benchmark and writes the raw figures to bench/out/<name>.json.
"""

import argparse
import json
import os
import platform
from pathlib import Path

from bench import deviations, ingest, load, memory, metrics, pages, reports

BENCHMARKS = ("ingest", "deviations", "pages", "metrics", "reports", "load", "memory")
DEFAULT = (
    "ingest",
    "deviations",
    "pages",
    "metrics",
    "reports",
)  # load, memory opt-in: minutes, Chromium


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("which", nargs="*", metavar="BENCHMARK",
                   help=f"any of {', '.join(BENCHMARKS)} (default: all but load, memory)")  # fmt: skip
    p.add_argument("--rows", type=int, default=200_000, help="sick-leave rows (ingest)")
    p.add_argument("--skip-slow", action="store_true", help="leave out pandas.read_excel(openpyxl)")
    p.add_argument("--deviation-rows", type=int, default=100_000, help="cases (deviations)")
    p.add_argument("--small-pages", action="store_true",
                   help="pages on the small organisation (--units etc.), not the large one")  # fmt: skip
    p.add_argument("--page", action="append", help="only this page (pages; repeatable)")
    p.add_argument("--units", type=int, default=200, help="units, small size (pages, reports)")
    p.add_argument("--months", type=int, default=60, help="months, small size (pages, reports)")
    p.add_argument("--page-deviations", type=int, default=20_000, help="cases, small (pages)")
    p.add_argument("--runs", type=int, default=10, help="cold and warm runs (pages, metrics)")
    p.add_argument("--readers", type=int, default=20, help="concurrent reading sessions (load)")
    p.add_argument("--rounds", type=int, default=3, help="rounds over the panel pages (load)")
    p.add_argument("--imports", type=int, default=2, help="concurrent imports (load)")
    p.add_argument("--size", choices=("sample", "large"), default="sample",
                   help="organisation the server serves (load): sample or large")  # fmt: skip
    p.add_argument("--large-db", type=Path, default=None,
                   help="an already built large database (pages, metrics, reports, memory, load --size large)")  # fmt: skip
    return p


def main() -> None:
    p = parser()
    args = p.parse_args()
    unknown = [w for w in args.which if w not in BENCHMARKS]
    if unknown:
        p.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    which = args.which or list(DEFAULT)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    machine = f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"

    def save(name: str, results: object) -> None:
        (out / f"{name}.json").write_text(json.dumps(results, indent=2))

    if "ingest" in which:
        results = ingest.run(args.rows, skip_slow=args.skip_slow)
        save("ingest", results)
        print(f"Ingest, sykefravær, {args.rows} rader ({machine})\n")
        print(ingest.table(results) + "\n")
    if "deviations" in which:
        results = deviations.run(args.deviation_rows)
        save("deviations", results)
        print(f"Ingest, avvik, {args.deviation_rows} saker ({machine})\n")
        print(deviations.table(results) + "\n")
    if "pages" in which:
        size = "small" if args.small_pages else "large"
        result = pages.run(
            size, args.runs, tuple(args.page or ()), args.units, args.months,
            args.page_deviations, args.large_db,
        )  # fmt: skip
        save("pages", result)
        levels = result["levels"]["names"]
        print(
            f"Sider, {result['units']} enheter ({size}), nivåer: virksomhet, sektor"
            f" {levels['sektor']}, enhet {levels['enhet']}; {args.runs} kjøringer ({machine})\n"
        )
        print(pages.table(result) + "\n")
    if "metrics" in which:
        result = metrics.run(args.runs, args.large_db)
        save("metrics", result)
        print(f"Nøkkeltall, sykefravær {result['period']}, alle enheter ({machine})\n")
        print(metrics.table(result) + "\n")
    if "reports" in which:
        result = reports.run(args.large_db)
        save("reports", result)
        print(f"Årsrapport (AMU, 2025) i Excel, Word og PDF ({machine})\n")
        print(reports.table(result) + "\n")

    if "load" in which:
        result = load.run(args.readers, args.rounds, args.imports, size=args.size,
                          large_db=args.large_db)  # fmt: skip
        save("load" if args.size == "sample" else f"load_{args.size}", result)
        print(
            f"Last: {args.readers} samtidige lesere, {args.rounds} runder, {args.imports} importer"
            f" gjennom serveren, organisasjon {args.size} ({machine})\n"
        )
        print(load.table(result) + "\n")
    if "memory" in which:
        result = memory.run(args.large_db)
        save("memory", result)
        print(f"Minne: serveren med den store organisasjonen ({machine})\n")
        print(memory.table(result) + "\n")


if __name__ == "__main__":
    main()

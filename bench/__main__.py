"""Run the benchmarks: `python -m bench [--rows N] [--skip-slow]`; prints a Markdown table."""

import argparse
import json
import platform
from pathlib import Path

from bench import ingest


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--skip-slow", action="store_true", help="leave out pandas.read_excel(openpyxl)")
    args = p.parse_args()
    results = ingest.run(args.rows, skip_slow=args.skip_slow)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2))
    print(f"Ingest, {args.rows} rader ({platform.python_version()}, {platform.machine()})")
    print(ingest.table(results))


if __name__ == "__main__":
    main()

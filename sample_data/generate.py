"""Entry point that writes the sample sick-leave exports for the fictional Nordvik kommune.

`python -m sample_data.generate [--out DIR]` simulates the organisation (`organisation.py`,
`simulate.py`) and writes its files in three dialects (`dialects.py`), then the deviation and
safety-round files (`deviations.py`, `safety_rounds.py`); `--large PATH --rows N` writes a large
export for benchmarks instead (`large.py`). The seed is fixed, so a rerun gives
byte-identical CSVs and identical xlsx cells. Re-exports the names other code uses from here.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from core.periods import MONTH_NAMES_NB, month_ordinal
from sample_data.deviations import write_deviations
from sample_data.dialects import (
    CSV_MONTHS_HEADER,
    CSV_QUARTERS_HEADER,
    CSV_QUARTERS_TITLES,
    CSV_SUBTOTAL_PREFIX,
    CSV_TOTAL_LABEL,
    FILE_CSV_MONTHS,
    FILE_CSV_QUARTERS,
    FILE_TARGETS,
    FILE_XLSX,
    XLSX_HEADER,
    XLSX_HEADER_ROW,
    XLSX_SELECTION,
    XLSX_SHEET,
    XLSX_TITLE,
    XLSX_TOTAL_LABEL,
    to_quarters,
    write_csv_months,
    write_csv_quarters,
    write_targets,
    write_xlsx,
)
from sample_data.large import write_large_export
from sample_data.organisation import (
    IMPROVING_UNIT,
    SECONDARY_SUPPRESSION_SECTOR,
    SECONDARY_SUPPRESSION_SIBLING,
    SMALL_UNITS,
    UNITS,
    VIRKSOMHET,
    WORSENING_UNIT,
)
from sample_data.safety_rounds import write_safety_rounds
from sample_data.simulate import SEED, MonthFigures, simulate

__all__ = [
    "CSV_MONTHS_HEADER",
    "CSV_QUARTERS_HEADER",
    "CSV_QUARTERS_TITLES",
    "CSV_SUBTOTAL_PREFIX",
    "CSV_TOTAL_LABEL",
    "FILE_CSV_MONTHS",
    "FILE_CSV_QUARTERS",
    "FILE_TARGETS",
    "FILE_XLSX",
    "IMPROVING_UNIT",
    "MONTH_NAMES_NB",
    "OUT_DIR",
    "SECONDARY_SUPPRESSION_SECTOR",
    "SECONDARY_SUPPRESSION_SIBLING",
    "SEED",
    "SMALL_UNITS",
    "UNITS",
    "VIRKSOMHET",
    "WORSENING_UNIT",
    "XLSX_HEADER",
    "XLSX_HEADER_ROW",
    "XLSX_SELECTION",
    "XLSX_SHEET",
    "XLSX_TITLE",
    "XLSX_TOTAL_LABEL",
    "MonthFigures",
    "generate",
    "generate_hms",
    "main",
    "simulate",
    "write_large_export",
]

OUT_DIR = Path(__file__).resolve().parent


def generate(out_dir: Path = OUT_DIR, seed: int = SEED) -> list[Path]:
    """Simulate Nordvik kommune and write the committed sample files into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = simulate(seed)
    y2025 = month_ordinal(2025, 1)
    paths = [out_dir / f for f in (FILE_XLSX, FILE_CSV_MONTHS, FILE_CSV_QUARTERS, FILE_TARGETS)]
    write_xlsx(paths[0], [r for r in rows if r.ordinal < y2025])
    write_csv_months(paths[1], [r for r in rows if y2025 <= r.ordinal <= y2025 + 5])
    write_csv_quarters(paths[2], to_quarters([r for r in rows if r.ordinal >= y2025 + 6]))
    write_targets(paths[3])
    return paths


def generate_hms(out_dir: Path = OUT_DIR) -> list[Path]:
    """Write the deviation (avvik) and safety-round (vernerunder) sample files into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_deviations(out_dir) + write_safety_rounds(out_dir)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Skriv eksempeldata for Nordvik kommune (eller en stor eksport for ytelsestester).",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="mappe filene skrives til")
    parser.add_argument("--large", type=Path, help="skriv en stor eksport hit (.xlsx eller .csv)")
    parser.add_argument("--rows", type=int, default=200_000, help="antall datarader i --large")
    args = parser.parse_args(argv)
    if args.large is not None:
        write_large_export(args.large, args.rows, args.large.suffix.lstrip(".").lower())
        print(f"skrev {args.large} ({args.rows} rader)")
        return
    for path in [*generate(args.out), *generate_hms(args.out)]:
        print(f"skrev {path}")


if __name__ == "__main__":
    main()

"""Deviation ingest benchmark: a 100,000-case avvik export (xlsx and csv), parse + validate +
write into a new DuckDB file, against plain reads of the same file.

The files come from `sample_data.large_hms.write_large_deviations` (the 1 500-unit «Storvik
kommune», 12 columns) and are kept in bench/out/. Measuring is the ingest benchmark's
(`ingest.compare`): every step in a fresh process; baselines fastexcel and openpyxl read-only
iteration for xlsx, pandas.read_csv and DuckDB's read_csv for csv, in the same run.
"""

from __future__ import annotations

from pathlib import Path

from bench import ingest
from bench.child import ROOT

XLSX_HEADER = 2  # 0-based: title, export line, header
XLSX_BASELINES = ["openpyxl_readonly", "fastexcel"]


def run(rows: int = 100_000, workdir: Path | None = None) -> list[dict]:
    """Write the deviation exports once (kept in `workdir`) and compare ingest to baselines."""
    from sample_data.large_hms import write_large_deviations

    workdir = workdir or ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for fmt, baselines in (("xlsx", XLSX_BASELINES), ("csv", ingest.CSV_BASELINES)):
        path = workdir / f"avvik_{rows}.{fmt}"
        if not path.exists():
            write_large_deviations(path, rows, fmt)
        results += ingest.compare(path, rows, baselines, header=XLSX_HEADER)
    return results


table = ingest.table

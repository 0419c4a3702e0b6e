"""Ingest benchmark: a 200,000-row sick-leave export (xlsx and csv), parse + validate + write.

Each measurement runs in a fresh subprocess (`child.py`), which reports its own wall time and
peak RSS, so memory figures are not polluted by earlier steps. Baselines are measured in the
same run: pandas.read_excel(engine="openpyxl"), plain openpyxl read-only iteration and
fastexcel for xlsx; pandas.read_csv and DuckDB's read_csv for csv. `compare` and `table` are
shared with the deviation benchmark (`deviations.py`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.child import ROOT, run_child

# Each snippet gets `path` (the export), `tmp` (a scratch directory), ROWS (data rows in the
# file) and HEADER (the 0-based row of the header in an xlsx sheet).
STEPS = {
    "ingest": """
from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from store import open_database
db = open_database(tmp / "bench.duckdb")
written = ingest(db, SourceFile(path.name, path.read_bytes()), user="bench").rows_written
assert written == ROWS, (written, ROWS)
""",
    "pandas_openpyxl": "import pandas as pd; pd.read_excel(path, engine='openpyxl', header=None)",
    "openpyxl_readonly": """
import openpyxl
wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
for row in wb.worksheets[0].iter_rows(values_only=True):
    pass
""",
    "fastexcel": "import fastexcel; fastexcel.read_excel(path).load_sheet(0, header_row=HEADER).to_pandas()",
    "pandas_read_csv": "import pandas as pd; pd.read_csv(path, sep=';', encoding='cp1252', decimal=',', dtype=str)",
    "duckdb_read_csv": """
import duckdb
duckdb.connect().execute("SELECT count(*) FROM read_csv(?, delim=';', decimal_separator=',', encoding='latin-1', header=true)", [str(path)]).fetchall()
""",
}
XLSX_BASELINES = ["pandas_openpyxl", "openpyxl_readonly", "fastexcel"]
CSV_BASELINES = ["pandas_read_csv", "duckdb_read_csv"]
SLOW = {"pandas_openpyxl"}


def measure(step: str, path: Path, rows: int, header: int = 3) -> dict:
    """One step of STEPS on one file in a fresh process: {"seconds", "peak_rss_mb"}."""
    with tempfile.TemporaryDirectory() as tmp:
        variables = {"path": path, "tmp": Path(tmp), "ROWS": rows, "HEADER": header}
        return run_child(STEPS[step], variables)


def compare(path: Path, rows: int, baselines: list[str], header: int = 3) -> list[dict]:
    """Ingest `path` once and each baseline once; one result row per baseline."""
    ingest = measure("ingest", path, rows, header)
    results = []
    for base in baselines:
        b = measure(base, path, rows, header)
        results.append(
            {
                "file": path.name,
                "rows": rows,
                "ingest_s": ingest["seconds"],
                "ingest_rows_per_s": rows / ingest["seconds"],
                "ingest_peak_rss_mb": ingest["peak_rss_mb"],
                "baseline": base,
                "baseline_s": b["seconds"],
                "baseline_peak_rss_mb": b["peak_rss_mb"],
                "ratio": ingest["seconds"] / b["seconds"],
            }
        )
    return results


def run(rows: int = 200_000, workdir: Path | None = None, skip_slow: bool = False) -> list[dict]:
    """Write the sick-leave exports once (kept in `workdir`) and compare ingest to baselines."""
    from sample_data.generate import write_large_export

    workdir = workdir or ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for fmt, baselines in (("xlsx", XLSX_BASELINES), ("csv", CSV_BASELINES)):
        path = workdir / f"sykefravaer_{rows}.{fmt}"
        if not path.exists():
            write_large_export(path, rows, fmt)
        if skip_slow:
            baselines = [b for b in baselines if b not in SLOW]
        results += compare(path, rows, baselines, header=3)
    return results


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one line per (file, baseline)."""
    lines = [
        "| file | ingest s | rows/s | peak RSS MB | baseline | baseline s | ingest / baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['file']} | {r['ingest_s']:.2f} | {r['ingest_rows_per_s']:,.0f} | {r['ingest_peak_rss_mb']:.0f}"
            f" | {r['baseline']} | {r['baseline_s']:.2f} | {r['ratio']:.2f}× |"
        )
    return "\n".join(lines)

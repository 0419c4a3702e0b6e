"""Ingest benchmark: a 200,000-row sick-leave export (xlsx and csv), parse + validate + write.

Each measurement runs in a fresh subprocess, which reports its own wall time and peak RSS, so
memory figures are not polluted by earlier steps. Baselines are measured in the same run:
pandas.read_excel(engine="openpyxl"), plain openpyxl read-only iteration and fastexcel for
xlsx; pandas.read_csv and DuckDB's read_csv for csv.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each snippet gets `path` (the export) and `tmp` (a scratch directory).
STEPS = {
    "ingest": """
from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from store import open_database
db = open_database(tmp / "bench.duckdb")
result = ingest(db, SourceFile(path.name, path.read_bytes()), user="bench")
assert result.rows_written == ROWS, result
""",
    "pandas_openpyxl": "import pandas as pd; pd.read_excel(path, engine='openpyxl', header=None)",
    "openpyxl_readonly": """
import openpyxl
wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
for row in wb.worksheets[0].iter_rows(values_only=True):
    pass
""",
    "fastexcel": "import fastexcel; fastexcel.read_excel(path).load_sheet(0, header_row=3).to_pandas()",
    "pandas_read_csv": "import pandas as pd; pd.read_csv(path, sep=';', encoding='cp1252', decimal=',', dtype=str)",
    "duckdb_read_csv": """
import duckdb
duckdb.connect().execute("SELECT count(*) FROM read_csv(?, delim=';', decimal_separator=',', encoding='latin-1', header=true)", [str(path)]).fetchall()
""",
}

CHILD = """
import resource, sys, time, json
from pathlib import Path
sys.path.insert(0, {root!r})
path, tmp, ROWS = Path({path!r}), Path({tmp!r}), {rows}
t0 = time.perf_counter()
exec({code!r})
seconds = time.perf_counter() - t0
print(json.dumps({{"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(step: str, path: Path, rows: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        code = CHILD.format(root=str(ROOT), path=str(path), tmp=tmp, rows=rows, code=STEPS[step])
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            raise RuntimeError(f"{step} failed:\n{out.stderr[-3000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


def run(rows: int = 200_000, workdir: Path | None = None, skip_slow: bool = False) -> list[dict]:
    from sample_data.generate import write_large_export

    workdir = workdir or ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for fmt, baselines in (
        ("xlsx", ["pandas_openpyxl", "openpyxl_readonly", "fastexcel"]),
        ("csv", ["pandas_read_csv", "duckdb_read_csv"]),
    ):
        path = workdir / f"sykefravaer_{rows}.{fmt}"
        if not path.exists():
            write_large_export(path, rows, fmt)
        if skip_slow:
            baselines = [b for b in baselines if b != "pandas_openpyxl"]
        ingest = measure("ingest", path, rows)
        for base in baselines:
            b = measure(base, path, rows)
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


def table(results: list[dict]) -> str:
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

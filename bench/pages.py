"""Page benchmark: how long the dashboard's pages take to render on a large organisation.

A database is built in a temporary directory: «Storvik kommune» cut down to 200 units over the
same 12 sectors, monthly sick leave for 60 months (2021-01 … 2025-12), about 20,000 deviations
2021–2025 and a safety round for every unit each year, each file written by sample_data's large
writers and imported through `data_loaders.ingest.ingest` like an upload.

Every page then runs in its own fresh process (`child.py`) under streamlit.testing.v1.AppTest,
with HMS_DB pointing at that database:

- cold: a fresh AppTest and `st.cache_data.clear()` before the first run, `runs` times (the
  database connection in st.cache_resource and imported modules stay, as in a running server;
  the very first run, which also imports the page's modules, is kept as `first_cold_s`);
- warm: `runs` reruns of the last AppTest (cached metric results, same widget state).

The baseline is an empty page (a title only) written into the temp directory and measured the
same way in the same run; pages are reported as ratios to it and as warm minus its warm median.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import numpy as np

from bench.child import ROOT, run_child

PAGES = ("oversikt", "sykefravaer", "avvik", "vernerunder")
EMPTY = "tom_side"
EMPTY_PAGE = '"""An empty page: the baseline of the page benchmark."""\n\nimport streamlit as st\n\nst.title("Tom side")\n'
LAST_YEAR = 2025  # the large writers end in 2025-12

BUILD = """
from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from sample_data.large import write_large_export
from sample_data.large_hms import write_large_deviations, write_large_safety_rounds
from store import open_database
files = [tmp / "sykefravaer.xlsx", tmp / "avvik.xlsx", tmp / "vernerunder.xlsx"]
write_large_export(files[0], UNITS * MONTHS, "xlsx", units=UNITS)
write_large_deviations(files[1], DEVIATIONS, "xlsx", units=UNITS)
write_large_safety_rounds(files[2], years=YEARS, units=UNITS)
db = open_database(db_path)
result["rows"] = {}
for f in files:
    result["rows"][f.stem] = ingest(db, SourceFile(f.name, f.read_bytes()), user="bench").rows_written
    f.unlink()
db.close()
"""

RENDER = """
import streamlit as st
from streamlit.testing.v1 import AppTest

def check(at):
    if at.exception:
        raise RuntimeError(f"{page.name}: {at.exception}")

cold, warm = [], []
for _ in range(RUNS):
    st.cache_data.clear()
    at = AppTest.from_file(str(page), default_timeout=TIMEOUT)
    t0 = time.perf_counter()
    at.run()
    cold.append(time.perf_counter() - t0)
    check(at)
for _ in range(RUNS):
    t0 = time.perf_counter()
    at.run()
    warm.append(time.perf_counter() - t0)
    check(at)
result.update(cold=cold, warm=warm, shown={
    "metric": len(at.metric), "dataframe": len(at.dataframe),
    "plotly_chart": len(at.get("plotly_chart")),
    "notes": [e.value for e in (*at.info, *at.warning)],
})
"""


def p95(values: list[float]) -> float:
    """95th percentile, linear between the closest ranks (numpy's default)."""
    return float(np.percentile(values, 95))


def build_database(tmp: Path, units: int, months: int, deviations: int) -> dict:
    """Write the three exports and import them into tmp/bench.duckdb (in a fresh process)."""
    first_year = LAST_YEAR - (months - 1) // 12
    variables = {
        "tmp": tmp,
        "db_path": tmp / "bench.duckdb",
        "UNITS": units,
        "MONTHS": months,
        "DEVIATIONS": deviations,
        "YEARS": list(range(first_year, LAST_YEAR + 1)),
    }
    return run_child(BUILD, variables)


def render(page: Path, db_path: Path, runs: int, timeout: float = 600) -> dict:
    """Cold and warm render times of one page file, in a fresh process."""
    variables = {"page": page, "RUNS": runs, "TIMEOUT": timeout}
    out = run_child(RENDER, variables, env={"HMS_DB": str(db_path), "HMS_AUTH": "demo"})
    cold, warm = out["cold"], out["warm"]
    return {
        "cold_s": cold,
        "warm_s": warm,
        "first_cold_s": cold[0],
        "cold_median_s": statistics.median(cold),
        "cold_p95_s": p95(cold),
        "warm_median_s": statistics.median(warm),
        "warm_p95_s": p95(warm),
        "peak_rss_mb": out["peak_rss_mb"],
        "shown": out["shown"],
    }


def run(
    units: int = 200,
    months: int = 60,
    deviations: int = 20_000,
    runs: int = 5,
    pages: tuple[str, ...] = PAGES,
) -> dict:
    """Build the database, render the empty page and every page; all figures of one run."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        build = build_database(tmp, units, months, deviations)
        empty_page = tmp / f"{EMPTY}.py"
        empty_page.write_text(EMPTY_PAGE, encoding="utf-8")
        db_path = tmp / "bench.duckdb"
        empty = {"page": EMPTY, **render(empty_page, db_path, runs)}
        results = [empty]
        for page in pages:
            results.append({"page": page, **render(ROOT / "pages" / f"{page}.py", db_path, runs)})
    for r in results:
        r["cold_ratio"] = r["cold_median_s"] / empty["cold_median_s"]
        r["warm_ratio"] = r["warm_median_s"] / empty["warm_median_s"]
        r["warm_minus_empty_s"] = r["warm_median_s"] - empty["warm_median_s"]
    return {
        "units": units,
        "months": months,
        "deviations": deviations,
        "runs": runs,
        "build": build,
        "pages": results,
    }


def table(result: dict) -> str:
    """The page results as a Markdown table; the empty page first (the baseline)."""
    lines = [
        "| page | cold median s | cold / empty | warm median s | warm p95 s | warm / empty"
        " | warm − empty s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["pages"]:
        lines.append(
            f"| {r['page']} | {r['cold_median_s']:.3f} | {r['cold_ratio']:.1f}×"
            f" | {r['warm_median_s']:.3f} | {r['warm_p95_s']:.3f} | {r['warm_ratio']:.1f}×"
            f" | {r['warm_minus_empty_s']:+.3f} |"
        )
    return "\n".join(lines)

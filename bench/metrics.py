"""Metric benchmark: the suppressed sick-leave tables for every unit of the large organisation.

Two figures, on a copy of the page benchmark's large database (`pages.large_database`), in one
fresh process (`child.py`):

- `quarter`: `metrics.sick_leave.sick_leave_table` for the newest quarter, every unit (the
  drill-down table: hierarchy sums, the comparison year, targets and suppression);
- `rolling`: the same with `rolling=True`, the four quarters ending there, for every unit.

Each is measured `runs` times cold and warm:

- cold: after the metric layer's per-process caches (`_CACHE` dicts of metrics modules) are
  cleared, as in a new process; the joint suppression over every window is decided by the
  first cold run, which stores it in the database (`store/derived.py`), and read by the others;
- warm: a second call with the same data version (those caches filled).

The baseline, in the same run, is a plain DuckDB GROUP BY of the same sums per unit over the
same months (no hierarchy, no suppression), also `runs` times.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from bench.child import run_child
from bench.pages import large_database, p95

FIGURES = ("quarter", "rolling")

MEASURE = """
import sys
from core.periods import QUARTER, Period
from metrics.sick_leave import latest_period, sick_leave_table
from store import open_database

def clear():
    for name, module in list(sys.modules.items()):
        if name.startswith("metrics.") and isinstance(getattr(module, "_CACHE", None), dict):
            module._CACHE.clear()

def timed(call):
    t0 = time.perf_counter()
    out = call()
    return time.perf_counter() - t0, out

db = open_database(db_path)
period = latest_period(db, QUARTER)
result["period"] = period.label
for figure in FIGURES:
    rolling = figure == "rolling"
    first, last = period.rolling_window() if rolling else (period.first_month, period.last_month)
    cold, warm, base = [], [], []
    for _ in range(RUNS):
        clear()
        seconds, table = timed(lambda: sick_leave_table(db, period, rolling=rolling))
        cold.append(seconds)
        seconds, table = timed(lambda: sick_leave_table(db, period, rolling=rolling))
        warm.append(seconds)
        seconds, _ = timed(lambda: db.rows(
            "SELECT unit_id, sum(avtalte), sum(tapte), sum(egenmeldt), sum(legemeldt),"
            " max(persons) FROM sick_leave WHERE month_from >= ? AND month_to <= ?"
            " GROUP BY unit_id", [first, last]))
        base.append(seconds)
    result[figure] = {"cold": cold, "warm": warm, "baseline": base, "units": len(table.rows),
                      "suppressed": sum(r.suppressed for r in table.rows)}
db.close()
"""


def run(runs: int = 10, db_path: Path | None = None) -> dict:
    """Both figures, cold and warm, with the GROUP BY baseline of the same run."""
    with tempfile.TemporaryDirectory() as name:
        copy = Path(name) / "bench.duckdb"
        shutil.copyfile(db_path or large_database()[0], copy)
        out = run_child(MEASURE, {"db_path": copy, "RUNS": runs, "FIGURES": list(FIGURES)})
    results = []
    for figure in FIGURES:
        r = out[figure]
        base = statistics.median(r["baseline"])
        row = {"figure": figure, "units": r["units"], "suppressed": r["suppressed"]}
        for kind in ("cold", "warm", "baseline"):
            row[f"{kind}_median_s"] = statistics.median(r[kind])
            row[f"{kind}_p95_s"] = p95(r[kind])
        row["cold_ratio"] = row["cold_median_s"] / base
        row["warm_ratio"] = row["warm_median_s"] / base
        row["goal_met"] = row["warm_median_s"] <= 0.1
        results.append(row)
    return {"period": out["period"], "runs": runs, "figures": results}


def table(result: dict) -> str:
    """The metric results as a Markdown table."""
    lines = [
        "| figure | units | cold median s | cold p95 s | warm median s | warm p95 s"
        " | GROUP BY s | warm / GROUP BY | cold / GROUP BY | goal (warm ≤ 0.1 s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["figures"]:
        lines.append(
            f"| {r['figure']} | {r['units']} | {r['cold_median_s']:.3f} | {r['cold_p95_s']:.3f}"
            f" | {r['warm_median_s']:.3f} | {r['warm_p95_s']:.3f} | {r['baseline_median_s']:.4f}"
            f" | {r['warm_ratio']:.0f}× | {r['cold_ratio']:.0f}× | {'ja' if r['goal_met'] else 'nei'} |"
        )
    return "\n".join(lines)

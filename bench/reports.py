"""Annual-report benchmark: time to produce the AMU report in all three formats (Excel, Word,
PDF, with the two charts) for the sample organisation and for the large organisation that
`cli.py demo --size large` builds (1,500 units, 50,000 persons, 8 committees).

The large database is the page benchmark's cached copy (`bench.pages.large_database`, rebuilt
only when the generator changes) or one given with `large_db`. In one fresh process per
organisation the report is made step by step: a first sick-leave table (its joint suppression
over every window is decided once per data version and stored in the database, so a running
server has usually paid it already; the large organisation is measured twice on one copy, first
as right after an import, then in a new process that reads what the first stored), the figures (`annual_report`, each metric function it calls timed on its own), the chart images
(one kept-alive Chromium) and each format. The baseline, measured in the same process, is the
same three writers on a one-heading report: what any document costs, whatever it holds.
Ratios are report / baseline.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.child import run_child

STEPS = ("figures_s", "charts_s", "xlsx_s", "docx_s", "pdf_s")
GOAL_S = 10.0

MEASURE = """
import dataclasses, datetime as dt, functools, time
import metrics.annual_report as ar
import metrics.report_figures as rf
import metrics.report_register as rr
from core.periods import YEAR as WHOLE_YEAR, Period
from metrics.sick_leave import sick_leave_table
from metrics.report_model import Section
from reports.annual import chart_images
from reports.annual_layout import annual_layout
from reports.annual_xlsx import annual_xlsx
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf
from store import open_database
from store.org import org_tree

cpu = {}
def clock(f, step=None):
    t, c = time.perf_counter(), time.process_time()
    out = f()
    if step:
        cpu[step] = time.process_time() - c
    return out, time.perf_counter() - t

parts = {}
def timed(module, name, label):
    inner = getattr(module, name)
    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            parts[label] = parts.get(label, 0.0) + time.perf_counter() - t
    setattr(module, name, wrapper)

for name in ("sick_leave_quarters", "sick_leave_year", "deviations", "injuries", "safety_rounds"):
    timed(rf, name, f"report_figures.{name}")
for name in ("committees_in_scope", "activity", "decisions", "wheel"):
    timed(rr, name, f"report_register.{name}")
for name in ("deviation_trend", "sick_leave_trend", "chosen_series", "sources_for_year"):
    timed(ar, name, name)

db = open_database(db_path)  # read-write, as the app: it stores the hidden cells it decides
tree = org_tree(db)
top = int(tree[tree["level"] == "virksomhet"]["id"].iloc[0])
today = dt.date(YEAR + 1, 1, 15)
cpu0 = time.process_time()  # this process's CPU time over the report (Chromium not counted)
_, result["suppression_s"] = clock(lambda: sick_leave_table(db, Period(WHOLE_YEAR, YEAR, 1)),
                                  "suppression_s")
report, result["figures_s"] = clock(lambda: ar.annual_report(db, "amu", YEAR, top, today), "figures_s")
result["parts"] = dict(sorted(parts.items(), key=lambda kv: -kv[1]))
(images, problem), result["charts_s"] = clock(lambda: chart_images(report, CHARTS), "charts_s")
layout = annual_layout(report, images, problem)
xlsx, result["xlsx_s"] = clock(lambda: annual_xlsx(report), "xlsx_s")
docx, result["docx_s"] = clock(lambda: render_docx(layout), "docx_s")
pdf, result["pdf_s"] = clock(lambda: render_pdf(layout), "pdf_s")
result["cpu_s"] = time.process_time() - cpu0
result["step_cpu_s"] = cpu
result["charts"] = len(images)
result["problem"] = problem
result["tables"] = len(report.tables)
result["rows"] = sum(len(t.rows) for t in report.tables)
result["bytes"] = {"xlsx": len(xlsx), "docx": len(docx), "pdf": len(pdf)}
tiny = dataclasses.replace(report, sections=(Section("tom", "Tom rapport"),), sources=())
tiny_layout = annual_layout(tiny, {}, None)
t = time.perf_counter()
annual_xlsx(tiny); render_docx(tiny_layout); render_pdf(tiny_layout)
result["baseline_s"] = time.perf_counter() - t
"""


def measure(db_path: Path, year: int, charts: bool = True) -> dict:
    """One organisation's report in a fresh process; total = suppression + STEPS."""
    out = run_child(MEASURE, {"db_path": db_path, "YEAR": year, "CHARTS": charts}, timeout=900)
    out["total_s"] = out["suppression_s"] + sum(out[s] for s in STEPS)
    out["files_s"] = sum(out[s] for s in STEPS[1:])  # the page's button: charts and writers
    out["goal_met"] = {"total": out["total_s"] <= GOAL_S, "files": out["files_s"] <= GOAL_S}
    out["ratio"] = out["total_s"] / out["baseline_s"]
    return out


def run(large_db: Path | None = None, charts: bool = True) -> dict:
    """The sample organisation, then the large one (built or taken from the cache first)."""
    from bench.pages import large_database

    results = {}
    with tempfile.TemporaryDirectory() as name:
        demo = Path(name) / "demo.duckdb"
        run_child("from sample_data.demo import build_demo\nbuild_demo(path)", {"path": demo})
        results["Nordvik kommune (eksempel)"] = measure(demo, 2025, charts)
    built = {"given": str(large_db)} if large_db else None
    if large_db is None:
        large_db, built = large_database()
    with tempfile.TemporaryDirectory() as name:
        copy = Path(name) / "large.duckdb"
        shutil.copyfile(large_db, copy)
        # First after an import: the process decides the suppression and stores it; then a new
        # process on the same file (a report made later) reads what the first one stored.
        for when in ("etter import", "skjuling lagret"):
            results[f"Storvik kommune (stor, 1 500 enheter), {when}"] = {
                **measure(copy, 2025, charts), "database": built}  # fmt: skip
    return results


def table(results: dict) -> str:
    """Wall time (this process's CPU time) per step per organisation, then the figures' time per
    metric function. «filer» is what the button on the page costs: figurer + xlsx + docx + pdf."""
    head = ("| organisasjon | tabeller (rader) | skjuling | tall | figurer | xlsx | docx | pdf"
            " | filer | totalt | grunnlinje | forhold | topp RSS |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    lines = [head]
    for org, r in results.items():
        cpu = r.get("step_cpu_s", {})
        cells = [
            f"{r[k]:.2f} s ({cpu.get(k, float('nan')):.1f})" for k in ("suppression_s", *STEPS)
        ]
        cells[2] = cells[2].replace(" (", f" [{r['charts']}] (", 1)
        files = r.get("files_s", sum(r[k] for k in STEPS[1:]))
        lines.append(
            f"| {org} | {r['tables']} ({r['rows']}) | {' | '.join(cells)} | {files:.2f} s"
            f" | {r['total_s']:.2f} s ({r['cpu_s']:.1f}) | {r['baseline_s']:.3f} s"
            f" | {r['ratio']:.0f}× | {r['peak_rss_mb']:.0f} MB |"
        )
    lines += ["", "| tall: funksjon | " + " | ".join(results) + " |",
              "|---|" + "---|" * len(results)]  # fmt: skip
    names = list(dict.fromkeys(k for r in results.values() for k in r.get("parts", {})))
    for name in names:
        cells = " | ".join(f"{r.get('parts', {}).get(name, 0.0):.2f} s" for r in results.values())
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)

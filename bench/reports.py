"""Annual-report benchmark: time to produce the AMU report in all three formats (Excel, Word,
PDF, with the two charts) for the sample organisation and for a 200-unit, 5-year organisation.

Each organisation's database is built first (the demo from sample_data/, the large one by
`bench.pages.build_database`); then, in one fresh process per organisation, the report is
made step by step: the figures (`annual_report`), the chart images (one kept-alive Chromium),
and each format. The baseline, measured in the same process, is the same three writers on a
one-heading report: what any document costs, whatever it holds. Ratios are report / baseline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.child import run_child
from bench.pages import build_database

STEPS = ("figures_s", "charts_s", "xlsx_s", "docx_s", "pdf_s")

MEASURE = """
import dataclasses, datetime as dt, time
from metrics.annual_report import annual_report
from metrics.report_model import Section
from reports.annual import chart_images
from reports.annual_layout import annual_layout
from reports.annual_xlsx import annual_xlsx
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf
from store import open_database
from store.org import org_tree

def clock(f):
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t

db = open_database(db_path, read_only=True)
tree = org_tree(db)
top = int(tree[tree["level"] == "virksomhet"]["id"].iloc[0])
today = dt.date(YEAR + 1, 1, 15)
report, result["figures_s"] = clock(lambda: annual_report(db, "amu", YEAR, top, today))
(images, problem), result["charts_s"] = clock(lambda: chart_images(report, CHARTS))
layout = annual_layout(report, images, problem)
xlsx, result["xlsx_s"] = clock(lambda: annual_xlsx(report))
docx, result["docx_s"] = clock(lambda: render_docx(layout))
pdf, result["pdf_s"] = clock(lambda: render_pdf(layout))
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
    out = run_child(MEASURE, {"db_path": db_path, "YEAR": year, "CHARTS": charts}, timeout=900)
    out["total_s"] = sum(out[s] for s in STEPS)
    out["ratio"] = out["total_s"] / out["baseline_s"]
    return out


def run(units: int = 200, months: int = 60, deviations: int = 20_000, charts: bool = True) -> dict:
    """Both organisations, one after the other."""
    results = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        demo = tmp / "demo.duckdb"
        run_child("from sample_data.demo import build_demo\nbuild_demo(path)", {"path": demo})
        results["Nordvik kommune (eksempel)"] = measure(demo, 2025, charts)
        build_database(tmp, units, months, deviations)
        label = f"{units} enheter, {months // 12} år"
        results[label] = measure(tmp / "bench.duckdb", 2025, charts)
    return results


def table(results: dict) -> str:
    head = ("| organisasjon | tabeller (rader) | tall | figurer | xlsx | docx | pdf | totalt"
            " | grunnlinje | forhold |\n|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    lines = [head]
    for org, r in results.items():
        lines.append(
            f"| {org} | {r['tables']} ({r['rows']}) | {r['figures_s']:.2f} s"
            f" | {r['charts_s']:.2f} s ({r['charts']}) | {r['xlsx_s']:.2f} s | {r['docx_s']:.2f} s"
            f" | {r['pdf_s']:.2f} s | {r['total_s']:.2f} s | {r['baseline_s']:.3f} s"
            f" | {r['ratio']:.0f}× |"
        )
    return "\n".join(lines)

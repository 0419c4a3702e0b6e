"""Smoke test of the benchmarks on tiny sizes: they run end to end and report every figure.

Structure only: keys present and times positive. No timing thresholds (benchmarks report
ratios to baselines measured in the same run; see bench/README.md).
"""

import math

from bench import deviations, metrics, pages

INGEST_KEYS = {
    "file", "rows", "ingest_s", "ingest_rows_per_s", "ingest_peak_rss_mb", "baseline",
    "baseline_s", "baseline_peak_rss_mb", "ratio",
}  # fmt: skip
PAGE_TIMES = (
    "first_cold_s", "cold_median_s", "cold_p95_s", "warm_median_s", "warm_p95_s", "peak_rss_mb",
    "cold_ratio", "warm_ratio", "after_import_median_s", "after_import_p95_s",
)  # fmt: skip


def test_deviation_ingest_benchmark_reports_ratios(tmp_path):
    results = deviations.run(rows=500, workdir=tmp_path)
    assert [(r["file"], r["baseline"]) for r in results] == [
        ("avvik_500.xlsx", "openpyxl_readonly"),
        ("avvik_500.xlsx", "fastexcel"),
        ("avvik_500.csv", "pandas_read_csv"),
        ("avvik_500.csv", "duckdb_read_csv"),
    ]
    for r in results:
        assert set(r) == INGEST_KEYS and r["rows"] == 500
        assert all(r[k] > 0 for k in INGEST_KEYS - {"file", "baseline"})
    assert "| avvik_500.csv |" in deviations.table(results)


def test_page_benchmark_renders_every_page_against_an_empty_page():
    result = pages.run(size="small", units=10, months=12, deviations=300, runs=1)
    rows = result["build"]["rows"]
    assert rows["sykefravaer"] == 10 * 12 and rows["avvik"] == 300 and rows["vernerunder"] >= 10
    expected = [(pages.EMPTY, "alle")] + [
        (p, level)
        for p in pages.SMALL_PAGES
        for level in (pages.LEVELS if p in pages.UNIT_PAGES else ("alle",))
    ]
    assert [(r["page"], r["level"]) for r in result["pages"]] == expected
    for r in result["pages"]:
        assert len(r["cold_s"]) == len(r["warm_s"]) == len(r["after_import_s"]) == 1
        assert all(r[k] > 0 for k in PAGE_TIMES if r[k] is not None), r
        assert math.isfinite(r["warm_minus_empty_s"])
    empty, *real = result["pages"]
    assert empty["cold_ratio"] == empty["warm_ratio"] == 1.0
    assert all(r["shown"]["metric"] + r["shown"]["dataframe"] > 0 for r in real)
    sector, unit = result["levels"]["names"]["sektor"], result["levels"]["names"]["enhet"]
    shown = {r["level"]: r["shown"]["subheader"] for r in real if r["page"] == "oversikt"}
    assert sector in shown["sektor"][0] and unit in shown["enhet"][0]  # ?enhet= took effect
    assert result["pages"][0]["page"] in pages.table(result)


def test_metric_benchmark_reports_cold_warm_and_baseline(tmp_path):
    pages.build_database(tmp_path, units=10, months=12, deviations=300)
    result = metrics.run(runs=1, db_path=tmp_path / "bench.duckdb")
    assert [r["figure"] for r in result["figures"]] == list(metrics.FIGURES)
    for r in result["figures"]:
        assert r["units"] > 10
        assert all(r[f"{k}_median_s"] > 0 for k in ("cold", "warm", "baseline"))
    assert "| rolling |" in metrics.table(result)


def test_report_benchmark_times_every_step_against_a_baseline(tmp_path):
    from bench import reports

    pages.build_database(tmp_path, units=10, months=12, deviations=300)
    r = reports.measure(tmp_path / "bench.duckdb", 2025, charts=False)
    assert all(r[s] > 0 for s in (*reports.STEPS[:1], *reports.STEPS[2:], "baseline_s"))
    assert r["charts"] == 0 and "slått av" in r["problem"]
    assert r["tables"] == 11 and r["bytes"]["pdf"] > 0
    assert "| x |" in reports.table({"x": r})

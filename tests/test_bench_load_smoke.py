"""Smoke test of the load benchmark on tiny sizes: 2 readers, 1 import, 1 round through the server;
and of the memory benchmark on the sample organisation, one page at three levels.

Structure and correctness only (every figure reported, the import written, nothing shown as an
error, no scope leak); never a time threshold (see bench/README.md).
"""

import math
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

if not Path("/usr/bin/chromium").exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is required in CI (dev.py test installs Debian's chromium)")
    pytest.skip("Debian's chromium is not installed here", allow_module_level=True)


def test_two_readers_and_one_import_through_the_real_server(demo_db_file):
    from bench import load

    result = load.run(
        readers=2, rounds=1, imports=1, import_rows=24, page_timeout=60, timeout=240,
        demo_db=demo_db_file, ramp_s=0.5,
    )  # fmt: skip
    assert result["failures"] == [] and result["errors_shown"] == []
    assert result["writes"]["confirmed"] == 1 and result["writes"]["lost_rows"] == 0
    assert result["import_results"][0]["shown"].startswith("Importert:")
    for phase in ("baseline", "load"):
        pages = result[phase]["pages"]
        assert pages["first load"]["n"] == result[phase]["sessions"]
        assert pages["all pages"]["n"] >= 4 * result[phase]["sessions"]  # every panel page
        assert all(p["p95_s"] >= p["p50_s"] > 0 for p in pages.values() if p["n"])
    if result["auth"]:
        assert result["scope"]["sessions_checked"] == 2 and result["scope"]["options_read"] > 0
        assert result["scope"]["violations"] == 0, result["scope"]["details"]
    else:
        assert result["scope"] == "not run (no sign-in yet)"
    assert math.isfinite(result["server_peak_rss_mb"]) and result["server_peak_rss_mb"] > 0
    assert 0 < result["server_rss_median_mb"] <= result["server_peak_rss_mb"]
    assert "| all pages |" in load.table(result)


def test_imports_for_the_large_organisation_are_years_before_its_data(tmp_path):
    from bench import load

    files = load.write_imports(tmp_path, 2, 24, year=2020)
    assert [f["file"] for f in files] == ["last_opp_2020.csv", "last_opp_2019.csv"]
    for f, year in zip(files, (2020, 2019), strict=True):
        text = Path(f["path"]).read_text(encoding="cp1252")
        assert f" {year};" in text and " 2025;" not in text and f["rows"] == 24


def test_memory_benchmark_reads_the_servers_peak_rss_after_every_page(demo_db_file):
    from bench import memory

    result = memory.run(large_db=demo_db_file, timeout=240, only=("/sykefravaer",))
    levels = [(s["page"], s["level"]) for s in result["steps"]]
    assert levels == [("/sykefravaer", lv) for lv in ("virksomhet", "sektor", "enhet")]
    assert result["errors"] == [] and result["server_log_tracebacks"] == 0
    assert result["server_peak_rss_mb"] >= max(s["VmRSS"] for s in result["steps"]) > 0
    assert result["idle_rss_mb"] > 0 and "| server (`streamlit run`)" in memory.table(result)

"""Page benchmark: how long every page of the dashboard takes to render, at each org level.

Two databases:

- `large` (the default): «Storvik kommune» from `sample_data.large_demo.build_large_demo` (1,513
  units under 12 sectors, 5 years of monthly sick leave, 60,000 deviations, safety rounds, 8
  committees). Building it takes about a minute, so it is kept in `bench/out/` under a name
  keyed on the generator's and the schema's source (`large_<hash>.duckdb`) and rebuilt only
  when they change; every run works on a copy.
- `small`: the old cut-down organisation (`units`, `months`, `deviations`), written by the large
  writers and imported through `data_loaders.ingest.ingest`; for the smoke test.

Every page file under pages/ runs in its own fresh process (`child.py`) under
streamlit.testing.v1.AppTest, reached through dashboard.py's navigation (`switch_page`), signed
in as the demo advisor with HMS_DB set. Pages with a unit
picker run at three levels, chosen with `?enhet=` like the meeting view's links: the
virksomhet (no parameter), the largest sektor and the first enhet in it; the other pages do not
depend on the level and run once (level `alle`). For each page and level:

- cold: a fresh AppTest after `st.cache_data.clear()` and the metric layer's own per-process
  caches cleared (`_CACHE` dicts), `runs` times: a restarted server, or a page no session has
  shown since; the database connection and imported modules stay, as in a running server. The
  whole-organisation suppression is read from the database where a process stored it
  (store/derived.py), as the after-import runs before left it;
- after import: as cold, after a write that moves the data version on (an empty transaction,
  so the data stay the same), `runs` times: nothing is stored for the new version, so the page
  waits for the suppression that `metrics/warm.py` starts computing when it sees the version;
- warm: `runs` reruns of the last AppTest (cached results, same widget state);
- new session: a fresh AppTest after `st.cache_data.clear()` only, `runs` times: a visitor
  arriving once the shared whole-organisation suppression has been computed (`metrics/warm.py`
  starts it in the background when the app sees a new data version).

The baseline is an empty page (a title only, behind a one-page navigation) measured the same way
in the same run; pages are reported as ratios to it and as median minus its median.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import tempfile
from pathlib import Path

import numpy as np

from bench.child import ROOT, run_child

PAGES = tuple(sorted(p.stem for p in (ROOT / "pages").glob("*.py")))
UNIT_PAGES = ("avvik", "oversikt", "saksliste", "sykefravaer", "vernerunder")  # unit picker
LEVELS = ("virksomhet", "sektor", "enhet")
SMALL_PAGES = ("oversikt", "sykefravaer", "avvik", "vernerunder")
EMPTY = "tom_side"
EMPTY_PAGE = '"""An empty page: the baseline of the page benchmark."""\n\nimport streamlit as st\n\nst.title("Tom side")\n'
EMPTY_APP = (
    '"""Entry script of the baseline: navigation to the empty page only."""\n\n'
    "import streamlit as st\n\n"
    f'st.navigation([st.Page("{EMPTY}.py", title="Tom side")]).run()\n'
)
LAST_YEAR = 2025  # the large writers end in 2025-12
OUT = ROOT / "bench" / "out"
GENERATOR = ("sample_data/large_demo.py", "sample_data/large.py", "sample_data/large_hms.py")

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

BUILD_LARGE = """
from sample_data.large_demo import build_large_demo
from store import open_database
result["messages"] = build_large_demo(db_path)
with open_database(db_path) as db:
    result["rows"] = {t: int(db.scalar("SELECT count(*) FROM " + t))
                      for t in ("org_units", "sick_leave", "deviations", "safety_findings")}
"""

CHOOSE = """
from store import open_database
from store.org import org_tree
with open_database(db_path) as db:
    tree = org_tree(db)
sectors = tree[tree["level"] == "sektor"]
size = tree.groupby("parent_id").size()
sector = int(max(sectors["id"], key=lambda i: (size.get(i, 0), -i)))
units = tree[(tree["level"] == "enhet") & (tree["parent_id"] == sector)]
result["ids"] = {"virksomhet": None, "sektor": sector, "enhet": int(units["id"].min())}
result["names"] = {"sektor": tree.set_index("id").loc[sector, "name"],
                   "enhet": tree.set_index("id").loc[int(units["id"].min()), "name"]}
"""

RENDER = """
import os
import sys
import streamlit as st
from streamlit.testing.v1 import AppTest

def clear():
    state = sys.modules.get("ui.state")
    for shared in ("_whole", "_whole_table"):  # whole-organisation tables (cache_resource)
        if state is not None and hasattr(state, shared):
            getattr(state, shared).clear()
    for name, module in list(sys.modules.items()):
        if name.startswith("metrics.") and isinstance(getattr(module, "_CACHE", None), dict):
            module._CACHE.clear()

def check(at):
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")

def new_version():  # what an import does to the caches, without changing the data
    from store import open_database
    db = open_database(os.environ["HMS_DB"])
    with db.transaction():
        pass
    db.close()

def fresh(unit, clear_metrics, after_import=False):  # a new AppTest after emptying the caches
    if after_import:
        new_version()
    st.cache_data.clear()
    if clear_metrics:
        clear()
    at = AppTest.from_file(str(entry), default_timeout=TIMEOUT)
    at.switch_page(str(page))
    if unit is not None:
        at.query_params["enhet"] = str(unit)
    t0 = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - t0
    check(at)
    return seconds, at

result["levels"] = []
for level, unit in LEVELS:
    cold, warm, new_session, after_import = [], [], [], []
    for _ in range(RUNS):
        after_import.append(fresh(unit, clear_metrics=True, after_import=True)[0])
    for _ in range(RUNS):
        seconds, at = fresh(unit, clear_metrics=True)
        cold.append(seconds)
    for _ in range(RUNS):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
        check(at)
    for _ in range(RUNS):  # a new visitor once the shared suppression is computed (warm.py)
        new_session.append(fresh(unit, clear_metrics=False)[0])
    result["levels"].append({"level": level, "cold": cold, "warm": warm, "fresh": new_session,
        "after_import": after_import, "shown": {
        "metric": len(at.metric), "dataframe": len(at.dataframe),
        "plotly_chart": len(at.get("plotly_chart")),
        "subheader": [e.value for e in at.subheader][:1],
        "notes": [e.value for e in (*at.info, *at.warning)],
    }})
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


def large_database() -> tuple[Path, dict]:
    """The large organisation in bench/out/, built once per version of the generator."""
    digest = hashlib.sha256()
    sources = [ROOT / g for g in GENERATOR] + sorted((ROOT / "store" / "migrations").glob("*"))
    for f in sources:
        digest.update(f.name.encode() + f.read_bytes())
    path = OUT / f"large_{digest.hexdigest()[:12]}.duckdb"
    if path.exists():
        return path, {"cached": path.name}
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("large_*.duckdb*"):
        old.unlink()
    with tempfile.TemporaryDirectory(dir=OUT) as name:
        built = Path(name) / "large.duckdb"
        info = run_child(BUILD_LARGE, {"db_path": built})
        built.replace(path)
    return path, {"built": path.name, "build_s": info["seconds"], "rows": info["rows"]}


def render(
    entry: Path,
    page: str,
    db_path: Path,
    runs: int,
    levels: list[tuple[str, int | None]],
    timeout: float = 600,
) -> list[dict]:
    """Cold and warm render times of one page (a path relative to the entry script, reached
    through its navigation) at each level, in a fresh process."""
    variables = {"entry": entry, "page": page, "RUNS": runs, "TIMEOUT": timeout, "LEVELS": levels}
    out = run_child(RENDER, variables, env={"HMS_DB": str(db_path), "HMS_AUTH": "demo"})
    results = []
    for i, r in enumerate(out["levels"]):
        cold, warm, fresh = r["cold"], r["warm"], r["fresh"]
        results.append(
            {
                "level": r["level"],
                "cold_s": cold,
                "warm_s": warm,
                "first_cold_s": cold[0] if i == 0 else None,
                "cold_median_s": statistics.median(cold),
                "cold_p95_s": p95(cold),
                "warm_median_s": statistics.median(warm),
                "warm_p95_s": p95(warm),
                "fresh_median_s": statistics.median(fresh),
                "fresh_p95_s": p95(fresh),
                "after_import_s": r["after_import"],
                "after_import_median_s": statistics.median(r["after_import"]),
                "after_import_p95_s": p95(r["after_import"]),
                "peak_rss_mb": out["peak_rss_mb"],
                "shown": r["shown"],
            }
        )
    return results


def run(
    size: str = "large",
    runs: int = 10,
    pages: tuple[str, ...] | None = None,
    units: int = 200,
    months: int = 60,
    deviations: int = 20_000,
    large_db: Path | None = None,
) -> dict:
    """Render the empty page and every page at each level on the chosen database (`large_db`:
    an already built large organisation instead of the one kept in bench/out/)."""
    pages = pages or (PAGES if size == "large" else SMALL_PAGES)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if size == "large":
            source, build = (large_db, {"given": str(large_db)}) if large_db else large_database()
            shutil.copyfile(source, tmp / "bench.duckdb")
        else:
            build = build_database(tmp, units, months, deviations)
        db_path = tmp / "bench.duckdb"
        chosen = run_child(CHOOSE, {"db_path": db_path})
        levels = [(lv, chosen["ids"][lv]) for lv in LEVELS]
        (tmp / f"{EMPTY}.py").write_text(EMPTY_PAGE, encoding="utf-8")
        (tmp / "tom_app.py").write_text(EMPTY_APP, encoding="utf-8")
        once = [("alle", None)]
        results = [
            {"page": EMPTY, **r}
            for r in render(tmp / "tom_app.py", f"{EMPTY}.py", db_path, runs, once)
        ]
        for page in pages:
            at = levels if page in UNIT_PAGES else once
            timed = render(ROOT / "dashboard.py", f"pages/{page}.py", db_path, runs, at)
            results += [{"page": page, **r} for r in timed]
    empty = results[0]
    for r in results:
        r["cold_ratio"] = r["cold_median_s"] / empty["cold_median_s"]
        r["warm_ratio"] = r["warm_median_s"] / empty["warm_median_s"]
        r["cold_minus_empty_s"] = r["cold_median_s"] - empty["cold_median_s"]
        r["warm_minus_empty_s"] = r["warm_median_s"] - empty["warm_median_s"]
        r["goal_met"] = r["warm_minus_empty_s"] <= 0.3 and r["cold_median_s"] <= 2.0
        r["fresh_goal_met"] = r["warm_minus_empty_s"] <= 0.3 and r["fresh_median_s"] <= 2.0
    return {
        "size": size,
        "units": units if size == "small" else 1513,
        "runs": runs,
        "build": build,
        "levels": {**chosen["ids"], "names": chosen["names"]},
        "pages": results,
    }


def table(result: dict) -> str:
    """The page results as a Markdown table; the empty page first (the baseline)."""
    lines = [
        "| page | level | cold median s | cold p95 s | cold / empty | after import median s"
        " | after import p95 s | new session median s | new session p95 s | warm median s"
        " | warm p95 s | warm / empty | warm − empty s | goal (cold) | goal (new session) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    yes = {True: "ja", False: "nei"}
    for r in result["pages"]:
        lines.append(
            f"| {r['page']} | {r['level']} | {r['cold_median_s']:.3f} | {r['cold_p95_s']:.3f}"
            f" | {r['cold_ratio']:.1f}× | {r['after_import_median_s']:.3f}"
            f" | {r['after_import_p95_s']:.3f} | {r['fresh_median_s']:.3f} | {r['fresh_p95_s']:.3f}"
            f" | {r['warm_median_s']:.3f} | {r['warm_p95_s']:.3f}"
            f" | {r['warm_ratio']:.1f}× | {r['warm_minus_empty_s']:+.3f}"
            f" | {yes[r['goal_met']]} | {yes[r['fresh_goal_met']]} |"
        )
    return "\n".join(lines)

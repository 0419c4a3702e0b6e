"""Memory benchmark: peak RSS of the app server while it serves the large organisation.

Copies the large organisation (`bench.pages.large_database`, or `large_db`) into a temporary
directory, starts `streamlit run dashboard.py` (`HMS_AUTH=demo`, the demo advisor) and opens,
in one headless Chromium (Playwright), every page the sidebar offers, the pages with a unit
picker at each level (`?enhet=`: the virksomhet, the largest sektor, the first enhet in it,
as the page benchmark chooses them), each in a new Streamlit session (a `page.goto`), waiting
for the script to finish. The server's `VmHWM` (peak RSS) and `VmRSS` are read after every
page. Baseline, same run: the server's RSS when it has started and before any session.

The peak RSS of ingesting the 200,000-row sick-leave file is the ingest benchmark's
(`bench/out/ingest.json`, `python -m bench ingest`); the table quotes it when that file exists.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from bench.child import ROOT, run_child
from bench.server import running_app, server_usage, status_mb

GOAL_MB = 1024.0


async def walk(url: str, pid: int, levels: dict, page_timeout: float, only=None) -> list[dict]:
    """Open every offered page (unit pages at each level); the server's memory after each."""
    from playwright.async_api import async_playwright

    from bench.load import BROWSER_ARGS, CHROMIUM, ERRORS, IDLE
    from bench.pages import UNIT_PAGES

    ms, steps = page_timeout * 1000, []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            page = await (await browser.new_context(viewport={"width": 1400, "height": 1000})).new_page()  # fmt: skip
            await page.goto(url, timeout=ms * 3)
            await page.locator("h1").first.wait_for(timeout=ms * 3)
            nav = page.get_by_test_id("stSidebarNav").get_by_role("link")
            paths = [h.removeprefix(url) or "/" for h in await nav.evaluate_all("ls => ls.map(l => l.href)")]  # fmt: skip
            for path in [p for p in paths if only is None or p in only]:
                key = path.strip("/") or "oversikt"
                for level, unit in levels.items() if key in UNIT_PAGES else [("alle", None)]:
                    t0 = time.perf_counter()
                    query = "" if unit is None else f"?enhet={unit}"
                    await page.goto(f"{url}{path}{query}", timeout=ms)
                    await page.locator("h1").first.wait_for(timeout=ms)
                    await page.wait_for_selector(IDLE, timeout=ms)
                    errors = await page.locator(ERRORS).all_inner_texts()
                    steps.append({"page": path, "level": level, "s": time.perf_counter() - t0,
                                  "errors": [e.strip()[:200] for e in errors], **status_mb(pid)})  # fmt: skip
        finally:
            await browser.close()
    return steps


def run(large_db: Path | None = None, page_timeout: float = 120, timeout: float = 1200,
        only: tuple[str, ...] | None = None) -> dict:  # fmt: skip
    """Serve the large organisation and walk every page at each level; peak RSS figures.
    `only`: just these URL paths (e.g. "/", "/sykefravaer"; for the smoke test)."""
    from bench.pages import CHOOSE, large_database

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        db_path = Path(name) / "large.duckdb"
        source, build = (large_db, {"given": str(large_db)}) if large_db else large_database()
        shutil.copyfile(source, db_path)
        ids = run_child(CHOOSE, {"db_path": db_path})["ids"]
        with running_app(db_path, False, Path(name) / "server.log") as (url, proc):
            idle = status_mb(proc.pid)
            steps = asyncio.run(
                asyncio.wait_for(walk(url, proc.pid, ids, page_timeout, only), timeout)
            )
            cpu, peak = server_usage(proc)
        tracebacks = (Path(name) / "server.log").read_text(errors="replace").count("Traceback")
    ingest_json = ROOT / "bench" / "out" / "ingest.json"
    ingest = json.loads(ingest_json.read_text()) if ingest_json.exists() else []
    return {
        "database": build,
        "idle_rss_mb": idle["VmRSS"],
        "server_peak_rss_mb": peak,
        "server_cpu_s": cpu,
        "steps": steps,
        "errors": [f"{s['page']} {s['level']}: {e}" for s in steps for e in s["errors"]],
        "server_log_tracebacks": tracebacks,
        "ingest": {r["file"]: r["ingest_peak_rss_mb"] for r in ingest},
        "goal_met": peak <= GOAL_MB,
        "wall_s": time.perf_counter() - started,
    }


def table(result: dict) -> str:
    """Peak RSS against the idle server and the 1 GiB goal, then the ingest's, as Markdown."""
    idle, peak = result["idle_rss_mb"], result["server_peak_rss_mb"]
    lines = [
        "| process | peak RSS MB | baseline | baseline MB | ratio | ≤ 1 GiB |",
        "|---|---|---|---|---|---|",
        f"| server (`streamlit run`), {len(result['steps'])} page views"
        f" | {peak:.0f} | idle server | {idle:.0f} | {peak / idle:.1f}× | {'ja' if peak <= GOAL_MB else 'nei'} |",
    ]  # fmt: skip
    for file, mb in result["ingest"].items():
        lines.append(f"| ingest {file} (bench/out/ingest.json) | {mb:.0f} | – | – | – |"
                     f" {'ja' if mb <= GOAL_MB else 'nei'} |")  # fmt: skip
    lines += ["", "| page | level | s | RSS MB after | peak MB so far |", "|---|---|---|---|---|"]
    for s in result["steps"]:
        lines.append(f"| {s['page']} | {s['level']} | {s['s']:.1f} | {s['VmRSS']:.0f} | {s['VmHWM']:.0f} |")  # fmt: skip
    lines.append(f"\nErrors shown: {len(result['errors'])}; tracebacks in the server log:"
                 f" {result['server_log_tracebacks']}; wall {result['wall_s']:.0f} s.")  # fmt: skip
    return "\n".join(lines)

"""Load benchmark: concurrent browser sessions read panels through the real server while imports run.

Builds the demo database (or copies the large organisation, `size="large"`) in a temporary
directory, starts `streamlit run dashboard.py` on a free loopback port and drives one headless
Chromium (Playwright, async), a browser context per Streamlit session: an untimed warm-up
session; 1 reader alone (the baseline); then `readers` readers together (arriving `ramp_s`
apart) while `imports` more sessions upload and confirm different sick-leave exports on the
Import page. A page time runs from the click on the page's sidebar link (in-app navigation
keeps the session) until its h1 is shown and `stApp[data-test-script-state="notRunning"]`;
errors on screen are counted after every page; the database must then hold every import. With
sign-in (`cli.py user --help` exits 0) every reader is a `leder` scoped to its own sector or
unit, and the unit selector must never offer a unit outside that subtree. Bounded by a
per-page and a whole-run timeout; browser and server are closed in finally blocks.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.child import ROOT
from bench.server import running_app, sample_rss, server_usage

CHROMIUM = "/usr/bin/chromium"
# (sidebar link, h1 title, URL path); the landing page Oversikt last: every step navigates.
PAGES = (
    ("Sykefravær", "Sykefravær", "/sykefravaer"),
    ("Avvik og skader", "Avvik og skader", "/avvik"),
    ("Vernerunder og risiko", "Vernerunder og risiko", "/vernerunder"),
    ("Vedtak", "Vedtak og oppfølging", "/vedtak"),
    ("Oversikt", "Oversikt", "/"),
)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
LEVELS = {"Virksomhet": "virksomhet", "Sektor": "sektor", "Enhet": "enhet"}
PASSWORD = "bench-passord-1234"
RAMP_S = 3.0  # readers start this far apart; the imports start once all readers have started
FIRST_LOAD = 3  # the first load may take this many page timeouts
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def cli(db_path: Path, *args: str, check: bool = True) -> bool:
    """`python cli.py ARGS` on the database (a password on stdin); False when it fails."""
    out = subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, input=PASSWORD + "\n",
                         env={**os.environ, "HMS_DB": str(db_path)}, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    if check and out.returncode != 0:
        raise RuntimeError(f"cli.py {' '.join(args)}: {out.stderr.strip()[-500:]}")
    return out.returncode == 0


def query(db_path: Path, sql: str) -> list[tuple]:
    from store import open_database

    with open_database(db_path) as db:
        return db.rows(sql)


def write_imports(tmp: Path, n: int, rows: int, year: int = 2025) -> list[dict]:
    """n sick-leave exports of the large writer's units, one year each (`year`, `year` - 1 …),
    years the database does not hold for them: each only adds rows."""
    from sample_data.large import write_large_export

    units, base = max(1, rows // 12), tmp / "base.csv"
    write_large_export(base, units * 12, "csv", units=units)  # 2025
    names = [f"last_opp_{year - k}.csv" for k in range(n)]
    for k, name in enumerate(names):
        (tmp / name).write_bytes(base.read_bytes().replace(b" 2025;", f" {year - k};".encode()))
    return [{"file": f, "path": str(tmp / f), "rows": units * 12} for f in names]


def scopes(units: list[tuple], n: int, avoid: set[str]) -> list[str]:
    """n scope names, sectors first; unique in the tree, units not among those imports make."""
    names = [u[3] for u in units]
    fit = [u for u in units if names.count(u[3]) == 1 and u[1] is not None and (u[3] not in avoid or u[2] == "sektor")]  # fmt: skip
    ordered = [u[3] for u in sorted(fit, key=lambda u: (u[2] != "sektor", u[3]))]
    return [ordered[k % len(ordered)] for k in range(n)]


class Session:
    """One browser context: a Streamlit session, signed in when `user` is given."""

    def __init__(self, browser, url: str, user: str | None, page_timeout: float) -> None:  # fmt: skip
        self.browser, self.url, self.user, self.ms = browser, url, user, page_timeout * 1000
        self.times: dict[str, list[float]] = {}  # seconds by path, and "first load"
        self.errors: list[str] = []  # what an error element on screen said
        self.options: list[tuple[str, str]] = []  # (level, option text) of the unit selector
        self.links: set[str] = set()  # the pages the sidebar navigation offers this user

    async def __aenter__(self) -> Session:
        self.ctx = await self.browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = await self.ctx.new_page()
        t0 = time.perf_counter()
        self.ms *= FIRST_LOAD  # the first load (JS bundle, sign-in) gets a larger budget
        await self.page.goto(self.url, timeout=self.ms, wait_until="commit")  # then the h1
        if self.user:
            await self.page.get_by_label("Brukernavn").fill(self.user, timeout=self.ms)
            await self.page.get_by_label("Passord").fill(PASSWORD)
            await self.page.get_by_role("button", name="Logg inn").click()
        await self.idle("Oversikt", "first load")
        self.times["first load"], self.ms = [time.perf_counter() - t0], self.ms / FIRST_LOAD
        nav = self.page.get_by_test_id("stSidebarNav").get_by_role("link")
        self.links = {t.split("\n")[-1].strip() for t in await nav.all_inner_texts()}  # no icon
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ctx.close()

    async def idle(self, title: str, where: str) -> None:
        """Wait for the h1 `title` and a finished script; count errors shown on the page."""
        h1 = self.page.get_by_role("heading", name=title, exact=True, level=1)
        await h1.wait_for(timeout=self.ms)
        await self.page.wait_for_selector(IDLE, timeout=self.ms)
        for text in await self.page.locator(ERRORS).all_inner_texts():
            self.errors.append(f"{where}: {text.strip()[:200]}")
        if await self.page.locator(CONNECTED).count() == 0:
            self.errors.append(f"{where}: not connected to the server")

    async def visit(self, link: str, title: str, path: str) -> None:
        nav = self.page.get_by_test_id("stSidebarNav")
        t0 = time.perf_counter()
        await nav.get_by_role("link", name=link, exact=True).click(timeout=self.ms)
        await self.idle(title, path)
        self.times.setdefault(path, []).append(time.perf_counter() - t0)

    async def read(self, rounds: int) -> None:
        for _ in range(rounds):
            for link, title, path in PAGES:
                if link in self.links:  # e.g. a leder has no Vedtak page
                    await self.visit(link, title, path)

    async def unit_options(self) -> None:
        """On Sykefravær, every level's unit selector options (what this user may pick)."""
        await self.page.set_viewport_size({"width": 1400, "height": 2400})  # room for every option
        await self.visit("Sykefravær", "Sykefravær", "/sykefravaer")
        bar = self.page.get_by_test_id("stSidebar")
        radio = (
            bar.get_by_test_id("stRadio").filter(has_text="Nivå").get_by_test_id("stRadioOption")
        )
        for label in [t.strip() for t in await radio.all_inner_texts() if t.strip() in LEVELS]:
            await radio.filter(has_text=label).click(timeout=self.ms)
            combo = self.page.get_by_role("combobox", name=label, exact=True)
            await bar.locator(combo).wait_for(timeout=self.ms)  # drawn by the level's rerun
            await self.page.wait_for_selector(IDLE, timeout=self.ms)
            box = bar.get_by_test_id("stSelectbox").filter(has=combo)
            await box.get_by_role("button", name="Open").click(timeout=self.ms)
            listed, texts = self.page.get_by_role("listbox").get_by_role("option"), []
            await listed.first.wait_for(timeout=self.ms)
            while texts != (texts := await listed.all_inner_texts()):  # until fully drawn
                await self.page.wait_for_timeout(300)
            self.options += [(LEVELS[label], t.strip()) for t in texts]
            await self.page.keyboard.press("Escape")

    async def upload(self, path: str) -> str:
        """Import a file on the open Import page; returns the confirmation text."""
        await self.page.locator("input[type=file]").set_input_files(path, timeout=self.ms)
        await self.page.get_by_text("Forhåndsvisning").wait_for(timeout=self.ms)
        await self.page.get_by_role("button", name="Bekreft og importer").click(timeout=self.ms)
        done = self.page.get_by_text("Importert:")
        await done.wait_for(timeout=self.ms)
        await self.idle("Import", "/importer")
        return (await done.inner_text()).strip()


async def reader(browser, url, user, rounds, page_timeout, check_scope, delay=0.0) -> Session | str:
    await asyncio.sleep(delay)  # ramp-up: sessions arrive ramp_s apart
    try:
        async with Session(browser, url, user, page_timeout) as s:
            await s.read(rounds)
            if check_scope:
                await s.unit_options()
            return s
    except Exception as err:  # one failed session is a finding, not the end of the benchmark
        return f"{user or 'reader'}: {type(err).__name__}: {str(err).splitlines()[0][:200]}"


async def importer(browser, url, user, item, delay, page_timeout) -> dict:
    start = time.perf_counter()
    try:  # signed in and on the Import page before the readers arrive; uploads at `delay`
        async with Session(browser, url, user, page_timeout) as s:
            await s.visit("Import", "Import", "/importer")
            await asyncio.sleep(max(0.0, delay - (time.perf_counter() - start)))
            t0 = time.perf_counter()
            shown = await s.upload(item["path"])
            return {**item, "shown": shown, "ui_s": time.perf_counter() - t0, "errors": s.errors}
    except Exception as err:
        why = f"{user or 'importer'}: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
        return {**item, "shown": None, "failure": why, "errors": []}


def percentiles(values: list[float]) -> dict:
    p50, p95 = np.percentile(values, [50, 95]) if values else [float("nan")] * 2  # linear
    return {"n": len(values), "p50_s": float(p50), "p95_s": float(p95)}


def summarise(sessions: list, wall_s: float, cpu_s: float) -> dict:
    ok = [s for s in sessions if isinstance(s, Session)]
    pages = {k: percentiles([t for s in ok for t in s.times.get(k, [])]) for k in [*(p for _, _, p in PAGES), "first load"]}  # fmt: skip
    every = [t for s in ok for k, ts in s.times.items() if k != "first load" for t in ts]
    pages["all pages"] = percentiles(every)
    return {"sessions": len(sessions), "pages": pages, "errors": [e for s in ok for e in s.errors],
            "failures": [s for s in sessions if isinstance(s, str)], "wall_s": wall_s,
            "server_cpu_s": cpu_s}  # fmt: skip


async def drive(url, proc, readers, rounds, files, users, page_timeout, ramp_s) -> dict:
    from playwright.async_api import async_playwright

    check, names = bool(users["readers"]), users["readers"] or [None] * readers
    writers = users["importers"] or [None] * len(files)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            warm = await reader(browser, url, names[0], 1, page_timeout, False)
            (c0, _), t0 = server_usage(proc), time.perf_counter()
            alone = [await reader(browser, url, names[0], rounds, page_timeout, False)]
            (c1, _), t1 = server_usage(proc), time.perf_counter()
            jobs = [reader(browser, url, names[k], rounds, page_timeout, check, k * ramp_s) for k in range(readers)]  # fmt: skip
            jobs += [importer(browser, url, writers[k], f, ramp_s * readers + 5.0 * k, page_timeout)
                     for k, f in enumerate(files)]  # fmt: skip
            rss: list[float] = []  # the server's RSS every second while the sessions run
            sampler = asyncio.create_task(sample_rss(proc.pid, rss))
            try:
                done = await asyncio.gather(*jobs)
            finally:
                sampler.cancel()
            (c2, peak), t2 = server_usage(proc), time.perf_counter()
        finally:
            await browser.close()
    loaded, options = done[:readers], {s.user: s.options for s in done if isinstance(s, Session)}
    return {"warm_up": summarise([warm], 0.0, 0.0), "baseline": summarise(alone, t1 - t0, c1 - c0),
            "load": summarise(loaded, t2 - t1, c2 - c1), "import_results": list(done[readers:]),
            "server_peak_rss_mb": peak, "options": options,
            "server_rss_median_mb": float(np.median(rss)) if rss else float("nan")}  # fmt: skip


def scope_violations(units: list[tuple], scope_of: dict, options: dict) -> dict:
    """Options naming a unit outside the user's scope (the scope unit and the units below it)."""
    name, parent = {u[0]: u[3] for u in units}, {u[0]: u[1] for u in units}

    def below(uid: int | None, root: int) -> bool:
        while uid is not None and uid != root:
            uid = parent[uid]
        return uid == root

    def label(u) -> str:  # as the unit selector shows it
        return f"{u[3]} ({name[u[1]]})" if u[2] == "enhet" and u[1] in name else u[3]

    found = []
    for user, seen in options.items():
        root = next(u[0] for u in units if u[3] == scope_of[user])
        allowed = {(u[2], label(u)) for u in units if below(u[0], root)}
        outside = {(u[2], label(u)) for u in units} - allowed
        found += [f"{user} ({scope_of[user]}) sees {t}" for lv, t in seen if (lv, t) in outside]
    return {"sessions_checked": len(options), "options_read": sum(map(len, options.values())),
            "options_by_session": {u: len(o) for u, o in options.items()},
            "violations": len(found), "details": found[:20]}  # fmt: skip


def run(readers: int = 20, rounds: int = 3, imports: int = 2, import_rows: int = 720,
        page_timeout: float = 60, timeout: float | None = None, demo_db: Path | None = None,
        ramp_s: float = RAMP_S, size: str = "sample", large_db: Path | None = None) -> dict:  # fmt: skip
    """Build, serve, drive the browsers, check the database; all figures of one run. `demo_db`:
    copy this already built demo database instead of building one. `size="large"`: serve a copy
    of the large organisation (`large_db`, or the page benchmark's cached build); its imports
    are years before its data (2020, 2019 …); `timeout` defaults to 600 s, 1,200 s when large."""
    from bench.pages import large_database
    from sample_data.demo import build_demo
    from sample_data.large import large_units

    started, large = time.perf_counter(), size == "large"
    with tempfile.TemporaryDirectory() as name:
        db_path = (tmp := Path(name)) / "demo.duckdb"
        if large or demo_db:
            shutil.copy((large_db or large_database()[0]) if large else demo_db, db_path)
        else:
            build_demo(db_path)
        files = write_imports(tmp, imports, import_rows, 2020 if large else 2025)
        before = query(db_path, "SELECT count(*) FROM sick_leave")[0][0]
        auth = cli(db_path, "user", "--help", check=False)  # sign-in exists
        scope_of, writers = {}, [f"radgiver{k + 1}" for k in range(imports)] if auth else []
        if auth:
            created = {n for unit in large_units(max(1, import_rows // 12)) for n in unit}
            units = query(db_path, "SELECT id, parent_id, level, name FROM org_units")
            for k, scope in enumerate(scopes(units, readers, created)):
                scope_of[f"leder{k + 1:02d}"] = scope
                cli(db_path, "user", "add", f"leder{k + 1:02d}", "--role", "leder", "--scope",
                    scope, "--password-stdin")  # fmt: skip
            for name in writers:  # advisors over the whole organisation
                cli(db_path, "user", "add", name, "--role", "radgiver", "--password-stdin")
        users = {"readers": list(scope_of), "importers": writers}
        with running_app(db_path, auth, tmp / "server.log") as (url, proc):
            work = drive(url, proc, readers, rounds, files, users, page_timeout, ramp_s)
            result = asyncio.run(asyncio.wait_for(work, timeout or (1200 if large else 600)))
        logged = dict(query(db_path, "SELECT file_name, rows_written FROM imports"))
        after = query(db_path, "SELECT count(*) FROM sick_leave")[0][0]
        units = query(db_path, "SELECT id, parent_id, level, name FROM org_units")
        server_log = (tmp / "server.log").read_text(errors="replace")
    done, phases = result["import_results"], [result[k] for k in ("warm_up", "baseline", "load")]
    for item in done:
        item.pop("path")
        item["in_log_rows"] = logged.get(item["file"])
    ok = [i for i in done if i["shown"] and i["in_log_rows"] == i["rows"]]
    result["errors_shown"] = [e for x in phases + done for e in x["errors"]]
    result["failures"] = [f for x in phases for f in x["failures"]]
    result["failures"] += [i["failure"] for i in done if "failure" in i]
    expected = sum(f["rows"] for f in files)
    result["writes"] = {"sick_leave_before": before, "sick_leave_after": after,
                        "expected_growth": expected, "lost_rows": expected - (after - before),
                        "confirmed": len(ok)}  # fmt: skip
    result["server_log_tracebacks"] = server_log.count("Traceback")
    options = result.pop("options")
    result["scope"] = scope_violations(units, scope_of, options) if auth else "not run (no sign-in yet)"  # fmt: skip
    result.update(readers=readers, rounds=rounds, imports=imports, auth=auth, size=size,
                  wall_s=time.perf_counter() - started)  # fmt: skip
    return result


def table(result: dict) -> str:
    """Page times for 1 session and for N, then the checks, as Markdown."""
    n, b, ld = result["readers"], result["baseline"], result["load"]
    lines = [f"| page | 1 session p50 s | 1 session p95 s | {n} sessions p50 s | {n} sessions p95 s"
             " | p50 ratio | p95 ratio |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    for page in [*(p for _, _, p in PAGES), "all pages", "first load"]:
        x, y = b["pages"][page], ld["pages"][page]
        lines.append(
            f"| {page} | {x['p50_s']:.2f} | {x['p95_s']:.2f} | {y['p50_s']:.2f} | {y['p95_s']:.2f}"
            f" | {y['p50_s'] / x['p50_s']:.1f}× | {y['p95_s'] / x['p95_s']:.1f}× |"
            if x["n"] and y["n"]
            else f"| {page} | – | – | – | – | – | – |"  # not offered to this role
        )
    w, done, scope = result["writes"], result["import_results"], result["scope"]
    if isinstance(scope, dict):
        scope = (f"{scope['violations']} violations in {scope['options_read']} options read"
                 f" by {scope['sessions_checked']} sessions")  # fmt: skip
    ui = ", ".join(f"{i['ui_s']:.1f}" for i in done if "ui_s" in i) or "–"
    grew = w["sick_leave_after"] - w["sick_leave_before"]
    lines += [
        "",
        "| check | result |",
        "|---|---|",
        f"| errors shown to users | {len(result['errors_shown'])} |",
        f"| sessions failed (timeout, missing element) | {len(result['failures'])} |",
        f"| imports confirmed (UI and import log) | {w['confirmed']} of {result['imports']}"
        f" (upload → «Importert»: {ui} s) |",
        f"| lost writes (sick_leave rows) | {w['lost_rows']}"
        f" (expected +{w['expected_growth']}, got +{grew}) |",
        f"| scope check | {scope} |",
        f"| tracebacks in the server log | {result['server_log_tracebacks']} |",
        f"| server peak RSS | {result['server_peak_rss_mb']:.0f} MB |",
        f"| server RSS while the sessions run, median | {result['server_rss_median_mb']:.0f} MB |",
        f"| server CPU s / wall s | 1 session: {b['server_cpu_s']:.1f} / {b['wall_s']:.1f};"
        f" {n} sessions + imports: {ld['server_cpu_s']:.1f} / {ld['wall_s']:.1f} |",
        f"| total wall time | {result['wall_s']:.0f} s |",
    ]
    return "\n".join(lines)

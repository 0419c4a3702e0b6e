"""End to end in a real headless Chromium: start the app, upload sample exports, see the charts."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is required in CI (dev.py test installs Debian's chromium)")
    pytest.skip("Debian's chromium is not installed here", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db_path: Path):
    """`streamlit run dashboard.py` on a free loopback port with HMS_DB=db_path."""
    port = free_port()
    env = dict(os.environ, HMS_DB=str(db_path), HMS_AUTH=os.environ.get("HMS_AUTH", "demo"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy: " + proc.stderr.read().decode()[-2000:])
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


@pytest.fixture
def server(tmp_path):
    with running_app(tmp_path / "tom.duckdb") as url:
        yield url


def test_upload_sample_exports_and_see_every_chart(server, tmp_path):
    from playwright.sync_api import expect

    with chromium() as page:
        page.goto(server)
        expect(page.get_by_text("Det er ingen sykefraværstall i databasen ennå")).to_be_visible(
            timeout=30_000
        )

        for name in (
            "sykefravaer_2023-2024.xlsx",
            "avvik_2023-2025.xlsx",
            "vernerunder_2023-2025.xlsx",
        ):
            page.goto(f"{server}/importer")
            heading = page.get_by_role("heading", name="Import", exact=True)
            expect(heading).to_be_visible(timeout=30_000)
            page.locator("input[type=file]").set_input_files(str(ROOT / "sample_data" / name))
            expect(page.get_by_text("Forhåndsvisning")).to_be_visible(timeout=30_000)
            page.get_by_role("button", name="Bekreft og importer").click()
            expect(page.get_by_text("Importert:")).to_be_visible(timeout=30_000)

        page.goto(f"{server}/sykefravaer")
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible(timeout=30_000)
        expect(
            page.locator(".js-plotly-plot .legendtext", has_text="Sykefravær totalt")
        ).to_be_visible()
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / "sykefravaer.png"), full_page=True)

        page.goto(f"{server}/avvik")
        expect(page.get_by_role("heading", name="Avvik og skader")).to_be_visible(timeout=30_000)
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Forfalte saker")).to_be_visible()
        page.screenshot(path=str(artifacts / "avvik.png"), full_page=True)

        page.goto(f"{server}/vernerunder")
        expect(page.get_by_role("heading", name="Vernerunder og risiko")).to_be_visible(
            timeout=30_000
        )
        expect(page.locator(".js-plotly-plot .heatmaplayer").first).to_be_attached(timeout=30_000)
        page.screenshot(path=str(artifacts / "vernerunder.png"), full_page=True)


def test_the_committee_walks_the_agenda_and_records_a_decision(demo_db_file, tmp_path):
    """Møtevisning on the projector: case by case, frozen figures, a decision written."""
    import datetime as dt

    from playwright.sync_api import expect

    from metrics.meeting_snapshot import agenda_snapshots
    from store import meetings, open_database

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    with open_database(path) as db:  # send the agenda of HAMU's planned meeting
        planned = meetings.meetings(db)
        planned = planned[(planned["committee"] == "HAMU") & (planned["status"] == "planlagt")]
        mid = int(planned["id"].iloc[0])
        day = planned["meeting_date"].iloc[0].date()
        meetings.send_agenda(db, mid, agenda_snapshots(db, mid, day - dt.timedelta(days=10)))
        db.checkpoint()

    with running_app(path) as url, chromium() as page:
        page.goto(f"{url}/motevisning")  # the first visit is a bookmark, not the front page
        expect(page.get_by_role("heading", name="Godkjenning av innkalling")).to_be_visible(
            timeout=30_000
        )
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Møtevisning", exact=True)).to_be_visible()  # the app's titles,
        expect(nav.get_by_text("motevisning", exact=True)).to_have_count(0)  # not file names
        page.get_by_role("button", name="Neste sak →").click()
        expect(page.get_by_role("heading", name="Oppfølging av tidligere vedtak")).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("Tidligere vedtak som ikke er lukket")).to_be_visible()
        page.get_by_role("button", name="Neste sak →").click()
        expect(page.get_by_role("heading", name="Sykefravær 4. kvartal 2025")).to_be_visible(
            timeout=30_000
        )
        expect(page.get_by_text("Tall slik de var da innkallingen ble sendt")).to_be_visible()
        page.get_by_label("Vedtakstekst").fill("HAMU ber Helse og omsorg legge fram en plan.")
        page.get_by_label("Ansvarlig").fill("Kommunalsjef helse og omsorg")
        page.get_by_role("button", name="Registrer vedtak").click()
        expect(page.get_by_text("Vedtaket er registrert.")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Vedtak i saken")).to_be_visible()
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / "motevisning.png"), full_page=True)


def test_a_leader_signs_in_and_gets_only_her_pages(demo_db_file, tmp_path, monkeypatch):
    """Local sign-in on the real server: the navigation and the URLs follow the role."""
    from playwright.sync_api import expect

    from store import open_database
    from store.users import add_user, grant

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    with open_database(path) as db:
        helse = int(db.scalar("SELECT id FROM org_units WHERE name = 'Helse og omsorg'"))
        add_user(db, "kari", "Kari Leder", "test", "et-langt-passord")
        grant(db, "kari", "leder", helse, "test")
        db.checkpoint()
    monkeypatch.setenv("HMS_AUTH", "local")
    with running_app(path) as url, chromium() as page:
        page.goto(f"{url}/importer")  # a bookmark to a page she may not open
        expect(page.get_by_role("heading", name="Logg inn")).to_be_visible(timeout=30_000)
        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_label("Passord").fill("et-langt-passord")
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_role("heading", name="Oversikt", exact=True)).to_be_visible(
            timeout=30_000
        )
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Årsrapporter", exact=True)).to_be_visible()
        for hidden in ("Import", "Innstillinger", "Møter", "Brukere"):
            expect(nav.get_by_text(hidden, exact=True)).to_have_count(0)
        page.goto(f"{url}/importer")
        expect(page.get_by_role("heading", name="Import", exact=True)).to_have_count(0)
        page.screenshot(path=str(ROOT / "test-artifacts" / "leder.png"), full_page=True)

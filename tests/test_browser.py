"""End to end in a real headless Chromium: start the app, upload a sample export, see the chart."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
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


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = dict(os.environ, HMS_DB=str(tmp_path / "tom.duckdb"))
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
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_upload_a_sample_export_and_see_the_trend_chart(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        expect(page.get_by_text("Det er ingen sykefraværstall i databasen ennå")).to_be_visible(
            timeout=30_000
        )

        page.goto(f"{server}/importer")
        expect(page.get_by_role("heading", name="Import av sykefravær")).to_be_visible(
            timeout=30_000
        )
        page.locator("input[type=file]").set_input_files(
            str(ROOT / "sample_data" / "sykefravaer_2023-2024.xlsx")
        )
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
        browser.close()

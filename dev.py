"""Set-up and everyday tasks with nothing but python3 and pip on the machine.

    python3 dev.py start   install into .venv/ (plus Debian's chromium for report figures, if
                           possible) and start the app on the sample organisation
    python3 dev.py test    install into .venv/ (plus Debian's chromium) and run every test
    python3 dev.py lint    ruff check + format check
    python3 dev.py bench   run the benchmarks in bench/

Installing is skipped when .venv/ already holds exactly the pinned requirements.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
DEMO_DB = ROOT / "data" / "demo.duckdb"
# The app server's environment. Streamlit runs every session's script in its own thread, and
# glibc gives each thread a malloc arena of its own (up to 8 per core) whose freed memory the
# other threads cannot reuse. Two arenas: serving the large organisation to 20 sessions with 2
# imports, the server's median RSS fell from about 850 to 645 MB and its peak from 1,093 to
# 981 MB (bench/RESULTS.md), at no measurable cost in page times.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def run(cmd: list[str], **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv(requirements: str) -> None:
    """Create .venv and install the pinned requirements unless they are already installed."""
    req = ROOT / requirements
    digest = hashlib.sha256(
        b"".join((ROOT / f).read_bytes() for f in ("requirements.txt", requirements))
    ).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        run([sys.executable, "-m", "venv", VENV])
    run([PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", req])
    stamp.write_text(digest)


def ensure_chromium(without: str, packages: tuple[str, ...], must: bool = True) -> None:
    """Debian's chromium, for the browser test and for the report figures (kaleido).

    Playwright's and kaleido's own browser downloads cannot work here. `without` says what is
    lost when chromium cannot be installed; with `must=False` a failed install says only that.
    """
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Merk: chromium mangler og kan ikke installeres her; {without}.")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", *packages], env=env)
    except (subprocess.CalledProcessError, OSError):
        if must:
            raise
        print(f"Merk: chromium kunne ikke installeres; {without}.")


def start() -> None:
    ensure_venv("requirements.txt")
    ensure_chromium("årsrapportene lages uten figurer (bare tabeller)", ("chromium",), must=False)
    env = {**os.environ, **SERVER_ENV}
    if not env.get("HMS_DB"):
        env["HMS_DB"] = str(DEMO_DB)
        env.setdefault("HMS_AUTH", "demo")  # the sample opens signed in as the demo advisor
        if not DEMO_DB.exists():
            run([PY, ROOT / "cli.py", "demo", "--db", DEMO_DB], cwd=ROOT)
    port = env.get("PORT", "8501")
    run(
        [PY, "-m", "streamlit", "run", ROOT / "dashboard.py", "--server.port", port,
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def test(extra: list[str]) -> None:
    ensure_venv("requirements-dev.txt")
    ensure_chromium("nettlesertesten og figurtestene hoppes over", ("chromium", "poppler-utils"))
    result = subprocess.run([PY, "-m", "pytest", "-n", "2", *extra], cwd=ROOT)
    sys.exit(result.returncode)


def lint() -> None:
    ensure_venv("requirements-dev.txt")
    run([VENV / "bin" / "ruff", "check", "."], cwd=ROOT)
    run([VENV / "bin" / "ruff", "format", "--check", "."], cwd=ROOT)


def bench(extra: list[str]) -> None:
    ensure_venv("requirements-dev.txt")
    run([PY, "-m", "bench", *extra], cwd=ROOT)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test", "lint", "bench"}:
        print(__doc__)
        sys.exit(2)
    task, extra = sys.argv[1], sys.argv[2:]
    {"start": lambda: start(), "test": lambda: test(extra), "lint": lint,
     "bench": lambda: bench(extra)}[task]()  # fmt: skip


if __name__ == "__main__":
    main()

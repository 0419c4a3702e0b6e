"""The app server under measurement: started as `python3 dev.py start` starts it, its CPU time
and memory read from /proc. Shared by the load and memory benchmarks.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.child import ROOT
from dev import SERVER_ENV  # the environment `python3 dev.py start` gives the server


@contextmanager
def running_app(db_path: Path, auth: bool, log: Path):
    """`streamlit run dashboard.py` on a free loopback port, in the environment `dev.py start`
    gives it (HMS_AUTH `local` when `auth`, else `demo`; stderr to `log`); yields (url, process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        **SERVER_ENV,
        "HMS_DB": str(db_path),
        "HMS_AUTH": "local" if auth else "demo",
    }
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port",
             str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    url, deadline = f"http://127.0.0.1:{port}", time.time() + 60
    try:
        while True:
            with suppress(OSError):
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def server_usage(proc) -> tuple[float, float]:
    """(CPU seconds so far, peak RSS in MB from VmHWM) of the server process."""
    import psutil

    cpu = sum(psutil.Process(proc.pid).cpu_times()[:2])
    return cpu, status_mb(proc.pid)["VmHWM"]


def status_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak) and VmRSS (now) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


async def sample_rss(pid: int, into: list[float], every_s: float = 1.0) -> None:
    """Append the process's RSS (MB) to `into` every `every_s` seconds until cancelled: the
    peak alone swings by a couple of hundred MB from run to run, the median far less."""
    while True:
        with suppress(OSError, KeyError):
            into.append(status_mb(pid)["VmRSS"])
        await asyncio.sleep(every_s)

"""The benchmarks' measuring machinery: run a snippet in a fresh Python process.

A fresh interpreter per measurement keeps memory figures clean of earlier steps (peak RSS is
the child's own) and import caches from leaking between measurements. The child binds the
given variables, runs the snippet, and prints one JSON line: its wall time, its peak RSS and
whatever the snippet put in the dict `result`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TEMPLATE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
{bindings}
result = {{}}
t0 = time.perf_counter()
exec({code!r})
seconds = time.perf_counter() - t0
def _peak_mb():
    # VmHWM is this process image's own high-water mark; ru_maxrss is not reset by exec on
    # Linux and would report the forking parent's peak when that was larger.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
peak = _peak_mb()
print(json.dumps({{"seconds": seconds, "peak_rss_mb": peak, **result}}))
"""


def _literal(value: object) -> str:
    """Python source for a variable the child gets: Paths stay Paths, the rest via repr."""
    if isinstance(value, Path):
        return f"Path({str(value)!r})"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"cannot pass {type(value).__name__} to a child process")


def run_child(
    code: str,
    variables: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> dict:
    """Run `code` in a new interpreter (cwd: the repository) and return its JSON report.

    `variables` (Paths, numbers, strings, lists of them) are bound before the code runs;
    `env` is added to the environment. The report has `seconds` (wall time of the code
    alone, not of starting Python), `peak_rss_mb` and the keys of `result`.
    """
    bindings = "\n".join(f"{k} = {_literal(v)}" for k, v in (variables or {}).items())
    program = _TEMPLATE.format(root=str(ROOT), bindings=bindings, code=code)
    out = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])

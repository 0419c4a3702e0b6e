"""Plotly figures as PNG pictures for the Word and PDF reports, offline (kaleido 1.x).

Kaleido draws with a headless Chromium (Debian's /usr/bin/chromium). Starting a browser
costs seconds, so `chart_renderer()` keeps one alive for a whole document and draws every
figure in it (a few tenths of a second each). It never raises: when Chromium is missing, too
slow or failing, `png` returns None and `problem` says why in Norwegian, so the document can
come out with its tables and that note instead of the figures.

Switch it off with `chart_renderer(enabled=False)` or the environment variable
`HMS_NO_CHARTS=1` (tests, machines without a browser). `for_print` makes a figure fit for
paper: white background, black text, dashes/symbols/patterns so it also reads in grey.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import plotly.graph_objects as go

ENV_SWITCH = "HMS_NO_CHARTS"
BROWSER_PATH: str | None = None  # None: kaleido looks on PATH (chromium, chrome, ...)
FIRST_TIMEOUT = 30.0  # seconds for starting the browser and drawing the first figure
TIMEOUT = 15.0  # seconds for each later figure
CLOSE_TIMEOUT = 10.0

_TABLES = "Tabellene har de samme tallene."
NO_BROWSER = (
    "Figurene kunne ikke tegnes: fant ikke nettleseren Chromium som trengs for å lage "
    f"bilder. {_TABLES}"
)
SWITCHED_OFF = (
    "Figurene er ikke tegnet: bildetegning med nettleseren Chromium er slått av. " + _TABLES
)
TIMED_OUT = f"Figurene kunne ikke tegnes: nettleseren Chromium svarte ikke i tide. {_TABLES}"
NO_KALEIDO = f"Figurene kunne ikke tegnes: programpakken kaleido er ikke installert. {_TABLES}"
FAILED = f"Figurene kunne ikke tegnes: nettleseren Chromium feilet. {_TABLES}"

PRINT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
PRINT_SIZE = 16  # px; at 900 px drawn 160 mm wide that is about 8 pt
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "triangle-up", "diamond", "x", "cross", "star")
PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")

_log = logging.getLogger(__name__)


class ChartRenderer:
    """One kept-alive Kaleido browser, started on the first figure, in its own event loop."""

    def __init__(self, enabled: bool, first_timeout: float, timeout: float) -> None:
        self.problem: str | None = None if enabled else SWITCHED_OFF
        self._first_timeout, self._timeout = first_timeout, timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._drawn = 0

    def png(
        self, fig: go.Figure, width: int = 900, height: int = 450, scale: int = 2
    ) -> bytes | None:
        """The figure as PNG bytes (width × scale by height × scale pixels), or None."""
        with self._lock:
            if self.problem is not None:
                return None
            opts = {"format": "png", "width": width, "height": height, "scale": scale}
            limit = self._timeout if self._drawn else self._first_timeout
            try:
                self._start()
                data = self._run(self._draw(fig, opts), limit)
            except FutureTimeout:
                self._fail(TIMED_OUT)
                return None
            except Exception as error:  # noqa: BLE001 - any failure means: no figures
                self._fail(_problem_of(error), error)
                return None
            if not isinstance(data, bytes) or not data.startswith(b"\x89PNG"):
                self._fail(FAILED)
                return None
            self._drawn += 1
            return data

    def close(self) -> None:
        """Stop the browser and the event loop; never raises."""
        with self._lock:
            self._stop()

    # --- inside ----------------------------------------------------------------------------

    def _start(self) -> None:
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="chart-renderer", daemon=True
        )
        self._thread.start()

    def _run(self, coro, limit: float, loop: asyncio.AbstractEventLoop | None = None):
        """Run `coro` in the renderer's loop; TimeoutError after `limit` seconds."""
        future = asyncio.run_coroutine_threadsafe(_outcome(coro), loop or self._loop)
        try:
            done, value = future.result(timeout=limit)
        except FutureTimeout:
            future.cancel()
            raise
        if not done:
            raise value
        return value

    async def _draw(self, fig: go.Figure, opts: dict) -> bytes:
        if self._kaleido is None:
            import kaleido  # imported late: it is only needed when figures are drawn

            self._kaleido = kaleido.Kaleido(
                n=1, timeout=self._timeout, mathjax=False, path=BROWSER_PATH
            )
            await self._kaleido.open()
        return await self._kaleido.calc_fig(fig, opts=opts)

    def _fail(self, problem: str, error: BaseException | None = None) -> None:
        self.problem = problem
        unexpected = error if problem == FAILED else None  # a traceback only when it helps
        _log.warning("%s (%s)", problem, error or "tidsfrist", exc_info=unexpected)
        self._stop()

    def _stop(self) -> None:
        loop, thread, browser = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        if browser is not None:
            if self.problem is not None:
                _kill(browser)  # it failed or hangs: no polite Browser.close to wait for
            with contextlib.suppress(Exception):
                self._run(browser.close(), CLOSE_TIMEOUT, loop)
            _kill(browser)
        with contextlib.suppress(Exception):
            self._run(_cancel_the_rest(), CLOSE_TIMEOUT, loop)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(CLOSE_TIMEOUT)
        if thread is None or not thread.is_alive():
            loop.close()


async def _outcome(coro) -> tuple[bool, Any]:
    """(True, result) or (False, exception): a cancelled task never logs an unread error."""
    try:
        return True, await coro
    except BaseException as error:  # noqa: BLE001 - handed to the calling thread
        return False, error


async def _cancel_the_rest() -> None:
    """Cancel what the browser left running in the loop (its watchdog), and wait for it."""
    rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)


def _kill(browser: Any) -> None:
    """Kill the browser's process group if a clean close left it running."""
    process = getattr(browser, "subprocess", None)
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)  # started with start_new_session=True
    with contextlib.suppress(Exception):
        process.wait(5)


def _problem_of(error: BaseException) -> str:
    """The Norwegian reason for a failure to draw."""
    if isinstance(error, ImportError):
        return NO_KALEIDO
    from choreographer.errors import ChromeNotFoundError

    return NO_BROWSER if isinstance(error, ChromeNotFoundError) else FAILED


def charts_enabled(enabled: bool = True) -> bool:
    """False when switched off by the caller or by HMS_NO_CHARTS=1."""
    return enabled and os.environ.get(ENV_SWITCH, "").strip() in ("", "0")


@contextlib.contextmanager
def chart_renderer(
    enabled: bool = True, first_timeout: float = FIRST_TIMEOUT, timeout: float = TIMEOUT
) -> Iterator[ChartRenderer]:
    """A renderer for all figures of one document; its browser is stopped on exit."""
    renderer = ChartRenderer(charts_enabled(enabled), first_timeout, timeout)
    try:
        yield renderer
    finally:
        renderer.close()


# --- figures for paper ---------------------------------------------------------------------


def for_print(fig: go.Figure) -> go.Figure:
    """A copy fit for a 160 mm wide picture: white, black text, legend below, readable in grey.

    Dash patterns and marker symbols already set on a trace are kept; traces without them
    get ones no other trace uses, and stacked bars get fill patterns, so no series is told
    apart by colour alone.
    """
    out = go.Figure(fig)
    out.update_layout(
        template="plotly_white",
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": PRINT_FONT, "size": PRINT_SIZE, "color": "black"},
        title={"font": {"size": PRINT_SIZE + 3, "color": "black"}, "x": 0, "xref": "paper",
               "xanchor": "left"},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.36, "yanchor": "top",
                "font": {"size": PRINT_SIZE - 1}, "bgcolor": "rgba(0,0,0,0)"},
        margin={"l": 70, "r": 20, "t": 60, "b": 40},
        width=None,
        height=None,
    )  # fmt: skip
    axis = {"showline": True, "linecolor": "black", "ticks": "outside", "tickcolor": "black",
            "gridcolor": "#d0d0d0", "zerolinecolor": "#808080", "automargin": True}  # fmt: skip
    out.update_xaxes(**axis, tickangle=-40)  # a fixed angle, so the legend below clears it
    out.update_yaxes(**axis)
    _distinct_lines(out)
    _distinct_bars(out)
    return out


def _distinct_lines(fig: go.Figure) -> None:
    lines = [t for t in fig.data if t.type == "scatter" and "lines" in (t.mode or "lines")]
    used = {t.line.dash for t in lines if t.line.dash}
    plain = [t for t in lines if not t.line.dash]
    if len(plain) > 1:  # the boldest keeps the solid line, the rest get free patterns
        free = iter([d for d in DASHES if d not in used])
        for trace in sorted(plain, key=lambda t: -(t.line.width or 2)):
            trace.line.dash = next(free, "solid")
    marked = [t for t in fig.data if t.type == "scatter" and "markers" in (t.mode or "")]
    used = {t.marker.symbol for t in marked if t.marker.symbol}
    free = iter([s for s in SYMBOLS if s not in used])
    for trace in marked:
        if not trace.marker.symbol:
            trace.marker.symbol = next(free, "circle")
        trace.marker.size = trace.marker.size or 8


def _distinct_bars(fig: go.Figure) -> None:
    bars = [t for t in fig.data if t.type == "bar"]
    for i, trace in enumerate(bars):
        trace.marker.line = {"color": "black", "width": 0.8}
        if len(bars) > 1 and not trace.marker.pattern.shape:
            pattern = {"shape": PATTERNS[i % len(PATTERNS)], "fgcolor": "black", "size": 7}
            trace.marker.pattern = {**pattern, "fgopacity": 0.55, "solidity": 0.25}

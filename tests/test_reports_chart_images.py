"""Plotly charts from ui/charts.py drawn as PNG by one kept-alive Chromium (kaleido)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import psutil
import pytest
from PIL import Image

from metrics.sick_leave import SickLeaveTrend, TrendPoint
from reports import chart_images
from reports.chart_images import chart_renderer, for_print
from ui.charts import trend_figure, year_over_year_figure

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium mangler (python3 dev.py test installerer den)"
)


def point(year: int, quarter: int, percent: float | None, suppressed: bool = False) -> TrendPoint:
    return TrendPoint(
        period=f"{year}-K{quarter}", display=f"{quarter}. kv. {year}", year=year, index=quarter,
        percent=percent, egenmeldt_percent=None if percent is None else 1.2,
        legemeldt_percent=None if percent is None else percent - 1.2, target_percent=6.0,
        suppressed=suppressed, suppressed_reason="få ansatte" if suppressed else None,
        incomplete=False, has_data=True,
    )  # fmt: skip


@pytest.fixture
def trend() -> SickLeaveTrend:
    values = [7.1, 6.4, 5.9, 8.2, 6.8, None, 5.5, 7.9]
    points = tuple(
        point(2024 + i // 4, i % 4 + 1, v, suppressed=v is None) for i, v in enumerate(values)
    )
    return SickLeaveTrend(unit_id=1, unit="Sjøgløtt sykehjem", level="enhet", kind="kvartal",
                          points=points)  # fmt: skip


def chromium_children() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        with_name = child.name() if child.is_running() else ""
        if "chrom" in with_name.lower():
            found.append(child)
    return found


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return image.size


@needs_chromium
def test_two_charts_share_one_browser_and_come_out_at_the_asked_size(trend):
    with chart_renderer() as renderer:
        started = time.perf_counter()
        first = renderer.png(for_print(trend_figure(trend, None)), width=900, height=450, scale=2)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = renderer.png(for_print(year_over_year_figure(trend)), width=800, height=400,
                              scale=1)  # fmt: skip
        second_s = time.perf_counter() - started
        assert renderer.problem is None
        assert chromium_children(), "the browser is kept alive between figures"
    print(f"\nfirst chart (starts Chromium): {first_s:.2f} s; second chart: {second_s:.2f} s")
    assert first is not None and first.startswith(b"\x89PNG")
    assert second is not None and second.startswith(b"\x89PNG")
    assert size_of(first) == (1800, 900)
    assert size_of(second) == (800, 400)
    assert second_s < 2.0  # a warm browser: typically about 0.2 s
    time.sleep(0.2)
    assert not chromium_children(), "the browser is stopped when the document is done"


def test_switched_off_draws_nothing_and_says_why(trend, monkeypatch):
    monkeypatch.setenv(chart_images.ENV_SWITCH, "1")
    with chart_renderer() as renderer:
        assert renderer.png(trend_figure(trend, None)) is None
        assert renderer.problem is not None and "Chromium" in renderer.problem
    monkeypatch.delenv(chart_images.ENV_SWITCH)
    with chart_renderer(enabled=False) as renderer:
        assert renderer.png(trend_figure(trend, None)) is None
        assert "Chromium" in renderer.problem and "Tabellene" in renderer.problem


def test_a_missing_browser_gives_none_and_a_norwegian_reason(trend, monkeypatch, tmp_path):
    monkeypatch.setattr(chart_images, "BROWSER_PATH", str(tmp_path / "finnes-ikke" / "chromium"))
    with chart_renderer() as renderer:
        assert renderer.png(trend_figure(trend, None)) is None
        assert renderer.problem == chart_images.NO_BROWSER
        assert "fant ikke nettleseren Chromium" in renderer.problem
        assert renderer.png(year_over_year_figure(trend)) is None  # no second attempt


@needs_chromium
def test_a_browser_that_is_too_slow_is_given_up_and_stopped(trend):
    with chart_renderer(first_timeout=0.05) as renderer:
        assert renderer.png(trend_figure(trend, None)) is None
        assert renderer.problem == chart_images.TIMED_OUT
    deadline = time.monotonic() + 10
    while chromium_children() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not chromium_children()


def test_for_print_keeps_dashes_and_symbols_and_tells_the_rest_apart(trend):
    original = trend_figure(trend, None)
    fig = for_print(original)
    assert fig is not original and original.layout.paper_bgcolor is None
    assert fig.layout.paper_bgcolor == "white" and fig.layout.font.color == "black"
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0
    assert fig.layout.font.size >= 14
    by_name = {t.name: t for t in fig.data}
    assert by_name["Mål"].line.dash == "dash"  # set in ui/charts.py, kept
    bars = [t for t in fig.data if t.type == "bar"]
    assert len({t.marker.pattern.shape for t in bars}) == len(bars)
    years = for_print(year_over_year_figure(trend))
    dashes = [t.line.dash for t in years.data]
    assert len(set(dashes)) == len(dashes) == 2
    assert years.data[-1].line.dash == "solid"  # the latest, boldest year stays solid

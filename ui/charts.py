"""Plotly figures drawn from metric results. No Streamlit here, so reports can reuse them.

Hidden (suppressed) points are gaps in the lines, never values; targets and benchmarks are
separate, labelled traces.
"""

from __future__ import annotations

import plotly.graph_objects as go

from core.formatting import fmt_percent
from metrics.benchmarks import BenchmarkSeries
from metrics.deviations import CATEGORIES, DeviationTrend
from metrics.sick_leave import SickLeaveTrend

GREEN, RED, BLUE, GREY, ORANGE = "#1b7f3b", "#b3261e", "#1f4e9c", "#6b6b6b", "#c26a00"


def _hover(values: list[float | None]) -> list[str]:
    return [fmt_percent(v) if v is not None else "skjult eller mangler" for v in values]


def trend_figure(
    trend: SickLeaveTrend, benchmark: BenchmarkSeries | None, big: bool = False
) -> go.Figure:
    """Quarterly sick leave with egen/lege bars, target line and the labelled benchmark."""
    pts = _from_first_data(trend.points)
    x = [p.display for p in pts]
    fig = go.Figure()
    if any(p.egenmeldt_percent is not None for p in pts):
        fig.add_bar(x=x, y=[p.egenmeldt_percent for p in pts], name="Egenmeldt",
                    marker_color="#9fb7e0", hovertext=_hover([p.egenmeldt_percent for p in pts]),
                    hoverinfo="x+name+text")  # fmt: skip
        fig.add_bar(x=x, y=[p.legemeldt_percent for p in pts], name="Legemeldt",
                    marker_color="#4a72b8", hovertext=_hover([p.legemeldt_percent for p in pts]),
                    hoverinfo="x+name+text")  # fmt: skip
    totals = [p.percent for p in pts]
    fig.add_scatter(x=x, y=totals, name="Sykefravær totalt", mode="lines+markers",
                    line={"color": "#111111", "width": 3}, connectgaps=False,
                    hovertext=_hover(totals), hoverinfo="x+name+text")  # fmt: skip
    if any(p.target_percent is not None for p in pts):
        fig.add_scatter(x=x, y=[p.target_percent for p in pts], name="Mål", mode="lines",
                        line={"color": GREEN, "dash": "dash", "width": 2})  # fmt: skip
    if benchmark is not None:
        bench = [benchmark.values.get((p.year, p.index)) for p in pts]
        if any(v is not None for v in bench):
            fig.add_scatter(x=x, y=bench, name=f"Sammenligning: {benchmark.label}",
                            mode="lines+markers", line={"color": ORANGE, "dash": "dot"},
                            marker={"symbol": "diamond"}, connectgaps=False)  # fmt: skip
    hidden = [p.display for p in pts if p.suppressed]
    for label in hidden:
        fig.add_annotation(x=label, y=0, text="skjult", showarrow=False, yshift=10,
                           font={"color": GREY})  # fmt: skip
    _layout(fig, f"Sykefravær per kvartal – {trend.unit}", big)
    fig.update_layout(barmode="stack")
    return fig


def _from_first_data(points: tuple) -> tuple:
    """Drop leading periods before the unit has any data, so the chart starts where it does."""
    first = next((i for i, p in enumerate(points) if p.has_data), len(points))
    return points[first:]


def year_over_year_figure(trend: SickLeaveTrend, big: bool = False) -> go.Figure:
    """One line per year over the quarters, so each quarter is compared with the year before."""
    fig = go.Figure()
    points = _from_first_data(trend.points)
    years = sorted({p.year for p in points})
    shades = ["#c9c9c9", "#8c8c8c", "#4a72b8", "#111111"]
    for i, year in enumerate(years):
        pts = [p for p in points if p.year == year]
        fig.add_scatter(
            x=[f"{p.index}. kv." for p in pts], y=[p.percent for p in pts], name=str(year),
            mode="lines+markers", line={"color": shades[max(0, len(shades) - len(years) + i)],
                                        "width": 3 if year == years[-1] else 2},
            hovertext=_hover([p.percent for p in pts]), hoverinfo="x+name+text",
        )  # fmt: skip
    _layout(fig, f"Samme kvartal år for år – {trend.unit}", big)
    fig.update_xaxes(categoryorder="array", categoryarray=[f"{i}. kv." for i in range(1, 5)])
    return fig


def deviation_trend_figure(trend: DeviationTrend, title: str, big: bool = False) -> go.Figure:
    """Registered deviations per period, stacked by category (hidden counts are left out)."""
    labels = [p.display for p in trend.periods]
    fig = go.Figure()
    for cat in CATEGORIES:
        values = [None if f is None else f.by_category[cat] for f in trend.figures]
        if any(v for v in values):
            fig.add_bar(x=labels, y=values, name=cat)
    fig.update_layout(
        barmode="stack", title=title, template="plotly_white", height=620 if big else 440,
        font={"size": 20 if big else 13}, legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    return fig


def _layout(fig: go.Figure, title: str, big: bool) -> None:
    size = 20 if big else 13
    fig.update_layout(
        title={"text": title, "font": {"size": size + 4}},
        font={"size": size},
        yaxis={"title": "Prosent av avtalte dagsverk", "ticksuffix": " %", "rangemode": "tozero"},
        separators=", ",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 40, "r": 20, "t": 60, "b": 40},
        height=620 if big else 440,
        template="plotly_white",
    )

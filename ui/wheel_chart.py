"""The annual wheel as a Plotly figure: twelve month sectors, January at the top, clockwise.

Each sector holds one ring segment per activity and state (a unit's vernerunder of one month
share a segment, with the count). State is shown by colour, fill pattern and a symbol in the
segment, so the wheel also reads on a black-and-white printout.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from metrics.annual_wheel import DONE, MONTHS, OVERDUE, PLANNED, POSTPONED, WheelItem

# state -> (legend label, colour, pattern, symbol)
STYLE = {
    DONE: ("✓ Gjennomført", "#2e7d32", "", "✓"),
    OVERDUE: ("! Forfalt", "#c62828", "x", "!"),
    PLANNED: ("○ Planlagt", "#90a4ae", ".", "○"),
    POSTPONED: ("→ Utsatt", "#f9a825", "/", "→"),
}
_ORDER = (DONE, OVERDUE, PLANNED, POSTPONED)  # inside out within a month
_MAX_NAMES = 8  # units listed in a segment's hover text before "og N til"


def _segments(items: Sequence[WheelItem]) -> list[dict]:
    """One segment per (month, activity, state), stacked outward from the hub."""
    groups: dict[tuple, list[WheelItem]] = {}
    for i in sorted(items, key=lambda i: (i.month, _ORDER.index(i.state), i.kind, i.activity)):
        groups.setdefault((i.month, i.activity, i.state), []).append(i)
    height: dict[int, int] = {}
    out = []
    for (month, activity, state), group in groups.items():
        base = height.get(month, 0)
        height[month] = base + 1
        units = [g.unit for g in group if g.unit]
        listed = ", ".join(units[:_MAX_NAMES]) + (
            f" og {len(units) - _MAX_NAMES} til" if len(units) > _MAX_NAMES else ""
        )
        owners = sorted({g.owner for g in group if g.owner})
        hover = f"<b>{activity}</b>" + (f" ×{len(group)}" if len(group) > 1 else "")
        hover += f"<br>{MONTHS[month - 1]} · {state}"
        hover += f"<br>{listed}" if listed else ""
        hover += f"<br>Ansvarlig: {', '.join(owners)}" if owners else ""
        evidence = [g.evidence for g in group if g.evidence]
        if len(evidence) == 1:
            hover += f"<br>{evidence[0]}"
        elif evidence:
            hover += f"<br>{len(evidence)} bekreftet av data"
        symbol = STYLE[state][3] + (str(len(group)) if len(group) > 1 else "")
        out.append({"month": month, "state": state, "base": base, "hover": hover, "symbol": symbol})
    return out


def wheel_figure(
    items: Sequence[WheelItem],
    *,
    year: int | None = None,
    reference_month: int | None = None,
    height: int = 560,
    large_text: bool = False,
) -> go.Figure:
    """The wheel for these items; `reference_month` (1–12) is printed in bold."""
    segments = _segments(items)
    fig = go.Figure()
    # Twelve empty sectors first, so every month has its place even with no activities.
    fig.add_trace(
        go.Barpolar(
            r=[0] * 12, theta=list(MONTHS), showlegend=False, hoverinfo="skip",
            marker={"color": "rgba(0,0,0,0)"},
        )
    )  # fmt: skip
    for state in _ORDER:
        label, colour, pattern, _ = STYLE[state]
        mine = [s for s in segments if s["state"] == state]
        fig.add_trace(
            go.Barpolar(
                r=[1] * len(mine),
                base=[s["base"] for s in mine],
                theta=[MONTHS[s["month"] - 1] for s in mine],
                name=label,
                marker={
                    "color": colour,
                    "line": {"color": "white", "width": 2},
                    "pattern": {"shape": pattern, "fgcolor": "black", "fgopacity": 0.45},
                },
                hovertext=[s["hover"] for s in mine],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatterpolar(
            r=[s["base"] + 0.5 for s in segments],
            theta=[MONTHS[s["month"] - 1] for s in segments],
            text=[s["symbol"] for s in segments],
            mode="text",
            textfont={"size": 18 if large_text else 13, "color": "black"},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    rings = max((s["base"] + 1 for s in segments), default=1)
    ticktext = [
        f"<b>{m.upper()}</b>" if reference_month == n else m for n, m in enumerate(MONTHS, 1)
    ]
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"t": 40, "b": 40, "l": 40, "r": 40},
        font={"size": 18 if large_text else 13},
        legend={"title": {"text": "Status"}, "orientation": "h", "y": -0.08},
        polar={
            "barmode": "overlay",
            "hole": 0.22,
            "angularaxis": {
                "rotation": 90,
                "direction": "clockwise",
                "type": "category",
                "categoryorder": "array",
                "categoryarray": list(MONTHS),
                "tickmode": "array",
                "tickvals": list(MONTHS),
                "ticktext": ticktext,
            },  # fmt: skip
            "radialaxis": {"range": [0, rings], "dtick": 1, "showticklabels": False, "ticks": ""},
        },
    )
    centre = str(year) if year is not None else ""
    if not items:
        centre = (centre + "<br>" if centre else "") + "Ingen aktiviteter"
    if centre:
        fig.add_annotation(
            text=centre, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
            font={"size": 20 if large_text else 15},
        )  # fmt: skip
    return fig

"""The words and order of an annual report for Word and PDF, from one AnnualReport.

Sections with their generated text, the text people wrote (or what to write, in the draft),
the charts as images (the same Plotly figures as the pages), the tables with every cell as the
pages show it, then «Datagrunnlag» and «Slik har vi regnet».
"""

from __future__ import annotations

import plotly.graph_objects as go

from metrics.report_model import TEXT, AnnualReport, Chart
from reports.document import Bullets, Heading, Image, Layout, PageBreak, Paragraph, Table, plain
from reports.meeting_layout import long_date
from ui import charts

LEVEL_WORDS = {"virksomhet": "hele virksomheten", "sektor": "sektoren", "enhet": "enheten"}
SOURCE_KINDS = {"sykefravaer": "sykefravær", "avvik": "avvik", "vernerunde": "vernerunder",
                "vedtak": "vedtakslogg"}  # fmt: skip


def chart_figure(chart: Chart) -> go.Figure | None:
    """The page's Plotly figure for a report chart (None for a kind we do not draw)."""
    if chart.key == "sick_leave_trend":
        return charts.trend_figure(chart.data, chart.extra)
    if chart.key == "deviation_trend":
        return charts.deviation_trend_figure(chart.data, chart.title)
    return None


def chart_figures(report: AnnualReport) -> dict[str, go.Figure]:
    """Every chart of the report by its key, as Plotly figures."""
    found = {}
    for section in report.sections:
        for chart in section.charts:
            figure = chart_figure(chart)
            if figure is not None:
                found[chart.key] = figure
    return found


def _table(table) -> Table:
    align = tuple("L" if c.kind == TEXT else "R" for c in table.columns)
    return Table(
        columns=tuple(c.name for c in table.columns),
        rows=table.display_rows(),
        title=table.title,
        note=table.note,
        align=align,
    )


def annual_layout(
    report: AnnualReport, images: dict[str, bytes], problem: str | None = None
) -> Layout:
    """The report as document blocks; `images` holds a PNG per chart key that could be drawn."""
    blocks: list = [
        Heading(report.title, 0),
        Paragraph(
            f"{report.organisation} ({LEVEL_WORDS['virksomhet']})"
            if report.scope_level == "virksomhet"
            else f"{report.organisation} – {report.scope} ({LEVEL_WORDS[report.scope_level]})"
        ),
        Paragraph(
            f"Laget {long_date(report.generated)} fra HMS-dashboardet. Dette er et utkast som"
            " ledelsen gjør ferdig; tallene er de samme som på sidene.",
            small=True,
        ),
        Paragraph(
            f"Tall for grupper med færre enn {report.threshold} personer vises ikke, men står som"
            f" «skjult (færre enn {report.threshold})».",
            small=True,
        ),
    ]
    if problem:
        blocks.append(Paragraph(problem, label="Merk:", small=True))
    for section in report.sections:
        blocks.append(Heading(section.title, 1))
        blocks += [Paragraph(plain(p)) for p in section.paragraphs]
        if section.free_text:
            blocks += [Paragraph(plain(p)) for p in section.free_text.split("\n\n") if p.strip()]
        elif section.free_text_hint:
            blocks.append(Paragraph(f"[Skriv her: {section.free_text_hint}]", small=True))
        for chart in section.charts:
            png = images.get(chart.key)
            if png is not None:
                blocks.append(Image(png, 160.0, chart.title))
        blocks += [_table(t) for t in section.tables]
    blocks.append(PageBreak())
    blocks.append(Heading("Datagrunnlag", 1))
    if report.sources:
        blocks.append(
            Table(
                columns=("Import", "Innhold", "Fil", "Importert", "Av"),
                rows=tuple(
                    (
                        f"#{s.import_id}",
                        SOURCE_KINDS.get(s.kind, s.kind),
                        plain(s.file_name),
                        f"{s.imported_at:%d.%m.%Y}",
                        plain(s.imported_by),
                    )
                    for s in report.sources
                ),  # fmt: skip
            )
        )
    else:
        blocks.append(Paragraph("Ingen importerte data for året."))
    blocks.append(Heading("Slik har vi regnet", 1))
    blocks.append(Bullets(tuple(report.method)))
    return Layout(
        title=report.title,
        subtitle=f"{report.organisation} – {report.scope}",
        footer=f"{report.title} – {report.scope}",
        blocks=tuple(blocks),
    )

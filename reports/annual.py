"""All three files of an annual report at once: Excel, Word and PDF from one AnnualReport.

The charts are drawn once (one kept-alive Chromium for all of them) and shared by Word and
PDF. When they cannot be drawn, the documents still come out, with the tables and a note
saying why the figures are missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from metrics.report_model import AnnualReport
from reports.annual_layout import annual_layout, chart_figures
from reports.annual_xlsx import annual_xlsx
from reports.chart_images import chart_renderer, for_print
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf

FORMATS = ("xlsx", "docx", "pdf")


@dataclass(frozen=True)
class AnnualFiles:
    stem: str  # 'amu-arsrapport-2025[-scope]'
    xlsx: bytes
    docx: bytes
    pdf: bytes
    problem: str | None  # why the figures are missing, when they are

    def named(self) -> dict[str, bytes]:
        return {f"{self.stem}.{suffix}": getattr(self, suffix) for suffix in FORMATS}


def chart_images(report: AnnualReport, charts: bool = True) -> tuple[dict[str, bytes], str | None]:
    """PNG per chart key, and the reason when some could not be drawn."""
    figures = chart_figures(report)
    if not figures:
        return {}, None
    images: dict[str, bytes] = {}
    with chart_renderer(enabled=charts) as renderer:
        for key, fig in figures.items():
            png = renderer.png(for_print(fig), width=1200, height=600)
            if png is not None:
                images[key] = png
        return images, renderer.problem


def annual_files(report: AnnualReport, charts: bool = True) -> AnnualFiles:
    """The report as .xlsx, .docx and .pdf bytes."""
    images, problem = chart_images(report, charts)
    layout = annual_layout(report, images, problem)
    return AnnualFiles(
        stem=report.file_stem(),
        xlsx=annual_xlsx(report),
        docx=render_docx(layout),
        pdf=render_pdf(layout),
        problem=problem,
    )


def write_annual_files(report: AnnualReport, out_dir: Path, charts: bool = True) -> list[Path]:
    """Write the three files into `out_dir` (created if needed); returns their paths."""
    files = annual_files(report, charts)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.named().items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written

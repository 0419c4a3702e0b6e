"""The AMU agenda or minutes as an A4 PDF: `meeting_layout` drawn by `render_pdf`.

`to_latin1` is re-exported for older imports; fonts are looked up in `render_pdf.FONT_DIRS`.
"""

from __future__ import annotations

from metrics.meeting_papers import MeetingSummary
from reports.meeting_layout import meeting_layout
from reports.render_pdf import render_pdf, to_latin1

__all__ = ["meeting_pdf", "to_latin1"]


def meeting_pdf(summary: MeetingSummary, kind: str) -> bytes:
    """The agenda (`AGENDA`) or minutes (`MINUTES`) of one meeting as PDF bytes."""
    return render_pdf(meeting_layout(summary, kind))

"""The AMU agenda or minutes as a Word (.docx) file: `meeting_layout` drawn by `render_docx`."""

from __future__ import annotations

from metrics.meeting_papers import MeetingSummary
from reports.meeting_layout import meeting_layout
from reports.render_docx import render_docx


def meeting_docx(summary: MeetingSummary, kind: str) -> bytes:
    """The agenda (`AGENDA`) or minutes (`MINUTES`) of one meeting as .docx bytes."""
    return render_docx(meeting_layout(summary, kind))

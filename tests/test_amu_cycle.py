"""The AMU's whole cycle through the real pages and a real database: plan a meeting, send the
agenda (figures frozen), record decisions in the meeting view, write the minutes (Word and
PDF), follow up, and close the decision in the next meeting."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest

from metrics.decisions import decision_list
from metrics.meeting_papers import AGENDA, MINUTES, meeting_summary
from reports.meeting_docx import meeting_docx
from reports.meeting_pdf import meeting_pdf
from store import meetings
from tests.amu_fixtures import app_page, click

FIRST = dt.date.today() + dt.timedelta(days=14)
SECOND = FIRST + dt.timedelta(days=90)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def plan(day: dt.date) -> int:
    at = app_page("moter")
    at.date_input[0].set_value(day)
    at.text_input[0].set_value("Rådhuset, møterom Fjorden")
    click(at, "Planlegg møtet")
    assert any("er planlagt med faste saker" in s.value for s in at.success)
    return int(at.selectbox(key="meeting").value)


def send_agenda(meeting_id: int) -> None:
    at = app_page("moter")
    at.selectbox(key="meeting").set_value(meeting_id).run()
    click(at, "Send innkalling og frys tallene")


def open_case(db, meeting_id: int, topic: str):
    case = meetings.cases(db, meeting_id).set_index("topic").loc[topic]
    at = app_page("motevisning")
    at.sidebar.selectbox(key="view_meeting").set_value(meeting_id).run()
    at.sidebar.radio(key=f"case_of_{meeting_id}").set_value(int(case["id"])).run()
    assert not at.exception, at.exception
    return at


def test_the_whole_cycle(amu, monkeypatch, tmp_path):
    db, cid, _ = amu
    monkeypatch.setenv("HMS_DB", str(db.path))

    # 1. Plan the meeting; the agenda gets the standing cases.
    first = plan(FIRST)
    agenda = meetings.cases(db, first)
    assert agenda["label"].iloc[0] == f"PS 1/{FIRST:%y}"
    assert "Oppfølging av tidligere vedtak" in agenda["title"].tolist()
    assert agenda.set_index("topic").loc["sykefravaer", "title"] == "Sykefravær 4. kvartal 2025"

    # 2. Send it: the figures are frozen.
    send_agenda(first)
    frozen = meetings.cases(db, first).set_index("topic").loc["sykefravaer", "snapshot"]
    assert frozen["tables"][0]["title"] == "Sykefravær 4. kvartal 2025"

    # 3. In the meeting view: the frozen table, and a decision recorded on the sick-leave case.
    at = open_case(db, first, "sykefravaer")
    assert at.title[0].value.endswith("Sykefravær 4. kvartal 2025")
    shown = at.dataframe[0].value
    assert shown.columns[0] == "Enhet" and "Helse" in shown["Enhet"].tolist()
    at.text_area[0].set_value("Helse lager en plan for å få ned sykefraværet.")
    at.text_input[0].set_value("Kommunalsjef helse")
    at.date_input[0].set_value(FIRST + dt.timedelta(days=30))
    click(at, "Registrer vedtak")
    [decision] = decision_list(db, FIRST)
    assert decision.case_number == f"PS 3/{FIRST:%y}" and decision.owner == "Kommunalsjef helse"

    # 4. Attendance, held, and the minutes.
    meetings.record_attendance(db, first, {"Per Verneombud": False})
    meetings.mark_held(db, first)
    minutes = meeting_summary(db, first, MINUTES)
    text = docx_text(meeting_docx(minutes, MINUTES))
    for expected in ("Referat", "Til stede", "Kari Leder", "Forfall", "Per Verneombud",
                     f"PS 3/{FIRST:%y}", "Helse lager en plan for å få ned sykefraværet.",
                     "Kommunalsjef helse", f"{FIRST + dt.timedelta(days=30):%d.%m.%Y}",
                     "Sykefravær 4. kvartal 2025", "Helse"):  # fmt: skip
        assert expected in text, expected
    printed = pdf_text(meeting_pdf(minutes, MINUTES), tmp_path)
    for expected in ("Referat", "Kommunalsjef helse", "Per Verneombud", f"PS 3/{FIRST:%y}"):
        assert expected in printed, expected

    # 5. Follow-up between the meetings on the Vedtak page.
    at = app_page("vedtak")
    at.selectbox(key="follow_up_decision").set_value(decision.id).run()
    form_status = next(s for s in at.selectbox if s.label == "Ny status")
    form_status.set_value("pågår")
    next(t for t in at.text_area if t.label == "Kommentar").set_value("Planen er under arbeid.")
    click(at, "Lagre oppfølging")
    [decision] = decision_list(db, FIRST, with_history=True)
    assert decision.status == "pågår" and decision.history[-1].comment == "Planen er under arbeid."

    # 6. The next meeting's agenda lists the open decision under follow-up ...
    second = plan(SECOND)
    send_agenda(second)
    agenda = meeting_summary(db, second, AGENDA)
    follow = next(c for c in agenda.cases if c.topic == "oppfolging").follow_up
    assert [(f.case_number, f.status) for f in follow] == [(f"PS 3/{FIRST:%y}", "pågår")]
    text = docx_text(meeting_docx(agenda, AGENDA))
    assert "Helse lager en plan" in text and "Vedtak:" not in text

    # ... and the meeting closes it there.
    at = open_case(db, second, "oppfolging")
    form = next(s for s in at.selectbox if s.label == "Status")
    form.set_value("lukket")
    next(t for t in at.text_input if t.label == "Kommentar / begrunnelse").set_value(
        "Planen er gjennomført."
    )
    click(at, "Lagre status")
    [decision] = decision_list(db, SECOND, with_history=True)
    follow_case = int(meetings.cases(db, second).set_index("topic").loc["oppfolging", "id"])
    assert decision.status == "lukket" and decision.closed_by_case == follow_case
    assert decision.closed_date == dt.date.today()
    assert decision.closed_reason.startswith(f"Lukket i møte {SECOND:%d.%m.%Y}, sak PS")
    meetings.mark_held(db, second)
    minutes = meeting_summary(db, second, MINUTES)
    text = docx_text(meeting_docx(minutes, MINUTES))
    assert "Evaluering av tidligere tiltak" in text and "lukket" in text
    assert "Planen er gjennomført." in text
    # The log kept every step.
    assert [e.field for e in decision.history] == ["opprettet", "status", "status"]

"""The AMU agenda and minutes as real .docx and PDF files: what a reader finds in them."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest

from metrics.meeting_papers import (
    AGENDA,
    MINUTES,
    CaseSummary,
    DecisionLine,
    MeetingSummary,
    Person,
    SnapshotTable,
)
from reports import render_pdf as pdf_module
from reports.meeting_docx import meeting_docx
from reports.meeting_layout import file_stem, meeting_layout
from reports.meeting_pdf import meeting_pdf, to_latin1

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)


def make_summary() -> MeetingSummary:
    """Three cases: figures with a hidden cell, follow-up with one overdue line, decisions."""
    leader = Person("Åse Ødegård", "leder")
    safety = Person("Bjørn Læråk", "hovedverneombud")
    employer = Person("Per Hansen", "arbeidsgiver")
    sick_leave = SnapshotTable(
        title="Sykefravær 3. kvartal 2025",
        columns=("Enhet", "Sykefravær", "Endring"),
        rows=(
            ("Helse og omsorg", "7,2\u00a0%", "\u22120,4\u00a0pp"),
            ("Kulturskolen", "skjult (færre enn 5)", "–"),
        ),
        note="Tall per 12.09.2025. Skjulte tall: færre enn 5 personer.",
    )
    return MeetingSummary(
        organisation="Nordvik kommune",
        committee="HAMU",
        meeting_date=dt.date(2025, 10, 6),
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 30),
        place="Rådhuset, møterom Fjæra",
        called=(leader, safety, employer),
        present=(leader, safety),
        absent=(employer,),
        cases=(
            CaseSummary(
                number="PS 12/25",
                title="Sykefravær 3. kvartal",
                topic="sykefravaer",
                basis="Fraværet har gått ned i «Helse og omsorg».",
                proposal="Saken tas til orientering.",
                snapshots=(sick_leave,),
            ),
            CaseSummary(
                number="PS 13/25",
                title="Oppfølging av tidligere vedtak",
                topic="oppfolging",
                basis=None,
                proposal=None,
                follow_up=(
                    DecisionLine(
                        case_number="PS 4/25",
                        text="Kartlegge støy i kjøkkenet",
                        owner=None,
                        deadline=dt.date(2025, 6, 1),
                        status="pågår",
                        overdue=True,
                        latest_comment="Måler bestilt",
                    ),
                    DecisionLine(
                        case_number="PS 5/25",
                        text="=SUM(A1)",
                        owner="Åse Ødegård",
                        deadline=None,
                        status="utført",
                        overdue=False,
                        closed_date=dt.date(2025, 8, 15),
                        latest_comment="<b>x</b>",
                    ),
                ),
            ),
            CaseSummary(
                number="PS 14/25",
                title="Vernerunde i barnehagene",
                topic="risiko",
                basis="Tre avvik fra vernerunden i Sjøgløtt barnehage.",
                proposal="Avvikene lukkes innen årsskiftet.",
                decisions=(
                    DecisionLine(
                        case_number="PS 14/25",
                        text="Nye rekkverk på uteområdet i Sjøgløtt",
                        owner="Bjørn Læråk",
                        deadline=dt.date(2025, 12, 19),
                        status="åpen",
                        overdue=False,
                    ),
                    DecisionLine(
                        case_number="PS 14/25",
                        text="Gjennomgå rutinen for <b>x</b>",
                        owner=None,
                        deadline=None,
                        status="åpen",
                        overdue=False,
                    ),
                ),
            ),
        ),
        secretary="Siri Sæther",
        agenda_sent=dt.datetime(2025, 9, 22, 14, 5),
    )


@pytest.fixture
def summary() -> MeetingSummary:
    return make_summary()


def docx_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    """All paragraph text (one line each) and every table as rows of cell texts."""
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return text, tables


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def assert_no_repr(text: str) -> None:
    for word in ("None", "nan", "[]", "()"):
        assert word not in text


# --- Word ----------------------------------------------------------------------------------


def test_agenda_docx_has_heading_people_cases_and_tables(summary):
    text, tables = docx_text(meeting_docx(summary, AGENDA))
    assert "Innkalling og saksliste" in text
    assert "Nordvik kommune – HAMU" in text
    assert "Møte i HAMU" in text
    assert "Dato: mandag 6. oktober 2025" in text
    assert "Tid: kl. 09.00–11.30" in text
    assert "Sted: Rådhuset, møterom Fjæra" in text
    assert "Bjørn Læråk – hovedverneombud" in text
    assert "Per Hansen – arbeidsgiver" in text
    for number in ("PS 12/25", "PS 13/25", "PS 14/25"):
        assert f"{number} " in text
    assert "Saksgrunnlag: Fraværet har gått ned i «Helse og omsorg»." in text
    assert "Innstilling: Avvikene lukkes innen årsskiftet." in text
    assert "Innkalling sendt 22. september 2025" in text
    assert "Sekretær: Siri Sæther" in text
    # The agenda shows no decisions: they are made at the meeting.
    assert "Vedtak:" not in text
    assert "Nye rekkverk" not in text

    snapshot, follow_up = tables
    assert snapshot[0] == ["Enhet", "Sykefravær", "Endring"]
    assert snapshot[2][1] == "skjult (færre enn 5)"
    assert "Sykefravær 3. kvartal 2025" in text
    assert "Tall per 12.09.2025. Skjulte tall: færre enn 5 personer." in text

    assert follow_up[0] == ["Sak", "Vedtak", "Ansvarlig", "Frist", "Status"]
    assert follow_up[1] == [
        "PS 4/25",
        "Kartlegge støy i kjøkkenet",
        "ikke satt",
        "01.06.2025",
        "pågår (forfalt)",
    ]
    assert follow_up[2] == ["PS 5/25", "=SUM(A1)", "Åse Ødegård", "ingen frist", "utført"]
    assert_no_repr(text + repr(tables))


def test_minutes_docx_has_attendance_decisions_and_evaluation(summary):
    text, tables = docx_text(meeting_docx(summary, MINUTES))
    assert text.startswith("Referat")
    lines = text.splitlines()
    assert lines.index("Til stede") < lines.index("Åse Ødegård – leder") < lines.index("Forfall")
    assert lines.index("Forfall") < lines.index("Per Hansen – arbeidsgiver")
    for number in ("PS 12/25", "PS 13/25", "PS 14/25"):
        assert f"{number} " in text
    assert "Tall slik de var da innkallingen ble sendt 22. september 2025." in text
    assert "Vedtak:" in lines
    assert "1. Nye rekkverk på uteområdet i Sjøgløtt" in lines
    assert "2. Gjennomgå rutinen for <b>x</b>" in lines
    assert "Ansvarlig: Bjørn Læråk" in lines
    assert "Frist: 19.12.2025" in lines
    assert "Ansvarlig: ikke satt" in lines
    assert "Frist: ingen frist" in lines
    assert "Evaluering av tidligere tiltak" in lines
    assert lines[-1] == "Referent: Siri Sæther"

    snapshot, evaluation = tables
    assert snapshot[2][1] == "skjult (færre enn 5)"
    assert evaluation[0] == [
        "Sak",
        "Vedtak",
        "Ansvarlig",
        "Frist",
        "Status",
        "Lukket",
        "Siste kommentar",
    ]
    assert evaluation[1][4] == "pågår (forfalt)"
    assert evaluation[1][6] == "Måler bestilt"
    assert evaluation[2][4:] == ["utført", "15.08.2025", "<b>x</b>"]
    assert_no_repr(text + repr(tables))


def test_minutes_without_secretary_place_or_times_say_so(summary):
    bare = MeetingSummary(
        organisation="Nordvik kommune",
        committee="AMU",
        meeting_date=dt.date(2025, 3, 3),
        start_time=None,
        end_time=None,
        place=None,
        called=(),
    )
    text, tables = docx_text(meeting_docx(bare, MINUTES))
    assert "Dato: mandag 3. mars 2025" in text
    assert "Tid: ikke satt" in text
    assert "Sted: ikke satt" in text
    assert "Ingen forfall." in text
    assert "Referent: ikke satt" in text
    assert tables == []
    assert_no_repr(text)


def test_unknown_kind_is_refused(summary):
    with pytest.raises(ValueError, match="Ukjent dokumenttype"):
        meeting_layout(summary, "protokoll")


def test_file_stem_is_ascii(summary):
    assert file_stem(summary, MINUTES) == "hamu-referat-2025-10-06"


# --- PDF -------------------------------------------------------------------------------------


@needs_pdftotext
def test_agenda_pdf_reads_like_the_agenda(summary, tmp_path):
    data = meeting_pdf(summary, AGENDA)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for expected in (
        "Innkalling og saksliste",
        "Møte i HAMU",
        "kl. 09.00–11.30",
        "Rådhuset, møterom Fjæra",
        "Bjørn Læråk – hovedverneombud",
        "PS 12/25 Sykefravær 3. kvartal",
        "PS 13/25",
        "PS 14/25 Vernerunde i barnehagene",
        "«Helse og omsorg»",
        "skjult (færre enn 5)",
        "\u22120,4",
        "pågår (forfalt)",
        "ingen frist",
        "=SUM(A1)",
        "Innkalling sendt 22. september 2025",
        "Siri Sæther",
        "Side 1 av",
    ):
        assert expected in text, expected
    assert "Vedtak:" not in text
    assert_no_repr(text)


@needs_pdftotext
def test_minutes_pdf_reads_like_the_minutes(summary, tmp_path):
    data = meeting_pdf(summary, MINUTES)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for expected in (
        "Referat",
        "Til stede",
        "Forfall",
        "Per Hansen – arbeidsgiver",
        "Tall slik de var da innkallingen ble sendt 22. september 2025",
        "Vedtak:",
        "Nye rekkverk på uteområdet i Sjøgløtt",
        "Ansvarlig: Bjørn Læråk",
        "Frist: 19.12.2025",
        "Evaluering av tidligere tiltak",
        "15.08.2025",
        "<b>x</b>",
        "Referent: Siri Sæther",
        "Side 1 av",
    ):
        assert expected in text, expected
    assert_no_repr(text)


@needs_pdftotext
def test_pdf_falls_back_to_core_font_without_dejavu(summary, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "FONT_DIRS", (str(tmp_path / "no-fonts"),))
    assert pdf_module.find_fonts() is None
    data = meeting_pdf(summary, MINUTES)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    # æøå are latin-1 and survive; dashes and minus become '-'.
    for expected in ("Åse Ødegård - leder", "Bjørn Læråk", "Siri Sæther", "kl. 09.00-11.30"):
        assert expected in text, expected
    assert "Side 1 av" in text


def test_to_latin1_transliterates_what_core_fonts_cannot_draw():
    assert to_latin1("\u22120,4 – “sitat” …") == '-0,4 - "sitat" ...'
    assert to_latin1("æøå «»") == "æøå «»"
    assert to_latin1("☃") == "?"

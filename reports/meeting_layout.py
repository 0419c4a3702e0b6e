"""The words and order of the AMU agenda (innkalling) and minutes (referat), format-neutral.

`meeting_layout` turns a `MeetingSummary` into a `reports.document.Layout` (headings,
paragraphs, bullet lists, tables). `meeting_docx` and `meeting_pdf` hand it to the generic
renderers, so the Word file and the PDF always say the same thing. All user text passes
through `plain`, which never lets a Python repr ("None", "nan") or a control character through.
The blocks and text helpers are re-exported here for older imports.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from core.names import ascii_slug
from metrics.meeting_papers import (
    AGENDA,
    MINUTES,
    CaseSummary,
    DecisionLine,
    MeetingSummary,
    Person,
    SnapshotTable,
)
from reports.document import (
    LOCALE,
    MISSING,
    Block,
    Bullets,
    Heading,
    Layout,
    Paragraph,
    Table,
    long_date,
    plain,
    short_date,
)

NO_OWNER = "ikke satt"
NO_DEADLINE = "ingen frist"
OVERDUE_MARK = " (forfalt)"
FOLLOW_UP_TOPIC = "oppfolging"

TITLES = {AGENDA: "Innkalling og saksliste", MINUTES: "Referat"}
FOLLOW_UP_COLUMNS = ("Sak", "Vedtak", "Ansvarlig", "Frist", "Status")
EVALUATION_COLUMNS = (*FOLLOW_UP_COLUMNS, "Lukket", "Siste kommentar")


# --- text helpers ------------------------------------------------------------------------


def weekday_date(value: dt.date) -> str:
    """mandag 3. mars 2025"""
    return format_date(value, "EEEE d. MMMM y", locale=LOCALE)


def clock(value: dt.time) -> str:
    """09.00 (Norwegian uses a dot between hours and minutes)."""
    return f"{value.hour:02d}.{value.minute:02d}"


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    """kl. 09.00–11.30, kl. 09.00, or 'ikke satt'."""
    if start is None:
        return NO_OWNER if end is None else f"til kl. {clock(end)}"
    if end is None:
        return f"kl. {clock(start)}"
    return f"kl. {clock(start)}–{clock(end)}"


def person_line(person: Person) -> str:
    """Kari Nordmann – hovedverneombud"""
    name, role = plain(person.name) or MISSING, plain(person.role)
    return f"{name} – {role}" if role else name


def status_text(line: DecisionLine) -> str:
    """'pågår (forfalt)': overdue is written out, colour alone is lost in black and white."""
    status = plain(line.status) or MISSING
    return status + OVERDUE_MARK if line.overdue else status


def file_stem(summary: MeetingSummary, kind: str) -> str:
    """hamu-referat-2025-03-03 (ASCII, for download file names)."""
    committee = ascii_slug(plain(summary.committee), empty="utvalg")
    return f"{committee}-{kind}-{summary.meeting_date.isoformat()}"


# --- the document ------------------------------------------------------------------------


def meeting_layout(summary: MeetingSummary, kind: str) -> Layout:
    """The blocks of the agenda (`AGENDA`) or the minutes (`MINUTES`) of one meeting."""
    if kind not in TITLES:
        raise ValueError(f"Ukjent dokumenttype: {kind!r} (bruk {AGENDA!r} eller {MINUTES!r})")
    committee = plain(summary.committee) or "utvalget"
    organisation = plain(summary.organisation)
    subtitle = f"{organisation} – {committee}" if organisation else committee
    blocks: list[Block] = [Heading(TITLES[kind], 0), Paragraph(subtitle)]
    blocks += _meeting_facts(summary, committee)
    if kind == AGENDA:
        blocks += _agenda_body(summary)
    else:
        blocks += _minutes_body(summary)
    footer = f"{committee} – {kind} – {long_date(summary.meeting_date)}"
    return Layout(TITLES[kind], subtitle, footer, tuple(blocks))


def _meeting_facts(summary: MeetingSummary, committee: str) -> list[Block]:
    return [
        Heading(f"Møte i {committee}", 1),
        Paragraph(weekday_date(summary.meeting_date), label="Dato:"),
        Paragraph(time_span(summary.start_time, summary.end_time), label="Tid:"),
        Paragraph(plain(summary.place) or NO_OWNER, label="Sted:"),
    ]


def _people(title: str, people: tuple[Person, ...], none_text: str) -> list[Block]:
    items = tuple(person_line(p) for p in people)
    return [Heading(title, 1), Bullets(items) if items else Paragraph(none_text)]


def _agenda_body(summary: MeetingSummary) -> list[Block]:
    blocks = _people("Innkalt", summary.called, "Ingen er innkalt ennå.")
    blocks.append(Heading("Saksliste", 1))
    if not summary.cases:
        blocks.append(Paragraph("Ingen saker er satt opp."))
    else:
        blocks.append(Bullets(tuple(_case_title(c) for c in summary.cases)))
    for case in summary.cases:
        blocks += _case_start(case)
        blocks += _snapshots(case.snapshots, lead="")
        if case.follow_up or case.topic == FOLLOW_UP_TOPIC:
            blocks.append(_follow_up_table(case.follow_up, "Oppfølging av tidligere vedtak"))
    blocks.append(Paragraph(""))  # a blank line before the closing lines
    if summary.agenda_sent is not None:
        blocks.append(Paragraph(f"Innkalling sendt {long_date(summary.agenda_sent.date())}"))
    secretary = plain(summary.secretary)
    if secretary:
        blocks.append(Paragraph(secretary, label="Sekretær:"))
    return blocks


def _minutes_body(summary: MeetingSummary) -> list[Block]:
    blocks = _people("Til stede", summary.present, "Ikke registrert.")
    blocks += _people("Forfall", summary.absent, "Ingen forfall.")
    blocks.append(Heading("Saker", 1))
    if not summary.cases:
        blocks.append(Paragraph("Ingen saker ble behandlet."))
    sent = summary.agenda_sent
    lead = (
        f"Tall slik de var da innkallingen ble sendt {long_date(sent.date())}."
        if sent is not None
        else "Tall slik de ble lagt fram for utvalget."
    )
    for case in summary.cases:
        blocks += _case_start(case)
        blocks += _snapshots(case.snapshots, lead=lead)
        if case.follow_up or case.topic == FOLLOW_UP_TOPIC:
            blocks.append(Heading("Evaluering av tidligere tiltak", 3))
            blocks.append(_follow_up_table(case.follow_up, "", evaluation=True))
        blocks += _decisions(case.decisions)
    blocks.append(Paragraph(""))
    blocks.append(Paragraph(plain(summary.secretary) or NO_OWNER, label="Referent:"))
    return blocks


def _case_title(case: CaseSummary) -> str:
    number, title = plain(case.number), plain(case.title) or "Uten tittel"
    return f"{number} {title}" if number else title


def _case_start(case: CaseSummary) -> list[Block]:
    blocks: list[Block] = [Heading(_case_title(case), 2)]
    basis, proposal = plain(case.basis), plain(case.proposal)
    if basis:
        blocks.append(Paragraph(basis, label="Saksgrunnlag:"))
    if proposal:
        blocks.append(Paragraph(proposal, label="Innstilling:"))
    return blocks


def _snapshots(snapshots: tuple[SnapshotTable, ...], lead: str) -> list[Block]:
    if not snapshots:
        return []
    blocks: list[Block] = [Paragraph(lead, small=True)] if lead else []
    for snap in snapshots:
        columns = tuple(plain(c) for c in snap.columns)
        width = len(columns)
        rows = tuple(
            tuple((plain(cell) or MISSING) for cell in (tuple(row) + ("",) * width)[:width])
            for row in snap.rows
        )
        if not width:
            blocks.append(Paragraph(plain(snap.title), label="Tabell:"))
            blocks.append(Paragraph("Ingen tall.", small=True))
            continue
        note = plain(snap.note) or ("" if rows else "Ingen tall.")
        blocks.append(Table(columns, rows, title=plain(snap.title), note=note))
    return blocks


def _follow_up_table(
    lines: tuple[DecisionLine, ...], title: str, evaluation: bool = False
) -> Block:
    if not lines:
        return Paragraph("Ingen tidligere vedtak å følge opp.")
    rows: list[tuple[str, ...]] = []
    strong: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        row = (
            plain(line.case_number) or MISSING,
            plain(line.text) or MISSING,
            plain(line.owner) or NO_OWNER,
            short_date(line.deadline, NO_DEADLINE),
            status_text(line),
        )
        if evaluation:
            row += (short_date(line.closed_date), plain(line.latest_comment) or MISSING)
        if line.overdue:
            strong.add((i, 4))
        rows.append(row)
    columns = EVALUATION_COLUMNS if evaluation else FOLLOW_UP_COLUMNS
    note = "Forfalt: fristen er passert og vedtaket er ikke lukket." if strong else ""
    return Table(columns, tuple(rows), title=title, note=note, strong_cells=frozenset(strong))


def _decisions(decisions: tuple[DecisionLine, ...]) -> list[Block]:
    if not decisions:
        return [Paragraph("Ingen vedtak registrert.", label="Vedtak:")]
    blocks: list[Block] = [Paragraph("", label="Vedtak:")]
    numbered = len(decisions) > 1
    for i, d in enumerate(decisions, start=1):
        text = plain(d.text) or MISSING
        blocks.append(Paragraph(f"{i}. {text}" if numbered else text))
        owner = plain(d.owner) or NO_OWNER
        blocks.append(Paragraph(owner, label="Ansvarlig:", indent=numbered))
        blocks.append(
            Paragraph(short_date(d.deadline, NO_DEADLINE), label="Frist:", indent=numbered)
        )
    return blocks

"""The generic Word and PDF renderers draw every block type, pictures and page breaks too."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from PIL import Image as PILImage
from PIL import ImageDraw

from reports.document import (
    Bullets,
    Heading,
    Image,
    Layout,
    PageBreak,
    Paragraph,
    Table,
)
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf

PDFTOTEXT, PDFIMAGES = shutil.which("pdftotext"), shutil.which("pdfimages")
CAPTION = "Figur 1: Sykefravær per kvartal – Sjøgløtt"
AFTER_BREAK = "Denne teksten står på side to"


def small_png() -> bytes:
    image = PILImage.new("RGB", (300, 150), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 40, 80, 140), fill="black")
    draw.line((0, 0, 299, 149), fill=(120, 120, 120), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def layout() -> Layout:
    table = Table(
        columns=("Enhet", "Sykefravær", "Endring"),
        rows=(("Sjøgløtt", "7,1 %", "−0,4"), ("Åsly skole", "5,2 %", "1,3")),
        title="Sykefravær 2025",
        note="Tall fra NAV.",
        strong_cells=frozenset({(0, 1)}),
        align=("L", "R", "R"),
    )
    blocks = (
        Heading("Årsrapport 2025", 0),
        Paragraph("Nordvik kommune"),
        Heading("Sykefravær", 1),
        Paragraph("Fraværet gikk ned.", label="Kort fortalt:"),
        Paragraph("Kilde: NAV", small=True, indent=True),
        Bullets(("Første punkt", "Andre punkt")),
        table,
        Image(small_png(), width_mm=120, caption=CAPTION),
        PageBreak(),
        Heading("Vedlegg", 1),
        Paragraph(AFTER_BREAK),
    )
    return Layout("Årsrapport", "Nordvik kommune – AMU", "AMU – årsrapport 2025", blocks)


def test_table_alignment_must_match_the_columns():
    with pytest.raises(ValueError):
        Table(("a", "b"), (), align=("L",))
    with pytest.raises(ValueError):
        Table(("a",), (), align=("C",))
    assert Table(("a", "b"), ()).column_align(1) == "L"


def test_docx_has_the_picture_its_caption_and_right_aligned_numbers(layout):
    document = docx.Document(io.BytesIO(render_docx(layout)))
    assert len(document.inline_shapes) == 1
    assert abs(document.inline_shapes[0].width - Mm(120)) < Mm(0.5)
    texts = [p.text for p in document.paragraphs]
    assert CAPTION in texts
    caption = document.paragraphs[texts.index(CAPTION)]
    assert all(run.italic for run in caption.runs)
    assert AFTER_BREAK in texts
    breaks = document.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 1
    (table,) = document.tables
    header, first = table.rows[0], table.rows[1]
    assert [c.text for c in header.cells] == ["Enhet", "Sykefravær", "Endring"]
    aligns = [c.paragraphs[0].alignment for c in first.cells]
    assert aligns[0] in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert aligns[1:] == [WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT]
    assert header.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first.cells[1].paragraphs[0].runs[0].bold
    assert not first.cells[2].paragraphs[0].runs[0].bold
    assert document.core_properties.language == "nb-NO"
    footer = document.sections[0].footer.paragraphs[0]
    assert "AMU – årsrapport 2025" in footer.text and "NUMPAGES" in footer._p.xml


def pdf_page_text(data: bytes, tmp_path, first: int, last: int) -> str:
    path = tmp_path / "render.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", "-f", str(first), "-l", str(last), str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_has_the_caption_and_starts_a_page_at_the_break(layout, tmp_path):
    data = render_pdf(layout)
    assert data.startswith(b"%PDF")
    page1 = pdf_page_text(data, tmp_path, 1, 1)
    page2 = pdf_page_text(data, tmp_path, 2, 2)
    for expected in ("Årsrapport 2025", "Kort fortalt: Fraværet gikk ned.", "Første punkt",
                     "Sjøgløtt", "7,1 %", "Tall fra NAV.", CAPTION, "Side 1 av 2"):  # fmt: skip
        assert expected in page1, expected
    assert AFTER_BREAK not in page1
    assert AFTER_BREAK in page2 and "Vedlegg" in page2 and "Side 2 av 2" in page2
    # Right-aligned: the numbers end where their column heading ends.
    lines = page1.splitlines()
    heading = next(line for line in lines if "Sykefravær" in line and "Endring" in line)
    row = next(line for line in lines if "Sjøgløtt" in line and "7,1 %" in line)
    assert row.index("7,1 %") + len("7,1 %") >= heading.index("Sykefravær") + len("Sykefravær") - 1


@pytest.mark.skipif(PDFIMAGES is None, reason="pdfimages (poppler-utils) is not installed")
def test_pdf_holds_exactly_one_picture(layout, tmp_path):
    path = tmp_path / "render.pdf"
    path.write_bytes(render_pdf(layout))
    listing = subprocess.run(
        [PDFIMAGES, "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    images = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert len(images) == 1
    page, width, height = images[0][0], images[0][3], images[0][4]
    assert (page, width, height) == ("1", "300", "150")


def test_a_picture_that_does_not_fit_moves_to_the_next_page(tmp_path):
    filler = tuple(Paragraph(f"Linje {i}") for i in range(40))
    blocks = (*filler, Image(small_png(), caption=CAPTION))
    data = render_pdf(Layout("T", "U", "F", blocks))
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert CAPTION not in pdf_page_text(data, tmp_path, 1, 1)
    assert CAPTION in pdf_page_text(data, tmp_path, 2, 2)


def test_a_page_break_at_the_top_of_a_page_adds_no_empty_page(tmp_path):
    data = render_pdf(Layout("T", "U", "F", (PageBreak(), Paragraph("Første side"))))
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert "Første side" in pdf_page_text(data, tmp_path, 1, 1)
    assert "Side 1 av 1" in pdf_page_text(data, tmp_path, 1, 1)

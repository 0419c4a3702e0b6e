"""Text from files and forms never becomes a formula in an export, nor HTML on a page."""

from __future__ import annotations

import ast
import datetime as dt
import io

import openpyxl

from metrics.annual_report import annual_report
from reports.annual import annual_files
from store import committees, decisions, meetings
from store.report_texts import save_report_text
from store.sick_leave import write_batch
from tests.conftest import ROOT, make_batch

INJECTED = ['=HYPERLINK("http://evil","x")', "+47 999", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
            "<script>alert(1)</script>"]  # fmt: skip


def test_injected_text_is_text_in_every_excel_cell(amu):
    db, cid, root = amu
    # Unit names from an export, a committee, decisions and the report's own text.
    rows = [
        {"sektor": "Helse", "enhet": name.strip() or "x", "period": f"2025-{m:02d}",
         "persons": 20, "avtalte": 420.0, "tapte": 20.0}
        for name in INJECTED[:4] for m in range(1, 13)
    ]  # fmt: skip
    write_batch(db, make_batch(rows, name="injisert.xlsx"))
    other = committees.create_committee(db, "=cmd|' /C calc'!A0", root, "s")
    mid = meetings.create_meeting(db, other, dt.date(2025, 3, 1), "s")
    case = int(meetings.cases(db, mid).set_index("topic").loc["sykefravaer", "id"])
    for text in INJECTED:
        decisions.add_decision(db, case, text, "s", owner=text, deadline=dt.date(2025, 6, 1))
    meetings.mark_held(db, mid)
    for section in ("tiltak_resultater", "planer"):
        save_report_text(db, "amu", 2025, root, section, INJECTED[0], "s")

    report = annual_report(db, "amu", 2025, root, dt.date(2026, 1, 15))
    book = openpyxl.load_workbook(io.BytesIO(annual_files(report, charts=False).xlsx))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = {c.value for c in cells if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://evil","x")', "+47 999", "-2+3", "@SUM(A1)",
                 "=cmd|' /C calc'!A0", "<script>alert(1)</script>"):  # fmt: skip
        assert text in found, text


def test_no_user_text_reaches_html():
    """No page or UI module passes unsafe_allow_html, and st.html only gets constants."""
    for path in [
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui").glob("*.py"),
        ROOT / "dashboard.py",
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for t in node.targets if isinstance(t, ast.Name)
        }  # fmt: skip
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                assert not (kw.arg == "unsafe_allow_html" and getattr(kw.value, "value", False)), (
                    f"{path.name}:{node.lineno} uses unsafe_allow_html"
                )
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "html":
                arg = node.args[0] if node.args else None
                ok = isinstance(arg, ast.Constant) or (
                    isinstance(arg, ast.Name) and arg.id in constants
                )
                assert ok, f"{path.name}:{node.lineno} passes non-constant text to st.html"

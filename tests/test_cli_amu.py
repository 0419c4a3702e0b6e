"""`cli.py decisions`, `cli.py annual-wheel` and `cli.py ingest --kind vedtak`: the JSON
contracts, the filters, and refusing what cannot be done without writing anything."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from store import annual_wheel, decisions, meetings
from tests.conftest import ROOT

DECISION_KEYS = ["id", "committee", "case_number", "meeting_date", "text", "owner", "deadline",
                 "status", "closed_date", "overdue", "history"]  # fmt: skip
HISTORY_KEYS = ["at", "by", "field", "old", "new", "comment"]
LOG = ROOT / "sample_data" / "vedtakslogg_hamu_2023.xlsx"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def register(amu):
    db, cid, root = amu
    mid = meetings.create_meeting(db, cid, dt.date(2025, 2, 13), "s")
    case = int(meetings.cases(db, mid).set_index("topic").loc["sykefravaer", "id"])
    a = decisions.add_decision(db, case, "Plan for Helse", "s", "Kommunalsjef",
                               dt.date(2025, 4, 1), at=dt.datetime(2025, 2, 13, 11))  # fmt: skip
    b = decisions.add_decision(db, case, "Kartlegg turnus", "s", None, None,
                               at=dt.datetime(2025, 2, 13, 11))  # fmt: skip
    decisions.change_decision(db, b, "leder", status="pågår", comment="I gang",
                              at=dt.datetime(2025, 3, 1, 9))  # fmt: skip
    return db, cid, a, b


def test_decisions_json_is_the_contract(register, capsys):
    db, cid, a, b = register
    code, out, _ = run(capsys, "decisions", "--json", "--reference-date", "2025-05-01",
                       "--db", str(db.path))  # fmt: skip
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert all(list(r) == DECISION_KEYS for r in rows.values())
    assert rows[a] | {"history": None} == {
        "id": a, "committee": "HAMU", "case_number": "PS 3/25", "meeting_date": "2025-02-13",
        "text": "Plan for Helse", "owner": "Kommunalsjef", "deadline": "2025-04-01",
        "status": "åpen", "closed_date": None, "overdue": True, "history": None,
    }  # fmt: skip
    assert rows[b]["overdue"] is False  # no deadline, never overdue
    assert [list(h) for h in rows[b]["history"]] == [HISTORY_KEYS, HISTORY_KEYS]
    assert rows[b]["history"][1] == {
        "at": "2025-03-01T09:00:00", "by": "leder", "field": "status", "old": "åpen",
        "new": "pågår", "comment": "I gang",
    }  # fmt: skip


def test_decisions_filters_and_unknown_committee(register, capsys):
    db, cid, a, b = register
    code, out, _ = run(capsys, "decisions", "--json", "--status", "pågår", "--committee", "hamu",
                       "--db", str(db.path))  # fmt: skip
    assert code == 0 and [r["id"] for r in json.loads(out)] == [b]
    with pytest.raises(SystemExit) as bad:
        cli.main(["decisions", "--committee", "BAMU", "--db", str(db.path)])
    err = capsys.readouterr().err
    assert bad.value.code == 1 and "Fant ikke utvalget «BAMU»" in err and "HAMU" in err
    with pytest.raises(SystemExit) as usage:
        cli.main(["decisions", "--status", "ferdig", "--db", str(db.path)])
    assert usage.value.code == 2
    code, out, _ = run(capsys, "decisions", "--reference-date", "2025-05-01", "--db", str(db.path))
    assert "FORFALT" in out and "Plan for Helse" in out


def test_annual_wheel_json(register, capsys):
    db, cid, a, b = register
    annual_wheel.ensure_year(db, 2025, cid, "s")
    code, out, _ = run(capsys, "annual-wheel", "--year", "2025", "--json", "--committee", "HAMU",
                       "--reference-date", "2025-03-01", "--db", str(db.path))  # fmt: skip
    assert code == 0
    items = json.loads(out)
    assert items and all(
        list(i)[:6] == ["month", "activity", "unit", "owner", "status", "evidence"] for i in items
    )
    february = next(i for i in items if i["month"] == 2 and i["kind"] == "amu_mote")
    assert february["status"] == "gjennomført"  # the meeting of 13.02.2025 proves it
    assert "13.02.2025" in february["evidence"]
    january = next(i for i in items if i["month"] == 1)
    assert january["status"] == "forfalt" and january["evidence"] is None


def test_ingest_a_decision_log_into_a_named_committee(register, capsys):
    db, cid, a, b = register
    code, _, err = run(capsys, "ingest", str(LOG), "--committee", "BAMU", "--db", str(db.path))
    assert code == 1 and "Ingen filer ble importert" in err
    assert len(decisions.decisions(db)) == 2  # nothing written
    code, out, _ = run(capsys, "ingest", str(LOG), "--kind", "vedtak", "--committee", "HAMU",
                       "--db", str(db.path))  # fmt: skip
    assert code == 0 and "12 rader skrevet" in out
    assert len(decisions.decisions(db)) == 14
    code, out, _ = run(capsys, "ingest", str(LOG), "--committee", "HAMU", "--db", str(db.path))
    assert code == 0 and "allerede importert" in out
    assert len(decisions.decisions(db)) == 14

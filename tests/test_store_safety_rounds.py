"""Safety rounds: findings stored per round; a newer export of the same round replaces it."""

import hashlib

import pandas as pd

from data_loaders.batch import SAFETY_ROUND_COLUMNS, Batch
from store.safety_rounds import write_safety_rounds


def finding(day, enhet="Vei og park", funn="Glatt trapp", s=3, k=4, **extra):
    row = {
        "runde_dato": pd.Timestamp(day), "virksomhet": "Testkommune", "sektor": "Teknisk drift",
        "enhet": enhet, "deltakere": "Enhetsleder, verneombud", "funn": funn,
        "sannsynlighet": s, "konsekvens": k, "risiko": None if s is None else s * k,
        "tiltak": "Strø sand", "ansvarlig": "Driftsleder", "frist": pd.Timestamp(day) + pd.Timedelta(days=30),
        "status": "åpen" if funn else None, "status_kilde": "Åpen" if funn else None,
        "lukket_dato": pd.NaT, "source_row": 2,
    }  # fmt: skip
    row.update(extra)
    return row


def batch(rows, name="vernerunder.xlsx"):
    frame = pd.DataFrame(rows, columns=list(SAFETY_ROUND_COLUMNS))
    for col in ("sannsynlighet", "konsekvens", "risiko"):
        frame[col] = frame[col].astype("Int64")
    return Batch(
        kind="vernerunde", file_name=name, sha256=hashlib.sha256(repr(rows).encode()).hexdigest(),
        sheet=None, dialect="test", header_row=1, rows_read=len(rows), frame=frame, column_map={},
    )  # fmt: skip


def test_rounds_with_and_without_findings(db):
    r = write_safety_rounds(db, batch([
        finding("2025-03-14"), finding("2025-03-14", funn="Manglende merking", s=1, k=2),
        finding("2025-04-02", enhet="Eiendom", funn=None, s=None, k=None, tiltak=None, ansvarlig=None, frist=pd.NaT),
    ]))  # fmt: skip
    assert r.rows_written == 3 and r.details == "2 vernerunder, 2 funn"
    assert sorted(db.rows("SELECT risiko FROM safety_findings WHERE funn IS NOT NULL")) == [
        (2,),
        (12,),
    ]


def test_newer_export_of_the_same_round_replaces_its_findings(db):
    first = write_safety_rounds(
        db, batch([finding("2025-03-14"), finding("2025-09-01", funn="Løse kabler")])
    )
    second = write_safety_rounds(
        db,
        batch(
            [finding("2025-03-14", status="lukket", lukket_dato=pd.Timestamp("2025-04-01"))],
            "ny.csv",
        ),
    )
    assert second.replaced == {first.import_id: 1}
    assert db.rows("SELECT runde_dato::VARCHAR, status FROM safety_findings ORDER BY runde_dato") == [
        ("2025-03-14", "lukket"), ("2025-09-01", "åpen")]  # fmt: skip

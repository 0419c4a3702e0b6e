"""A small organisation with sick leave and one committee, for the AMU register tests."""

from __future__ import annotations

import pandas as pd
import pytest

from store import committees
from store.org import org_tree
from store.sick_leave import write_batch
from tests.conftest import make_batch

MEMBERS = pd.DataFrame(
    {
        "name": ["Kari Leder", "Ola Arbeidsgiver", "Åse Ansatt", "Per Verneombud", "Bjørg BHT",
                 "Siri Sekretær"],
        "role": ["leder", "arbeidsgiver", "arbeidstaker", "hovedverneombud", "BHT", "sekretær"],
    }
)  # fmt: skip


def _rows() -> list[dict]:
    rows = []
    for month in range(1, 13):
        for sektor, enhet, persons, tapte in (
            ("Helse", "Sykehjem", 40, 70.0),
            ("Helse", "Hjemmetjeneste", 30, 40.0),
            ("Skole", "Nordvik skole", 50, 45.0),
            ("Skole", "Liten skole", 3, 2.0),
        ):
            rows.append(
                {"sektor": sektor, "enhet": enhet, "period": f"2025-{month:02d}",
                 "persons": persons, "avtalte": persons * 21.0, "tapte": tapte}
            )  # fmt: skip
    return rows


def app_page(name: str):
    """A page run inside the real app (dashboard.py's navigation), so page links resolve."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def click(at, label: str):
    """Click the button with this label and run; the page must not raise."""
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def amu(db):
    """(db, committee_id, root unit id): Testkommune with 2025 sick leave and a HAMU."""
    write_batch(db, make_batch(_rows()))
    tree = org_tree(db)
    root = int(tree[tree["level"] == "virksomhet"]["id"].iloc[0])
    cid = committees.create_committee(db, "HAMU", root, "sekretær")
    committees.set_members(db, cid, MEMBERS)
    return db, cid, root

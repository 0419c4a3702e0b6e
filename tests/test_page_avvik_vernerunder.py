"""AppTest: Avvik og skader and Vernerunder og risiko on a real database with hand-made cases."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_cli_deviations import build


@pytest.fixture
def app4(tmp_path, monkeypatch):
    path = tmp_path / "x.duckdb"
    build(path)
    monkeypatch.setenv("HMS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    return at


def test_avvik_page_hides_small_unit_categories_and_lists_overdue_cases(app4):
    at = app4.switch_page("pages/avvik.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Avvik og skader"
    at.sidebar.selectbox(key="period_quarter").select_index(0).run()
    at.sidebar.radio(key="unit_level").set_value("enhet").run()
    box = at.sidebar.selectbox(key="unit_enhet")
    box.select_index(next(i for i, o in enumerate(box.options) if o.startswith("Kino"))).run()
    assert not at.exception
    cats = at.dataframe[0].value
    assert cats.loc[cats["Kategori"] == "personskade", "Antall"].item() == "skjult (færre enn 5)"
    injuries = at.dataframe[-1].value
    assert injuries.loc[injuries["Enhet"] == "Kino", "H1"].item() == "skjult (færre enn 5)"
    assert len(at.get("plotly_chart")) == 1


def test_avvik_overdue_list_has_no_free_text(app4):
    at = app4.switch_page("pages/avvik.py").run()
    overdue = at.dataframe[2].value
    assert list(overdue.columns) == ["Saksnr", "Enhet", "Kategori", "Frist", "Dager over fristen"]
    assert "Ansatt skled på isen" not in overdue.to_string()
    assert "H-1" in set(overdue["Saksnr"])


def test_vernerunder_page_draws_the_matrix_and_open_measures(app4):
    at = app4.switch_page("pages/vernerunder.py").run()
    assert not at.exception, at.exception
    at.sidebar.selectbox(key="rounds_year").set_value(2025).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    z_text = spec["data"][0]["text"]
    assert z_text[0][4] == 1  # S5 × K5: the one high-risk finding, top right
    assert next(m for m in at.metric if m.label == "Åpne høye risikoer").value == "1"
    measures = at.dataframe[-1].value
    assert measures.iloc[0]["Risiko"] == "25 (høy)"


def test_meeting_mode_shows_one_panel(app4):
    at = app4.switch_page("pages/vernerunder.py").run()
    at.sidebar.toggle(key="meeting_mode").set_value(True).run()
    assert not at.exception and len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 1


def test_oversikt_gains_hms_cards(app4):
    at = app4
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert {"Åpne avvik", "Forfalte avvik", "H2", "Vernerunder 2025", "Åpne høye risikoer"} <= set(
        labels
    )
    assert next(m for m in at.metric if m.label == "Åpne høye risikoer").value == "1"


def test_case_list_is_the_only_page_with_free_text(app4):
    at = app4.switch_page("pages/saksliste.py").run()
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert "Ansatt skled på isen" in set(frame["Beskrivelse"])
    at.text_input[0].set_value("H-1").run()
    assert list(at.dataframe[0].value["Saksnr"]) == ["H-1"]
    for page in ("pages/oversikt.py", "pages/avvik.py", "pages/vernerunder.py"):
        at.switch_page(page).run()
        shown = " ".join(str(d.value.to_string()) for d in at.dataframe) + " ".join(
            m.value for m in at.markdown
        )
        assert "skled på isen" not in shown


def test_settings_map_an_unknown_category_and_set_risk_bands(app4, tmp_path):
    import os

    from store import open_database
    from store.deviations import write_deviations
    from tests.test_store_deviations import batch, case

    with open_database(os.environ["HMS_DB"]) as db:
        write_deviations(db, batch([case("U-1", "2025-02-01", kategori="Glatt føre")], "u.xlsx"))
    at = app4.switch_page("pages/innstillinger.py").run()
    assert any("ikke koblet" in w.value for w in at.warning)
    from store.deviations import set_category_mappings, source_categories

    with open_database(os.environ["HMS_DB"]) as db:
        set_category_mappings(db, {"Glatt  føre": "personskade"})  # white space folded like the key
        assert (
            source_categories(db).set_index("kategori").loc["Glatt føre", "standard"]
            == "personskade"
        )


def test_risk_bands_set_on_the_settings_page_reach_the_matrix(app4):
    import os

    from metrics.safety_rounds import risk_bands
    from store import open_database

    at = app4.switch_page("pages/innstillinger.py").run()
    low = next(n for n in at.number_input if n.label == "Lav til og med")
    medium = next(n for n in at.number_input if n.label == "Middels til og med")
    low.set_value(6)
    medium.set_value(19)
    next(b for b in at.button if b.label == "Lagre risikonivåer").click().run()
    assert not at.exception
    with open_database(os.environ["HMS_DB"]) as db:
        assert (risk_bands(db).low_max, risk_bands(db).medium_max) == (6, 19)
    at.switch_page("pages/vernerunder.py").run()
    assert (
        next(m for m in at.metric if m.label == "Åpne høye risikoer").value == "1"
    )  # 25 is still høy
    at.sidebar.selectbox(key="rounds_year").set_value(2025).run()
    assert "middels 7–19" in at.caption[0].value

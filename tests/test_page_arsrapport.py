"""AppTest: the Årsrapporter page on the sample organisation: texts saved per year and scope,
the three files made in one click, and the contents shown with hidden cells as text."""

from __future__ import annotations

from store import open_database
from store.report_texts import report_texts
from tests.amu_fixtures import app_page, click


def test_texts_files_and_contents(demo_env, monkeypatch):
    monkeypatch.setenv("HMS_NO_CHARTS", "1")  # the browser-drawn figures are tested elsewhere
    at = app_page("arsrapport")
    assert at.title[0].value == "Årsrapporter"
    at.radio[0].set_value("hms").run()
    next(t for t in at.text_area if t.label == "Tilsyn fra myndighetene").set_value(
        "Arbeidstilsynet besøkte Vågen sykehjem i mars; to pålegg er lukket."
    )
    click(at, "Lagre tekstene")
    assert any("lagret for" in s.value for s in at.success)
    with open_database(demo_env) as db:
        top = int(db.scalar("SELECT id FROM org_units WHERE level = 'virksomhet'"))
        year = int(at.selectbox[0].value)
        assert "to pålegg" in report_texts(db, "hms", year, top)["tilsyn"]

    click(at, "Lag rapporten (Excel, Word og PDF)")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Last ned Excel", "Last ned Word", "Last ned PDF"]
    assert not at.warning  # the HMS report has no figures to miss

    at.radio[0].set_value("amu").run()
    assert not at.get("download_button")  # files of another report are not offered
    click(at, "Lag rapporten (Excel, Word og PDF)")
    assert any("slått av" in w.value for w in at.warning)  # says why there are no figures
    with open_database(demo_env) as db:
        admin = int(db.scalar("SELECT id FROM org_units WHERE name = 'Administrasjon'"))
    at.selectbox[1].set_value(admin).run()
    assert not at.exception, at.exception
    shown = [df.value for df in at.dataframe]
    assert any((frame == "skjult (færre enn 5)").any().any() for frame in shown)

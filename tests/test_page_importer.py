"""AppTest: the Import page previews, reports bad files clearly, confirms and logs."""

from pathlib import Path

from store import open_database

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def open_page(app):
    app.switch_page("pages/importer.py").run()
    assert not app.exception, app.exception
    return app


def counts(path):
    with open_database(path) as db:
        return db.rows("SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM sick_leave)")[
            0
        ]


def test_preview_says_which_earlier_import_a_newer_export_replaces(app, demo_env):
    at = open_page(app)
    csv = (
        "Periode;Sektor;Enhet;Antall ansatte;Avtalte dagsverk;Tapte dagsverk\r\n"
        "2025-03;Teknisk drift;Vei og park;23;480;12\r\n"
    ).encode("cp1252")
    at.file_uploader[0].set_value(("rettet.csv", csv, "text/csv")).run()
    assert not at.exception
    assert next(m for m in at.metric if m.label == "Erstatter rader").value == "1"
    assert any("import #2 (1 rader)" in i.value for i in at.info)


def test_import_log_lists_the_sample_imports(app):
    at = open_page(app)
    log = at.dataframe[-1].value
    from sample_data.demo import DECISION_LOG, SAMPLE_FILES

    assert list(log["Fil"]) == list(reversed((*SAMPLE_FILES, DECISION_LOG)))
    assert set(log["Av"]) == {"demo-rådgiver"}


def test_same_file_again_is_recognised_and_nothing_is_written(app, demo_env):
    at = open_page(app)
    data = (SAMPLE / "sykefravaer_2025-h1.csv").read_bytes()
    at.file_uploader[0].set_value(("sykefravaer_2025-h1.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("allerede importert" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Bekreft og importer"]


def test_bad_file_gives_norwegian_message_with_location_and_writes_nothing(app, demo_env):
    before = counts(demo_env)
    at = open_page(app)
    bad = "Periode;Enhet;Avtalte dagsverk;Tapte dagsverk\r\n2025-03;Skole A;100;abc\r\n".encode(
        "cp1252"
    )
    at.file_uploader[0].set_value(("feil.csv", bad, "text/csv")).run()
    assert not at.exception
    assert "kan ikke importeres" in at.error[0].value
    text = at.code[0].value
    assert "feil.csv" in text and "rad 2" in text and "Tapte dagsverk" in text and "abc" in text
    assert counts(demo_env) == before


def test_preview_then_confirm_writes_and_logs(app, demo_env):
    at = open_page(app)
    csv = (
        "Periode;Sektor;Enhet;Antall ansatte;Avtalte dagsverk;Tapte dagsverk\r\n"
        "2026-01;Teknisk drift;Ny enhet;12;250,5;10,5\r\n"
    ).encode("cp1252")
    at.file_uploader[0].set_value(("ny.csv", csv, "text/csv")).run()
    assert not at.exception
    assert at.subheader[0].value == "Forhåndsvisning"
    assert next(m for m in at.metric if m.label == "Rader som skrives").value == "1"
    assert next(m for m in at.metric if m.label == "Erstatter rader").value == "0"
    assert any("1 enheter finnes ikke fra før" in i.value for i in at.info)
    with open_database(demo_env) as db:
        assert db.scalar("SELECT count(*) FROM imports WHERE file_name = 'ny.csv'") == 0
    button = next(b for b in at.button if b.label == "Bekreft og importer")
    button.click().run()
    assert not at.exception
    assert any("Importert" in s.value for s in at.success)
    with open_database(demo_env) as db:
        assert db.scalar("SELECT count(*) FROM imports WHERE file_name = 'ny.csv'") == 1


def test_unrecognised_headers_can_be_mapped_and_the_mapping_is_remembered(app, demo_env):
    at = open_page(app)
    csv = "Mnd;Sted;Dagsverk mulig;Dagsverk tapt\r\n2026-02;Vei og park;300;9\r\n".encode("cp1252")
    at.file_uploader[0].set_value(("rar.csv", csv, "text/csv")).run()
    assert "kan ikke importeres" in at.error[0].value
    at.selectbox(key=f"map_{_key(csv)}_enhet").set_value("Sted")
    at.selectbox(key=f"map_{_key(csv)}_avtalte_dagsverk").set_value("Dagsverk mulig")
    at.selectbox(key=f"map_{_key(csv)}_tapte_dagsverk").set_value("Dagsverk tapt")
    next(b for b in at.button if b.label == "Bruk koblingen").click().run()
    assert not at.exception and at.subheader[0].value == "Forhåndsvisning"
    next(b for b in at.button if b.label == "Bekreft og importer").click().run()
    assert not at.exception
    # Another file with the same headers now loads with the remembered mapping by itself.
    from data_loaders.batch import SourceFile
    from data_loaders.ingest import prepare

    again = "Mnd;Sted;Dagsverk mulig;Dagsverk tapt\r\n2026-03;Vei og park;310;4\r\n".encode(
        "cp1252"
    )
    with open_database(demo_env) as db:
        prepared = prepare(db, SourceFile("rar2.csv", again))
    assert prepared.used_saved_mapping and prepared.batch.frame["tapte"].tolist() == [4.0]


def _key(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


def test_deviation_and_safety_round_files_are_recognised_previewed_and_written(
    tmp_path, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    path = tmp_path / "tom.duckdb"
    monkeypatch.setenv("HMS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/importer.py").run()
    for name, detail in (
        ("avvik_2023-2025.xlsx", "nye saker"),
        ("vernerunder_2025.csv", "vernerunder"),
    ):
        at.file_uploader[0].set_value(
            (name, (SAMPLE / name).read_bytes(), "application/octet-stream")
        ).run()
        assert not at.exception, at.exception
        assert at.subheader[0].value == "Forhåndsvisning"
        next(b for b in at.button if b.label == "Bekreft og importer").click().run()
        assert not at.exception
        assert any(detail in s.value for s in at.success)
    with open_database(path) as db:
        assert db.scalar("SELECT count(*) FROM deviations") > 2000
        assert db.scalar("SELECT count(*) FROM safety_findings") > 20

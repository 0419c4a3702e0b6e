"""AppTest: settings change what the other pages show (targets, threshold, benchmark)."""

from core.periods import parse_period
from metrics.sick_leave import sick_leave_table
from store import open_database


def open_page(app):
    app.switch_page("pages/innstillinger.py").run()
    assert not app.exception, app.exception
    return app


def test_shows_targets_benchmarks_and_threshold(app):
    at = open_page(app)
    headers = [h.value for h in at.header]
    assert headers == [
        "Mål for sykefravær",
        "Sammenligningstall",
        "Avvikskategorier",
        "Risikonivåer for vernerunder",
        "Personvern",
    ]
    assert "Nordvik kommune" in set(at.dataframe[0].value["Enhet"])
    assert at.number_input[-1].value == 5


def test_raising_the_threshold_hides_more_everywhere(app, demo_env):
    at = open_page(app)
    at.number_input[-1].set_value(10).run()
    next(b for b in at.button if b.label == "Lagre grensen").click().run()
    assert not at.exception
    with open_database(demo_env) as db:
        table = sick_leave_table(db, parse_period("2025-K4"))
    assert table.threshold == 10
    assert all(r.suppressed for r in table.rows if r.persons is None and r.level == "enhet")
    at.switch_page("pages/sykefravaer.py").run()
    frame = at.dataframe[0].value
    assert (frame["Sykefravær"] == "skjult (færre enn 10)").any()


def test_setting_a_target_reaches_the_overview(app, demo_env):
    at = open_page(app)
    form_unit = at.selectbox[0]
    index = next(i for i, o in enumerate(form_unit.options) if o.startswith("Nordvik kommune"))
    form_unit.select_index(index)
    at.number_input[0].set_value(2025)
    at.number_input[1].set_value(4.2)
    next(b for b in at.button if b.label == "Lagre mål").click().run()
    assert not at.exception
    at.switch_page("pages/oversikt.py").run()
    card = next(m for m in at.metric if m.label == "Mål")
    assert card.value == "4,2\u00a0%"

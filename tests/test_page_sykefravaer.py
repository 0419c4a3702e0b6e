"""AppTest: the Sykefravær page draws the trend and the drill-down with hidden cells."""

import json

from core.formatting import fmt_percent


def open_page(app):
    app.switch_page("pages/sykefravaer.py").run()
    assert not app.exception, app.exception
    return app


def test_trend_and_year_over_year_charts(app):
    at = open_page(app)
    assert at.title[0].value == "Sykefravær"
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    spec = json.loads(charts[0].proto.spec)
    names = [t["name"] for t in spec["data"]]
    assert names[:4] == ["Egenmeldt", "Legemeldt", "Sykefravær totalt", "Mål"]
    assert any(n.startswith("Sammenligning: Kommuner, legemeldt") for n in names)
    assert spec["layout"]["title"]["text"] == "Sykefravær per kvartal – Nordvik kommune"


def test_drilldown_table_hides_small_units_with_the_wording(app):
    at = open_page(app)
    frame = at.dataframe[0].value
    kino = frame[frame["Enhet"].str.strip() == "Nordvik kino"].iloc[0]
    assert kino["Sykefravær"] == "skjult (færre enn 5)"
    assert kino["Tapte dagsverk"] == "skjult (færre enn 5)"
    assert (frame["Sykefravær"] == "skjult (for å beskytte en annen celle)").any()
    top = frame.iloc[0]
    assert top["Enhet"] == "Nordvik kommune" and top["Sykefravær"].endswith("%")


def test_meeting_mode_shows_one_panel_at_a_time(app):
    at = open_page(app)
    at.sidebar.toggle(key="meeting_mode").set_value(True).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(at.dataframe) == 0


def test_percent_in_table_matches_the_card_on_oversikt(app):
    overview_value = next(m for m in app.metric if m.label == "Sykefravær").value
    at = open_page(app)
    frame = at.dataframe[0].value
    assert frame.iloc[0]["Sykefravær"] == overview_value
    assert overview_value == fmt_percent(
        float(overview_value.replace("\u00a0%", "").replace(",", "."))
    )

"""AppTest: the Oversikt page on the sample organisation shows the metric layer's figures."""

from core.formatting import fmt_percent, fmt_pp
from core.periods import parse_period
from metrics.sick_leave import sick_leave_table
from store import open_database


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_opens_on_the_sample_organisation_with_kpi_cards(app, demo_env):
    assert app.title[0].value == "Oversikt"
    period = app.sidebar.selectbox(key="period_quarter").value
    assert period.label == "2025-K4"  # newest quarter in the sample data
    with open_database(demo_env) as db:
        v = sick_leave_table(db, period).level("virksomhet")[0]
    card = metric(app, "Sykefravær")
    assert card.value == fmt_percent(v.percent)
    assert card.delta.replace("-", "\u2212").startswith(fmt_pp(v.change_pp))
    assert "Nordvik kommune" in app.subheader[0].value


def test_down_is_good_colouring_and_target_card(app, demo_env):
    from streamlit.proto.Metric_pb2 import Metric

    card = metric(app, "Sykefravær")
    with open_database(demo_env) as db:
        change = sick_leave_table(db, parse_period("2025-K4")).level("virksomhet")[0].change_pp
    falling = change < 0
    assert card.proto.direction == (
        Metric.MetricDirection.DOWN if falling else Metric.MetricDirection.UP
    )
    assert card.proto.color == (Metric.MetricColor.GREEN if falling else Metric.MetricColor.RED)
    target = metric(app, "Mål")  # the sample sets 6,5 % for the virksomhet
    assert target.value == "6,5\u00a0%"
    over = target.delta.startswith("+")
    assert target.proto.color == (Metric.MetricColor.RED if over else Metric.MetricColor.GREEN)


def test_small_unit_shows_hidden_text_not_a_figure(app, demo_env):
    app.sidebar.radio(key="unit_level").set_value("enhet").run()
    box = app.sidebar.selectbox(key="unit_enhet")
    index = next(i for i, o in enumerate(box.options) if o.startswith("Nordvik kino"))
    box.select_index(index).run()
    assert not app.exception
    card = metric(app, "Sykefravær")
    assert card.value.startswith("skjult (færre enn 5)")


def test_meeting_mode_keeps_the_page_working(app):
    app.sidebar.toggle(key="meeting_mode").set_value(True).run()
    assert not app.exception
    assert metric(app, "Sykefravær").value.endswith("%")


def test_benchmark_card_compares_like_with_like(app, demo_env):
    box = app.sidebar.selectbox(key="period_quarter")
    box.select_index(box.options.index("2. kvartal 2024")).run()
    assert not app.exception
    card = metric(app, "Sammenligning (legemeldt)")
    assert card.value == "8,3\u00a0%"  # kommuner, legemeldt, 2024K2 (DOMAIN.md)
    with open_database(demo_env) as db:
        v = sick_leave_table(db, parse_period("2024-K2")).level("virksomhet")[0]
    assert card.delta.startswith(f"vårt tall {fmt_percent(v.legemeldt_percent)}")

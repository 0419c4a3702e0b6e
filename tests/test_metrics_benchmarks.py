"""Benchmarks: seeded from DOMAIN.md's table, editable, labelled, compared as NAV does."""

import pandas as pd
import pytest

from core.periods import parse_period
from metrics.benchmarks import available_series, chosen_series, compare
from store.settings import benchmarks, replace_benchmarks, set_setting


@pytest.mark.parametrize(
    ("ours", "word"), [(5.51, "over"), (5.50, "middels"), (4.50, "middels"), (4.49, "under")]
)
def test_nav_comparison_words(ours, word):
    assert compare(ours, 5.0) == word


def test_seeded_series_carry_what_they_cover(db):
    series = available_series(db)
    assert set(series) == {
        "alle-legemeldt",
        "kommuner-legemeldt",
        "fylkeskommuner-legemeldt",
        "alle-egen-lege",
    }
    chosen = chosen_series(db)
    assert chosen.series == "kommuner-legemeldt" and chosen.covers == "legemeldt"
    assert "legemeldt" in chosen.label and "ikke sesongjustert" in chosen.label
    assert chosen.for_period(parse_period("2024-K2")) == 8.3
    assert chosen.for_period(parse_period("2023-K3")) == 6.3
    assert chosen.for_period(parse_period("2025-K1")) is None  # not published: no made-up figure
    assert chosen.for_period(parse_period("2024")) is None
    assert chosen.comparable(7.0, 5.5) == 5.5  # legemeldt is compared with legemeldt


def test_user_edits_and_choice_are_used(db):
    set_setting(db, "benchmark_series", "alle-egen-lege")
    assert chosen_series(db).comparable(7.0, 5.5) == 7.0
    frame = benchmarks(db)
    extra = pd.DataFrame([{"series": "egen", "label": "Egen serie, egen- og legemeldt", "covers": "egen- og legemeldt",
                           "seasonally_adjusted": False, "sector": "Kommuner", "source": "NAV-nedlasting",
                           "year": 2025, "quarter": 1, "percent": 6.1}])  # fmt: skip
    replace_benchmarks(db, pd.concat([frame, extra], ignore_index=True))
    set_setting(db, "benchmark_series", "egen")
    assert chosen_series(db).for_period(parse_period("2025-K1")) == 6.1
    with pytest.raises(ValueError):
        replace_benchmarks(db, pd.concat([frame, frame.head(1)], ignore_index=True))
    assert len(benchmarks(db)) == len(frame) + 1  # the failed edit changed nothing

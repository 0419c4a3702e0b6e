"""Display rounding and Norwegian number formats (DOMAIN.md: NAV rounds HALF_UP to one decimal)."""

import pytest

from core.formatting import fmt_number, fmt_percent, fmt_pp, hidden_text, round_half_up


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (6.85, "6,9\u00a0%"),  # half-up, not banker's rounding (6,8) nor float noise
        (6.75, "6,8\u00a0%"),
        (6.849999, "6,8\u00a0%"),
        (0.05, "0,1\u00a0%"),  # NAV: 0.0005 -> 0.1 %
        (0.005, "0,0\u00a0%"),  # NAV: 0.00005 -> 0.0 %
        (137 / 2000 * 100, "6,9\u00a0%"),  # 6.8500000000000005 from a real division
        (12.0, "12,0\u00a0%"),
    ],
)
def test_percent_rounds_half_up_with_decimal_comma(value, shown):
    assert fmt_percent(value) == shown


def test_numbers_are_grouped_with_no_break_space():
    assert fmt_number(1234.5) == "1\u00a0234,5"
    assert fmt_number(1234567.25, 2) == "1\u00a0234\u00a0567,25"
    assert fmt_number(None) == "–"


def test_percentage_points_carry_a_sign():
    assert fmt_pp(0.44) == "+0,4\u00a0pp"
    assert fmt_pp(-1.25) == "\u22121,3\u00a0pp"
    assert fmt_pp(0.04) == "0,0\u00a0pp"


def test_half_up_is_symmetric_away_from_zero():
    assert str(round_half_up(-2.25)) == "-2.3"
    assert str(round_half_up(2.25)) == "2.3"


def test_hidden_wording_names_the_threshold_and_the_reason():
    assert hidden_text("primary", 5) == "skjult (færre enn 5)"
    assert hidden_text("secondary", 5) == "skjult (for å beskytte en annen celle)"
    assert hidden_text("primary", 10) == "skjult (færre enn 10)"

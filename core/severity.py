"""Deviation severity on one scale: grades 1–5, and the bands lav / middels / høy.

Exports give either a grade 1–5 or a word; words load as lav→1, middels→3, høy→5. The bands
are what the AMU sees: 1–2 lav, 3 middels, 4–5 høy.
"""

from __future__ import annotations

import math

BANDS = ("lav", "middels", "høy", "ukjent")


def severity_band(grade: object) -> str:
    if grade is None or (isinstance(grade, float) and math.isnan(grade)) or grade != grade:
        return "ukjent"
    try:
        value = int(grade)
    except (TypeError, ValueError):
        return "ukjent"
    return "lav" if value <= 2 else ("middels" if value == 3 else "høy")

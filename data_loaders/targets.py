"""Reading a small targets file (år;enhet_nivå;enhet;mål_prosent), as the sample organisation ships.

Targets are normally set on the settings page; this file lets the demo and a new installation
start with them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_loaders.numbers import parse_numbers
from store import Database
from store.org import find_unit
from store.settings import set_target


def load_targets_file(db: Database, path: Path) -> int:
    """Set every target in the file whose unit exists; returns how many were set."""
    frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    frame.columns = [c.strip().lower() for c in frame.columns]
    values = parse_numbers(frame["mål_prosent"])
    count = 0
    for (year, level, name), value in zip(
        frame[["år", "enhet_nivå", "enhet"]].itertuples(index=False), values, strict=True
    ):
        unit = find_unit(db, level.strip(), name.strip())
        if unit is not None and not pd.isna(value):
            set_target(db, unit, int(year), float(value))
            count += 1
    return count

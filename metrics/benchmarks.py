"""Benchmark series (SSB/NAV via KS and others), always with the label saying what they cover."""

from __future__ import annotations

from dataclasses import dataclass

from core.periods import Period
from store import Database
from store.settings import benchmarks, get_setting


@dataclass(frozen=True)
class BenchmarkSeries:
    series: str
    label: str  # what it covers: egen/lege, seasonal adjustment, sector, source
    covers: str
    values: dict[tuple[int, int], float]  # (year, quarter) -> percent

    def for_period(self, period: Period) -> float | None:
        """The benchmark of a quarter (or the quarter a month lies in); None if not published."""
        q = Period.containing("quarter", period.last_month) if period.kind != "quarter" else period
        if period.kind in ("year", "tertial"):
            return None  # the series is quarterly; a longer period has no single figure
        return self.values.get((q.year, q.index))


def available_series(db: Database) -> dict[str, str]:
    """{series key: label} of every series in the database."""
    frame = benchmarks(db)
    return dict(zip(frame["series"], frame["label"], strict=False))


def chosen_series(db: Database, series: str | None = None) -> BenchmarkSeries | None:
    """The series chosen in settings (or `series`), or None when there are none."""
    frame = benchmarks(db)
    if frame.empty:
        return None
    key = series or get_setting(db, "benchmark_series")
    if key not in set(frame["series"]):
        key = frame["series"].iloc[0]
    part = frame[frame["series"] == key]
    return BenchmarkSeries(
        series=key,
        label=str(part["label"].iloc[0]),
        covers=str(part["covers"].iloc[0]),
        values={
            (int(y), int(q)): float(v)
            for y, q, v in zip(part["year"], part["quarter"], part["percent"], strict=True)
        },
    )


def compare(percent: float | None, benchmark: float | None) -> str | None:
    """NAV's comparison words: above benchmark × 1.1 is "over", below × 0.9 "under"."""
    if percent is None or benchmark is None:
        return None
    if percent > benchmark * 1.1:
        return "over"
    if percent < benchmark * 0.9:
        return "under"
    return "middels"

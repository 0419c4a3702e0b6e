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
        """The benchmark of a quarter; None for other period kinds (the series is quarterly)."""
        if period.kind != "quarter":
            return None
        return self.values.get((period.year, period.index))

    def comparable(self, percent: float | None, legemeldt_percent: float | None) -> float | None:
        """Our figure that covers the same as the benchmark: legemeldt only, or the total."""
        return legemeldt_percent if self.covers == "legemeldt" else percent


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

"""Seed the editable reference data: benchmark series from DOMAIN.md and default settings."""

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "reference" / "benchmarks.csv"


def apply(con) -> None:
    con.execute(
        "INSERT INTO benchmarks SELECT series, label, covers, seasonally_adjusted, sector, source,"
        " year, quarter, percent FROM read_csv(?, delim=';', header=true,"
        " columns={'series': 'VARCHAR', 'label': 'VARCHAR', 'covers': 'VARCHAR',"
        " 'seasonally_adjusted': 'BOOLEAN', 'sector': 'VARCHAR', 'source': 'VARCHAR',"
        " 'year': 'INTEGER', 'quarter': 'INTEGER', 'percent': 'DOUBLE'})",
        [str(BENCHMARKS)],
    )
    con.execute(
        "INSERT INTO settings VALUES ('suppression_threshold', '5'),"
        " ('benchmark_series', 'kommuner-legemeldt')"
    )

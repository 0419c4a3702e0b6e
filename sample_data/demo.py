"""Build the database of the sample organisation, Nordvik kommune, from the committed exports.

Goes through the same loaders and import path as a real upload, so the demo database carries
real provenance and exercises every dialect.
"""

from __future__ import annotations

from pathlib import Path

from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from data_loaders.targets import load_targets_file
from sample_data.amu import seed_amu
from store import open_database

SAMPLE_DIR = Path(__file__).resolve().parent
# In import order: the 2025 deviation csv is a later export that updates cases of the xlsx.
SAMPLE_FILES = (
    "sykefravaer_2023-2024.xlsx",
    "sykefravaer_2025-h1.csv",
    "sykefravaer_2025-k3-k4.csv",
    "avvik_2023-2025.xlsx",
    "avvik_2025_eksport.csv",
    "vernerunder_2023-2025.xlsx",
    "vernerunder_2025.csv",
)
TARGETS_FILE = "targets.csv"
DECISION_LOG = "vedtakslogg_hamu_2023.xlsx"  # imported after the committees exist
DEMO_USER = "demo-rådgiver"


def fresh_path(path: Path, force: bool) -> Path:
    """`path` cleared for a new database: an existing file is refused unless forced."""
    path = Path(path)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} finnes allerede; bruk --force for å bygge den på nytt.")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    return path


def build_demo(path: Path, force: bool = False) -> list[str]:
    """Create the demo database at `path`; refuses to overwrite an existing file unless forced."""
    path = fresh_path(path, force)
    messages = []
    with open_database(path) as db:
        for name in SAMPLE_FILES:
            source = SourceFile(name, (SAMPLE_DIR / name).read_bytes())
            messages.append(ingest(db, source, user=DEMO_USER).summary)
        n = load_targets_file(db, SAMPLE_DIR / TARGETS_FILE)
        messages.append(f"{n} mål for sykefravær satt fra {TARGETS_FILE}.")
        messages.extend(seed_amu(db, DEMO_USER))
        # The committee's old follow-up spreadsheet, imported once into the register.
        log = SourceFile(DECISION_LOG, (SAMPLE_DIR / DECISION_LOG).read_bytes())
        messages.append(ingest(db, log, user=DEMO_USER, committee="HAMU").summary)
        db.checkpoint()
    messages.append(f"Eksempeldatabasen er klar: {path}")
    return messages


def ensure_demo(path: Path) -> bool:
    """Build the demo database if the file is absent. Returns True when it was built now."""
    if Path(path).exists():
        return False
    build_demo(path)
    return True

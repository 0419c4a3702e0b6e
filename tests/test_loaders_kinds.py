"""Telling sykefravær, avvik and vernerunder files apart; the per-kind specs and column maps;
and the committed avvik / vernerunder sample files, when they exist, load without errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from data_loaders import headers
from data_loaders.batch import SourceFile
from data_loaders.headers import (
    COLUMN_MAPS,
    HeaderMatcher,
    missing_fields,
    normalise_header,
    synonym_table,
)
from data_loaders.issues import UNKNOWN_KIND, LoadError
from data_loaders.kinds import LOADERS, detect_kind
from data_loaders.records import VALUE_MAPS, value_map
from data_loaders.specs import SPECS
from tests.conftest_loaders import csv_bytes, one, xlsx_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
SICK = ["Periode", "Sektor", "Enhet", "Avtalte dagsverk", "Tapte dagsverk"]
AVVIK = ["Saksnr", "Registrert", "Enhet", "Kategori", "Alvorlighetsgrad", "Status", "Frist"]
RUNDE = ["Dato", "Enhet", "Funn", "S", "K", "R", "Tiltak", "Frist", "Status"]
ROWS = {
    "sykefravaer": ["2025-01", "Oppvekst", "Skole A", 100, 4],
    "avvik": ["AV-1", "31.01.2025", "Skole A", "Vold", 3, "Ny", "28.02.2025"],
    "vernerunde": ["04.03.2025", "Skole A", "Løs ledning", 3, 4, 12, "Feste", "01.04.2025", "Åpen"],
}


def source(rows: list[list[object]], name: str = "fil.xlsx", **kw) -> SourceFile:
    return SourceFile(name, xlsx_bytes(rows, **kw))


def unknown_kind(src: SourceFile) -> LoadError:
    with pytest.raises(LoadError) as info:
        detect_kind(src)
    return info.value


@pytest.mark.parametrize(("kind", "header"), [("sykefravaer", SICK), ("avvik", AVVIK),
                                              ("vernerunde", RUNDE)])  # fmt: skip
def test_each_kind_is_detected_and_loads_with_its_loader(kind, header):
    src = source([["Rapport"], [], header, ROWS[kind]])
    assert detect_kind(src) == kind
    batch = LOADERS[kind](src, None)
    assert batch.kind == kind and len(batch.frame) == 1 and batch.header_row == 3


def test_cp1252_csv_with_title_line():
    lines = [
        "Avviksliste for Økonomi",
        "ID;Meldt dato;Avdeling;Type;Saksstatus",
        "1;2.1.2025;Økonomi;Annet;Ny",
    ]
    assert detect_kind(SourceFile("a.csv", csv_bytes(lines, "cp1252"))) == "avvik"


def test_kind_is_found_on_a_later_sheet():
    src = source([RUNDE, ROWS["vernerunde"]], before=[("Forside", [["Vernerunder 2025"]], False)])
    assert detect_kind(src) == "vernerunde"


def test_file_missing_a_required_column_still_gets_its_kind():
    """The avvik loader then says exactly which column is missing."""
    header = [h for h in AVVIK if h != "Status"]  # shares Enhet and Frist with vernerunder
    assert detect_kind(source([header])) == "avvik"


def test_headers_of_no_kind():
    err = unknown_kind(source([["Ansatt", "Fødselsdato", "Adresse", "Telefon"]], sheet="Liste"))
    issue = one(err, UNKNOWN_KIND)
    assert (issue.file, issue.sheet, issue.row) == ("fil.xlsx", "Liste", None)
    assert issue.message == (
        "fil.xlsx, ark «Liste»: Vet ikke hva slags fil dette er. Fant ingen overskriftsrad for "
        "sykefravær, avvik, vernerunder eller AMU-vedtak blant de første 30 radene. "
        "Overskriftene vi fant: "
        "«Ansatt», «Fødselsdato», «Adresse», «Telefon». Velg hva filen inneholder, og koble "
        "kolonnene selv."
    )
    assert err.found_headers == ("Ansatt", "Fødselsdato", "Adresse", "Telefon")


def test_headers_that_fit_two_kinds_equally():
    issue = one(unknown_kind(source([["Enhet", "Status", "Frist", "Lukket"]])), UNKNOWN_KIND)
    assert "Overskriftene passer like godt for avvik og vernerunder." in issue.text


def test_empty_and_non_spreadsheet_files_keep_their_codes():
    assert unknown_kind(SourceFile("tom.csv", b"")).codes == {"empty_file"}
    assert unknown_kind(SourceFile("bilde.xlsx", b"\x89PNG\r\n\x1a\n...")).codes == {
        "not_spreadsheet"
    }


# ---- specs and column maps ------------------------------------------------------------------
@pytest.mark.parametrize("spec", SPECS.values(), ids=list(SPECS))
def test_column_map_and_spec_agree(spec):
    with (COLUMN_MAPS / f"{spec.column_map}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["field"] for r in rows} == set(spec.labels)
    assert len({normalise_header(r["header"]) for r in rows}) == len(rows)
    typed = set(spec.text_fields) | set(spec.number_fields) | set(spec.date_fields)
    assert typed <= set(spec.labels)
    for requirement in spec.requirements:
        assert {f for alt in requirement for f in alt} <= set(spec.labels)


def test_sick_leave_names_for_the_import_page_are_unchanged():
    assert headers.FIELD_LABELS is SPECS["sykefravaer"].labels
    assert headers.REQUIRED_FIELDS == ("periode", "avtalte_dagsverk")
    assert SPECS["avvik"].required_fields == ("saksnummer", "registrert_dato", "kategori", "status")
    assert SPECS["vernerunde"].required_fields == (
        "runde_dato", "funn", "sannsynlighet", "konsekvens",
    )  # fmt: skip


def test_missing_fields_per_kind():
    assert missing_fields({"enhet": 0}, SPECS["vernerunde"]) == [
        "dato for vernerunden (godtatte navn: Dato, Rundedato, Vernerundedato, "
        "Dato for vernerunde, Dato vernerunde)",
        "funn (godtatte navn: Funn, Observasjon, Avvik/funn, Beskrivelse av funn)",
        "sannsynlighet (godtatte navn: Sannsynlighet, Sannsynlighet (1-5), S)",
        "konsekvens (godtatte navn: Konsekvens, Konsekvens (1-5), K)",
    ]


@pytest.mark.parametrize("kind", ["avvik", "vernerunde"])
def test_every_synonym_is_recognised(kind):
    spec = SPECS[kind]
    for fld, header in synonym_table(spec.column_map):
        cells = [header if f == fld else h for f, h in _canonical(kind).items()]
        if fld not in _canonical(kind):
            cells.append(header)
        assert HeaderMatcher(None, kind).match(cells).columns[fld] == cells.index(header)


def _canonical(kind: str) -> dict[str, str]:
    first = {}
    for fld, header in synonym_table(SPECS[kind].column_map):
        first.setdefault(fld, header)
    return first


def test_value_vocabulary_meanings():
    with VALUE_MAPS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    meanings = {
        "status": {"åpen", "under behandling", "lukket"},
        "alvorlighetsgrad": {"1", "3", "5"},
        "skadetype": {"fravær", "medisinsk behandling", "førstehjelp", ""},
        "vedtak_status": {"åpen", "pågår", "utført", "lukket", "avvist"},
    }
    for row in rows:
        assert row["meaning"] in meanings[row["field"]], row
    assert sum(len(value_map(f)) for f in meanings) == len(rows)  # no key twice


# ---- committed sample files -----------------------------------------------------------------
SAMPLES = sorted(
    p
    for pattern in ("avvik_*", "vernerunder_*")
    for p in SAMPLE.glob(pattern)
    if p.suffix in (".xlsx", ".csv")
)


@pytest.mark.parametrize("path", SAMPLES or [None], ids=[p.name for p in SAMPLES] or ["none"])
def test_sample_files_load_without_errors(path):
    if path is None:
        pytest.skip("no avvik_* / vernerunder_* sample files yet")
    src = SourceFile(path.name, path.read_bytes())
    kind = "avvik" if path.name.startswith("avvik") else "vernerunde"
    assert detect_kind(src) == kind
    batch = LOADERS[kind](src, None)
    assert len(batch.frame) > 0

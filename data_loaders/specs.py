"""What each kind of file holds: its fields, their Norwegian names, types and which are required.

One `KindSpec` per kind of file (sykefravær, avvik, vernerunder). The header synonyms live as
data in `column_maps/<column_map>.csv`; everything else the loaders, the kind detection and
the Import page's manual mapping need to know about a kind's fields is here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# One requirement: alternatives, each a set of fields that together satisfy it.
# (("enhet",), ("sektor",)) = enhet or sektor; (("tapte",), ("egen", "lege")) = tapte or both.
Requirement = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class KindSpec:
    """The fields of one kind of file."""

    kind: str  # Batch.kind: 'sykefravaer', 'avvik', 'vernerunde'
    column_map: str  # stem of the synonym table in column_maps/
    title: str  # Norwegian name of the kind, for messages ("avvik")
    labels: dict[str, str]  # field -> Norwegian name, in the order messages list fields
    requirements: tuple[Requirement, ...]  # in the order missing columns are reported
    text_fields: tuple[str, ...] = ()
    number_fields: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()
    examples: str = ""  # headers named in the "no header row" message

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Fields that are always required on their own (the Import page marks them)."""
        return tuple(r[0][0] for r in self.requirements if len(r) == 1 and len(r[0]) == 1)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.labels)


def _single(*fields: str) -> tuple[Requirement, ...]:
    return tuple(((f,),) for f in fields)


UNIT = (("enhet",), ("sektor",))

SICK_LEAVE = KindSpec(
    kind="sykefravaer",
    column_map="sick_leave",
    title="sykefravær",
    labels={
        "periode": "periode",
        "virksomhet": "virksomhet",
        "sektor": "sektor",
        "enhet": "enhet",
        "antall_personer": "antall personer",
        "avtalte_dagsverk": "avtalte dagsverk",
        "tapte_dagsverk": "tapte dagsverk",
        "egenmeldt_dagsverk": "egenmeldte dagsverk",
        "legemeldt_dagsverk": "legemeldte dagsverk",
        "sykefravaer_prosent": "sykefraværsprosent",
    },
    requirements=(
        *_single("periode", "avtalte_dagsverk"),
        UNIT,
        (("tapte_dagsverk",), ("egenmeldt_dagsverk", "legemeldt_dagsverk")),
    ),
    text_fields=("virksomhet", "sektor", "enhet", "periode"),
    number_fields=(
        "antall_personer",
        "avtalte_dagsverk",
        "tapte_dagsverk",
        "egenmeldt_dagsverk",
        "legemeldt_dagsverk",
        "sykefravaer_prosent",
    ),
    examples="Periode, Enhet, Avtalte dagsverk og Tapte dagsverk",
)

DEVIATIONS = KindSpec(
    kind="avvik",
    column_map="avvik",
    title="avvik",
    labels={
        "saksnummer": "saksnummer",
        "registrert_dato": "registrert dato",
        "virksomhet": "virksomhet",
        "sektor": "sektor",
        "enhet": "enhet",
        "kategori": "kategori",
        "alvorlighetsgrad": "alvorlighetsgrad",
        "status": "status",
        "frist": "frist",
        "lukket_dato": "lukket dato",
        "skadetype": "skadetype",
        "fravaersdager": "fraværsdager",
        "beskrivelse": "beskrivelse",
    },
    requirements=(*_single("saksnummer", "registrert_dato"), UNIT, *_single("kategori", "status")),
    text_fields=(
        "saksnummer",
        "virksomhet",
        "sektor",
        "enhet",
        "kategori",
        "alvorlighetsgrad",
        "status",
        "skadetype",
        "beskrivelse",
    ),
    number_fields=("fravaersdager",),
    date_fields=("registrert_dato", "frist", "lukket_dato"),
    examples="Saksnr, Registrert, Enhet, Kategori og Status",
)

SAFETY_ROUNDS = KindSpec(
    kind="vernerunde",
    column_map="vernerunde",
    title="vernerunder",
    labels={
        "runde_dato": "dato for vernerunden",
        "virksomhet": "virksomhet",
        "sektor": "sektor",
        "enhet": "enhet",
        "deltakere": "deltakere",
        "funn": "funn",
        "sannsynlighet": "sannsynlighet",
        "konsekvens": "konsekvens",
        "risiko": "risiko",
        "tiltak": "tiltak",
        "ansvarlig": "ansvarlig",
        "frist": "frist",
        "status": "status",
        "lukket_dato": "lukket dato",
    },
    requirements=(*_single("runde_dato"), UNIT, *_single("funn", "sannsynlighet", "konsekvens")),
    text_fields=(
        "virksomhet",
        "sektor",
        "enhet",
        "deltakere",
        "funn",
        "tiltak",
        "ansvarlig",
        "status",
    ),
    number_fields=("sannsynlighet", "konsekvens", "risiko"),
    date_fields=("runde_dato", "frist", "lukket_dato"),
    examples="Dato, Enhet, Funn, Sannsynlighet og Konsekvens",
)

# An AMU's follow-up spreadsheet of its decisions (vedtak), imported once into the register.
DECISIONS = KindSpec(
    kind="vedtak",
    column_map="vedtak",
    title="AMU-vedtak",
    labels={
        "utvalg": "utvalg",
        "motedato": "møtedato",
        "saksnr": "saksnummer",
        "sak": "sak",
        "vedtak": "vedtak",
        "ansvarlig": "ansvarlig",
        "frist": "frist",
        "status": "status",
        "lukket_dato": "lukket dato",
        "kommentar": "kommentar",
    },
    requirements=_single("motedato", "vedtak", "status"),
    text_fields=("utvalg", "saksnr", "sak", "vedtak", "ansvarlig", "status", "kommentar"),
    date_fields=("motedato", "frist", "lukket_dato"),
    examples="Møtedato, Saksnr, Vedtak og Status",
)

SPECS: dict[str, KindSpec] = {s.kind: s for s in (SICK_LEAVE, DEVIATIONS, SAFETY_ROUNDS, DECISIONS)}


def spec_for(name: str) -> KindSpec:
    """The spec of a kind, by Batch.kind ('avvik') or by column-map name ('sick_leave')."""
    if name in SPECS:
        return SPECS[name]
    for spec in SPECS.values():
        if spec.column_map == name:
            return spec
    raise KeyError(name)

"""Seeded safety rounds (vernerunder) of Nordvik kommune 2023-2025 with their findings, and the
two exports they are written in.

Most units get one round a year (mostly spring or autumn); a few get two, and a few miss a
year (MISSING). A round has 0-6 findings, each with sannsynlighet and konsekvens 1-5 over the
whole 5x5 matrix (mostly low and medium), a measure, a responsible role, a deadline and a status
as on 31.12.2025. Some measures are overdue, and a few high-risk findings are still open
(PLANTED). Participants and owners are roles, never names.

Helse og omsorg moved its HMS work to a new app on 1.1.2025, so the files do not overlap:

- `vernerunder_2023-2025.xlsx`: the central register; every unit 2023-2024 and every sector but
  Helse og omsorg in 2025; title row, header on row 2, dates as date cells, Risiko = S x K;
- `vernerunder_2025.csv`: the new app's export of Helse og omsorg's 2025 rounds; UTF-8 with
  BOM, `;`, CRLF, ISO dates.

Only `random.Random.random()` is drawn, so a fixed seed gives identical files on every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sample_data.deviations import PROFILE_OF, Rng, write_table_csv, write_table_xlsx
from sample_data.organisation import HELSE, UNITS, UnitSpec

SEED = 3107
EXPORT = dt.datetime(2025, 12, 31, 15, 50)  # both files show statuses as on this day
YEARS = (2023, 2024, 2025)
NEW_APP_SECTOR, NEW_APP_FROM = HELSE, 2025  # rounds from here on are only in the csv

FILE_XLSX, FILE_CSV = "vernerunder_2023-2025.xlsx", "vernerunder_2025.csv"
XLSX_SHEET = "Vernerunder"
XLSX_TITLE = "Vernerunder og funn – Nordvik kommune 2023–2025"
XLSX_HEADER_ROW = 2  # as Excel numbers rows
XLSX_HEADER = (
    "Dato", "Sektor", "Enhet", "Deltakere", "Funn", "Sannsynlighet", "Konsekvens", "Risiko",
    "Tiltak", "Ansvarlig", "Frist", "Status", "Lukket dato",
)  # fmt: skip
CSV_HEADER = (
    "Vernerundedato", "Område", "Org.enhet", "Deltagere", "Observasjon", "S", "K", "Risikotall",
    "Tiltak", "Ansvarlig", "Tidsfrist", "Status", "Lukket",
)  # fmt: skip
OPEN, IN_PROGRESS, CLOSED = "Åpen", "Under behandling", "Lukket"

# Units without a round in a year, and units with two rounds (spring and autumn).
MISSING = {
    2023: ("Nordvikhallen", "PP-tjenesten"),
    2024: ("Frivilligsentralen", "Plan og byggesak"),
    2025: ("Kulturhuset Bølgen", "Sentralkjøkkenet", "Vann og avløp", "IKT"),
}
TWICE = {
    2023: ("Vågen sykehjem",),
    2024: ("Vågen sykehjem", "Brann og redning"),
    2025: ("Vågen sykehjem", "Renhold"),
}
# High-risk findings planted in a unit's last round of a year: (funn, S, K, left open).
PLANTED = {
    ("Vågen sykehjem", 2025): ("Takheis på flere rom mangler periodisk kontroll", 4, 5, True),
    ("Renhold", 2025): ("Kjemikalier oppbevares uten sikkerhetsdatablad", 4, 4, True),
    ("Brann og redning", 2025): ("Røykdykkerutstyr kontrolleres ikke etter bruk", 3, 5, True),
    ("Vann og avløp", 2024): ("Arbeid i kum uten gassmåler", 5, 5, False),
}

MONTHS = ((1, 1), (2, 2), (3, 6), (4, 8), (5, 9), (6, 5), (8, 2), (9, 8), (10, 9), (11, 6), (12, 1))
FINDINGS_COUNT = ((0, 10), (1, 14), (2, 20), (3, 20), (4, 15), (5, 12), (6, 9))
PROBABILITY = ((1, 24), (2, 30), (3, 24), (4, 14), (5, 8))

# Participants by kind of unit (see deviations.PROFILES); roles only.
PARTICIPANTS = {
    "skole": ("Rektor, verneombud", "Rektor, verneombud, tillitsvalgt"),
    "bhg": ("Styrer, verneombud", "Styrer, verneombud, BHT"),
    "teknisk": ("Driftsleder, verneombud", "Enhetsleder, verneombud, hovedverneombud"),
    "inst": ("Enhetsleder, verneombud", "Avdelingsleder, verneombud, BHT"),
    "": ("Enhetsleder, verneombud", "Enhetsleder, verneombud, hovedverneombud"),
}
PARTICIPANTS_KIND = {"renhold": "teknisk", "brann": "teknisk", "hjemme": "inst", "helse": "inst"}

# Finding templates: "kinds of unit (blank: any) | funn | tiltak | ansvarlig | lowest-highest K".
_TEMPLATES = """
 | Rømningsvei delvis blokkert av lager | Rydde og merke rømningsveien | Enhetsleder | 3-5
 | Brannslukker ikke kontrollert siste år | Bestille kontroll av slokkeutstyr | Eiendom | 2-4
 | Løse ledninger over gangareal | Legge ledningene i kabelkanal | Eiendom | 1-3
 | Stoffkartoteket er ikke oppdatert | Oppdatere stoffkartoteket | Verneombud | 1-3
 | Dårlig belysning i trappeoppgangen | Skifte armaturer i trappa | Eiendom | 2-3
 | Førstehjelpsskrinet mangler innhold | Fylle på og utpeke ansvarlig | Verneombud | 1-2
 | Høyt støynivå i fellesarealet | Montere lydabsorberende plater | Eiendom | 1-3
 | Dårlig inneklima, lite luftutskifting | Justere ventilasjonsanlegget | Eiendom | 1-3
 | Rutine for alenearbeid mangler | Lage rutine for alenearbeid | Enhetsleder | 2-4
 | Tiltak etter medarbeiderundersøkelsen er ikke fulgt | Ta opp i personalmøte | Enhetsleder | 1-3
 | Sklitt inngangsparti i regnvær | Legge sklisikre matter | Eiendom | 2-4
 | Nødlys virker ikke i gangen | Bytte batterier i nødlysene | Eiendom | 3-5
 | Pauserommet er for lite for antall ansatte | Vurdere annet rom til pauser | Enhetsleder | 1-1
 | Ansatte kjenner ikke beredskapsplanen | Gjennomgå planen i personalmøte | Enhetsleder | 2-4
inst | Takheis på flere rom mangler periodisk kontroll | Bestille sakkyndig kontroll | Eiendom | 4-5
inst | For få hjelpemidler til forflytning | Kjøpe inn glidematter og ståheis | Enhetsleder | 2-4
inst | Personalalarmen dekker ikke hele avdelingen | Utvide dekningen av alarmen | Eiendom | 3-5
inst hjemme | Tilfeldig oppfølging etter vold og trusler | Lage rutine for ettersamtaler | Enhetsleder | 2-4
hjemme | Tjenestebilene mangler førstehjelpsutstyr | Utstyre alle biler | Enhetsleder | 2-3
hjemme | Risikovurdering før første hjemmebesøk mangler | Innføre sjekkliste | Enhetsleder | 2-4
helse | Kanyler kastes ikke i egne bokser overalt | Sette opp kanylebokser | Enhetsleder | 3-4
skole bhg | Lekeapparat med skader i festet | Stenge apparatet og reparere | Eiendom | 3-5
skole | Ingen plan for utagerende elever | Lage tiltaksplan og gi opplæring | Enhetsleder | 3-5
skole | Kjemikalier på naturfagrommet står ulåst | Låse skapet | Verneombud | 2-4
bhg | Ansatte sitter på lave stoler hele dagen | Kjøpe ergonomiske stoler | Enhetsleder | 1-3
teknisk brann | Verneutstyr er slitt eller mangler | Bestille nytt verneutstyr | Driftsleder | 2-4
teknisk | Maskin i verkstedet mangler vern | Montere vern på maskinen | Driftsleder | 4-5
teknisk | Arbeid i kum uten gassmåler | Kjøpe gassmålere og lage rutine | Driftsleder | 4-5
teknisk renhold | Kjemikalier oppbevares uten sikkerhetsdatablad | Skaffe datablad | Driftsleder | 3-4
renhold | Tunge løft av vaskevogner i trapp | Vurdere heis eller lettere utstyr | Eiendom | 2-4
brann | Røykdykkerutstyr kontrolleres ikke etter bruk | Kontroll etter hver bruk | Driftsleder | 4-5
brann | Dieselavgass i vognhallen | Montere avtrekk på eksosrør | Eiendom | 3-4
kontor publikum | Mangler hev-senk-pulter | Kjøpe inn pulter etter behov | Enhetsleder | 1-2
kontor publikum | Sollys gir blending på skjermene | Montere solskjerming | Eiendom | 1-2
publikum | Skranken har ingen rømningsvei bak | Endre møblering, montere alarm | Enhetsleder | 3-4
kultur | Scenerigg mangler sikringsvaier | Montere sikringsvaier | Driftsleder | 3-5
kultur | Garderoben brukes som lager | Rydde og finne annet lager | Enhetsleder | 1-2
kjokken | Avtrekket over komfyren virker dårlig | Reparere avtrekket | Eiendom | 2-4
kjokken | Glatt gulv ved oppvasken | Legge sklisikkert belegg | Eiendom | 3-4
"""


@dataclass(frozen=True)
class Template:
    kinds: frozenset[str]
    funn: str
    tiltak: str
    ansvarlig: str
    k_range: tuple[int, int]


TEMPLATES = tuple(
    Template(frozenset(kinds.split()), funn, tiltak, ansvarlig, (int(k[0]), int(k[-1])))
    for kinds, funn, tiltak, ansvarlig, k in (
        (part.strip() for part in line.split("|")) for line in _TEMPLATES.strip("\n").splitlines()
    )
)


@dataclass
class Finding:
    template: Template
    s: int
    k: int
    frist: dt.date
    closed: dt.date | None  # None: not closed by the export date
    started: bool  # an open measure is "Under behandling" rather than "Åpen"

    @property
    def risk(self) -> int:
        return self.s * self.k

    @property
    def status(self) -> str:
        if self.closed is not None:
            return CLOSED
        return IN_PROGRESS if self.started else OPEN


@dataclass
class Round:
    date: dt.date
    sektor: str
    enhet: str
    deltakere: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def in_csv(self) -> bool:
        return self.sektor == NEW_APP_SECTOR and self.date.year >= NEW_APP_FROM


def _round_date(rng: Rng, year: int, months: tuple[tuple[int, int], ...]) -> dt.date:
    day = dt.date(year, rng.pick(months), rng.between(1, 28))
    while day.weekday() >= 5:  # rounds are held on weekdays
        day += dt.timedelta(days=1)
    return day


def _finding(rng: Rng, t: Template, day: dt.date, s: int, k: int, stuck: bool) -> Finding:
    risk = s * k
    span = (14, 45) if risk >= 15 else (30, 120) if risk >= 5 else (60, 180)
    frist = day + dt.timedelta(days=rng.between(*span))
    started = rng.chance(0.55)
    if stuck:
        return Finding(t, s, k, frist, None, started)
    if risk < 15 and rng.chance(0.15):  # fixed on the spot
        return Finding(t, s, k, day, day, True)
    never = 8 if risk < 15 else 0  # high risks are always dealt with, if late, unless planted
    outcome = rng.pick(((0, 72), (1, 20), (2, never)))  # on time, late, not at all
    days = (frist - day).days
    after = rng.between(7, days) if outcome == 0 else days + rng.between(1, 120)
    closed = day + dt.timedelta(days=after)
    done = outcome != 2 and closed <= EXPORT.date()
    return Finding(t, s, k, frist, closed if done else None, started)


def _findings(rng: Rng, unit: UnitSpec, day: dt.date, planted: tuple | None) -> list[Finding]:
    kind = PROFILE_OF[unit.enhet]
    pool = [t for t in TEMPLATES if not t.kinds or kind in t.kinds]
    n = rng.pick(FINDINGS_COUNT)
    if unit.persons < 10:
        n = min(n, 3)
    out = []
    if planted:
        funn, s, k, stuck = planted
        t = next(t for t in TEMPLATES if t.funn == funn)
        pool.remove(t)
        out.append(_finding(rng, t, day, s, k, stuck))
    for _ in range(n):
        t = pool.pop(rng.between(0, len(pool) - 1))
        s, k = rng.pick(PROBABILITY), rng.between(*t.k_range)
        out.append(_finding(rng, t, day, s, k, stuck=False))
    return out


def simulate_rounds(seed: int = SEED) -> list[Round]:
    """Every round 2023-2025, sorted by date, sektor and enhet."""
    rng = Rng(seed)
    rounds = []
    for year in YEARS:
        for unit in UNITS:
            if unit.enhet in MISSING[year]:
                continue
            kind = PROFILE_OF[unit.enhet]
            who = PARTICIPANTS.get(PARTICIPANTS_KIND.get(kind, kind), PARTICIPANTS[""])
            if unit.enhet in TWICE[year]:
                days = [_round_date(rng, year, MONTHS[2:6]), _round_date(rng, year, MONTHS[7:10])]
            else:
                days = [_round_date(rng, year, MONTHS)]
            for i, day in enumerate(days):
                planted = PLANTED.get((unit.enhet, year)) if i == len(days) - 1 else None
                findings = _findings(rng, unit, day, planted)
                rounds.append(Round(day, unit.sektor, unit.enhet, rng.choice(who), findings))
    return sorted(rounds, key=lambda r: (r.date, r.sektor, r.enhet))


def _rows(rounds: list[Round]) -> list[tuple]:
    """One row per finding (a round without findings: one row with empty finding columns)."""
    rows = []
    for r in rounds:
        head = (r.date, r.sektor, r.enhet, r.deltakere)
        if not r.findings:
            rows.append((*head, *[None] * 9))
        for f in r.findings:
            t = f.template
            rows.append(
                (*head, t.funn, f.s, f.k, f.risk, t.tiltak, t.ansvarlig, f.frist, f.status,
                 f.closed)
            )  # fmt: skip
    return rows


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write_safety_rounds(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Simulate the rounds and write both files into `out_dir`."""
    rounds = simulate_rounds(seed)
    paths = [out_dir / FILE_XLSX, out_dir / FILE_CSV]
    widths = (11, 16, 26, 36, 50, 8, 8, 8, 40, 14, 11, 16, 11)
    xlsx_rows = _rows([r for r in rounds if not r.in_csv])
    write_table_xlsx(paths[0], XLSX_SHEET, (XLSX_TITLE,), XLSX_HEADER, xlsx_rows, widths, EXPORT)
    csv_rows = [[_csv_text(v) for v in row] for row in _rows([r for r in rounds if r.in_csv])]
    write_table_csv(paths[1], CSV_HEADER, csv_rows, "utf-8-sig")
    return paths

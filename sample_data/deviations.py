"""Seeded deviation cases (avvik) and injuries of Nordvik kommune 2023-2025, and their two exports.

Volume follows each unit's simulated monthly headcount (`simulate.py`), a rate per kind of unit
and the season; the category mix follows the kind of unit. Each case draws one closing delay,
and an export shows the status that delay gives at its date: `avvik_2023-2025.xlsx` every case
as on 31.12.2025, `avvik_2025_eksport.csv` the 2025 cases again (same saksnummer) as on
16.01.2026. Only `random.Random.random()` is drawn, so a rerun gives identical files. The table
writers and kinds of unit are shared with `safety_rounds.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from sample_data.organisation import TEKNISK, UNITS, VIRKSOMHET, UnitSpec
from sample_data.simulate import _Rng, simulate

SEED = 2406
TARGET_CASES = 2500  # expected number of cases; the seeded draw lands close to it
EXPORT_XLSX = dt.datetime(2025, 12, 31, 15, 42)
EXPORT_CSV = dt.datetime(2026, 1, 16, 9, 12)
OVERDUE_UNIT = "Renhold"  # leader vacancy: most cases from OVERDUE_FROM are left open
OVERDUE_FROM = dt.date(2024, 5, 1)

FILE_XLSX, FILE_CSV = "avvik_2023-2025.xlsx", "avvik_2025_eksport.csv"
XLSX_SHEET = "Avvik"
XLSX_TITLE = "Avviksrapport – Nordvik kommune"
XLSX_HEADER_ROW = 3  # as Excel numbers rows: title, export line, header
XLSX_HEADER = (
    "Saksnr", "Registrert", "Sektor", "Enhet", "Kategori", "Alvorlighetsgrad", "Status",
    "Frist", "Lukket", "Skadetype", "Fraværsdager", "Beskrivelse",
)  # fmt: skip
CSV_HEADER = (
    "ID", "Meldt dato", "Tjenesteområde", "Avdeling", "Hendelsestype", "Alvorlighet",
    "Saksstatus", "Tidsfrist", "Avsluttet dato", "Personskade", "Tapte arbeidsdager",
    "Hva skjedde",
)  # fmt: skip

OPEN, IN_PROGRESS, CLOSED = "Åpen", "Under behandling", "Lukket"
LOST_TIME, MEDICAL, FIRST_AID = "Fraværsskade", "Medisinsk behandling", "Førstehjelp"

CATEGORY_KEYS = (
    "personskade", "nestenulykke", "farlig", "vold", "miljø", "materiell", "psyko", "brann",
    "forbedring", "annet",
)  # fmt: skip
# Kinds of unit: reports per person and year, category weights (CATEGORY_KEYS order), units.
PROFILES = {
    "inst": (1.45, (20, 6, 7, 34, 2, 4, 9, 2, 12, 6), ("Vågen sykehjem", "Solbakken sykehjem",
             "Bofellesskapet Løvåsen", "Bofellesskapet Fjæra")),
    "hjemme": (1.10, (22, 9, 14, 16, 2, 9, 9, 1, 12, 8), ("Hjemmetjenesten sone nord",
               "Hjemmetjenesten sone sør")),
    "helse": (0.60, (16, 6, 16, 12, 4, 8, 14, 2, 16, 8), ("Helsestasjonen", "Legekontoret",
              "Fysio- og ergoterapi")),
    "kjokken": (1.00, (32, 10, 16, 0, 6, 10, 6, 4, 12, 6), ("Sentralkjøkkenet",)),
    "skole": (1.00, (14, 4, 8, 34, 3, 6, 16, 2, 12, 3), ("Nordvik skole", "Strand skole",
              "Bjørkøy oppvekstsenter", "Nordvik ungdomsskole")),
    "bhg": (0.90, (22, 6, 12, 14, 4, 4, 18, 2, 12, 8), ("Haugen barnehage", "Sjøgløtt barnehage",
            "Åsen barnehage", "Måkeskjær barnehage", "Tussebo barnehage")),
    "teknisk": (1.20, (24, 18, 18, 2, 8, 14, 3, 2, 11, 2), ("Vei og park", "Vann og avløp",
                "Eiendom")),
    "renhold": (1.00, (28, 8, 20, 2, 10, 4, 12, 1, 11, 6), ("Renhold",)),
    "brann": (0.90, (22, 20, 14, 6, 4, 14, 8, 2, 11, 1), ("Brann og redning",)),
    "kontor": (0.45, (10, 5, 14, 8, 6, 8, 22, 3, 18, 8), ("PP-tjenesten", "Voksenopplæringen",
               "Plan og byggesak", "Rådmannens stab", "Økonomi", "Personal og organisasjon",
               "IKT", "Lærlingkontoret")),
    "publikum": (0.60, (8, 4, 12, 26, 4, 6, 18, 2, 14, 8), ("Psykisk helse og rus",
                 "Servicetorget")),
    "kultur": (0.60, (16, 10, 18, 8, 4, 12, 10, 6, 12, 6), ("Biblioteket", "Kulturskolen",
               "Kulturhuset Bølgen", "Nordvikhallen", "Nordvik kino", "Frivilligsentralen")),
}  # fmt: skip
ROUND_THE_CLOCK = ("inst", "hjemme", "brann")  # units that also report at weekends and nights
PROFILE_OF = {enhet: kind for kind, (_, _, names) in PROFILES.items() for enhet in names}
assert set(PROFILE_OF) == {u.enhet for u in UNITS}

# Volume by calendar month (Jan..Dec), and the extra weight of slips and hazards in winter.
SEASON = (1.30, 1.25, 1.10, 0.95, 0.95, 0.90, 0.45, 0.85, 1.05, 1.00, 1.05, 1.15)
WINTER = (1.5, 1.5, 1.25, 1, 1, 1, 1, 1, 1, 1, 1.25, 1.5)
CLOSE_DAYS = (((3, 7), 0.25), ((8, 14), 0.27), ((15, 30), 0.30), ((31, 60), 0.18))

# Source-system spellings. The system renamed «Vold/trusler» to «Vold og trusler» on 1.1.2024;
# «Trussel om vold» is an extra category some units pick for threats; Teknisk drift files
# injuries through its own form, which writes «HMS - personskade».
LABELS = dict(zip(CATEGORY_KEYS, (
    "Personskade", "Nestenulykke", "Farlig forhold", "Vold og trusler", "Miljø",
    "Materiell skade", "Psykososialt arbeidsmiljø", "Brann", "Forbedringsforslag", "Annet",
), strict=True))  # fmt: skip

# Descriptions per category, separated by " / "; "[tags]" limits one to kinds of unit, to
# winter ("vinter": Nov-Mar) or marks a threat without contact ("trussel").
_TEXTS = """
personskade: Ansatt skled på vått gulv i kantina / Ansatt klemte fingeren i en dør /
    Ansatt snublet i løs ledning og slo kneet / Ansatt falt i trappa; slo albuen i rekkverket /
    [vinter] Ansatt skled på glatt fortau ved inngangen / [vinter] Ansatt falt på isete p-plass /
    [inst hjemme] Ansatt fikk vondt i ryggen under forflytning av beboer /
    [inst hjemme helse] Ansatt fikk stikkskade av brukt kanyle /
    [kjokken] Ansatt brant seg på kjele / [kjokken] Ansatt kuttet seg på kniv /
    [bhg] Ansatt fikk vondt i skulderen ved løft av barn /
    [skole] Ansatt ble truffet av ball i gymsalen /
    [skole] Ansatt forstuet foten på tur med elever /
    [teknisk] Ansatt fikk splint i øyet ved kapping /
    [teknisk brann] Ansatt vridde ankelen i grøft /
    [renhold] Ansatt fikk sprut av vaskemiddel i øyet / [renhold] Ansatt fikk vondt i skulderen /
    [brann] Ansatt fikk brannskade på hånden under øvelse / [kultur] Ansatt falt fra gardintrapp
nestenulykke: Hylle løsnet fra veggen, ingen ble truffet / Nær ved å falle over eske i rømningsvei /
    [vinter] Nær ved å skli på isen ved hovedinngangen /
    [vinter hjemme] Nær ved å kjøre av glatt vei /
    [teknisk brann] Lastebil rygget uten dirigent, nær ved å treffe en kollega /
    [teknisk renhold] Stige skled da ansatt skulle opp / [inst hjemme] Personløfter tippet nesten /
    [bhg skole] Porten sto åpen, barn nær ved å løpe ut i veien / [kjokken] Gryte nær ved å velte
farlig: Rømningsvei blokkert av møbler / Løse trappeneser i trappa / Nødutgang lot seg ikke åpne /
    [vinter] Ikke strødd ved personalinngangen / [vinter] Istapper henger over inngangspartiet /
    [kontor publikum] Dårlig inneklima på kontorene / [inst] Personløfter mangler årlig kontroll /
    [inst hjemme] Alenearbeid på natt uten alarm / [hjemme] Løs hund hos bruker ved hjemmebesøk /
    [bhg skole] Ødelagt gjerde rundt lekeplassen / [teknisk] Manglende sikring av arbeid langs vei /
    [teknisk renhold] Kjemikalier uten sikkerhetsdatablad / [kultur] Scenerigg mangler sikring /
    [kjokken] Avtrekksvifte virker ikke / [brann] Røykdykkerutstyr ikke kontrollert etter bruk
vold: Bruker dyttet ansatt under en samtale / [trussel] Bruker truet ansatt under en samtale /
    [inst] Beboer slo etter pleier under stell / [inst] Beboer kløp ansatt på armen under stell /
    [inst] Beboer sparket ansatt ved forflytning / [inst trussel] Beboer truet med å slå pleier /
    [inst hjemme trussel] Pårørende truet ansatt i telefonen / [hjemme] Bruker dyttet ansatt /
    [skole] Elev slo ansatt i friminuttet / [skole] Elev sparket lærer under konflikthåndtering /
    [skole] Elev kastet stol mot ansatt / [skole trussel] Forelder truet ansatt i møte /
    [skole trussel] Elev sa "jeg tar deg etter skolen" til en assistent /
    [bhg] Barn bet ansatt i armen / [publikum kontor trussel] Innbygger truet ansatt ved skranken /
    [publikum] Bruker slo i bordet og dyttet ansatt / [kultur] Besøkende dyttet ansatt ved inngangen
miljø: Oljesøl på parkeringsplassen / Feilsortert avfall i containeren / Muggsopp i kjelleren /
    Vannlekkasje i taket; bøtter satt ut / [teknisk] Kloakklekkasje ved pumpestasjon /
    [renhold kjokken] Kjemikaliesøl på lageret
materiell: Vannlekkasje skadet gulvet i gangen / PC ødelagt etter vannsøl / Innbrudd i bod /
    [hjemme teknisk brann] Tjenestebil fikk bulk ved rygging / [skole] Elev knuste vindu /
    [inst] Beboer ødela TV i fellesstua / [kultur] Projektor falt ned og ble ødelagt
psyko: Høyt arbeidspress over tid i avdelingen / Konflikt mellom ansatte på avdelingen /
    Ansatt opplever utfrysing fra en kollega / Uklare roller etter omorganisering /
    [inst hjemme] Gjentatt underbemanning på kveldsvakt / [skole] Krevende elevgruppe over tid /
    [bhg] Mange vikarer og lite stabilitet / [publikum] Mange krevende henvendelser uten pauser
brann: Brannalarm utløst av matos på personalrommet / Brannslukker mangler på anvist plass /
    Branndør holdt åpen med kile / [kjokken] Fett tok fyr i frityrgryte, slukket med lokk
forbedring: Forslag om bedre skilting av rømningsveier / Forslag om strøkasser ved innganger /
    Forslag om felles opplæring i avviksmelding / [inst hjemme] Forslag om flere takheiser /
    [teknisk brann renhold] Forslag om ny rutine for kontroll av verneutstyr /
    [kontor publikum] Forslag om stille rom i kontorlandskapet / [bhg] Forslag om voksenstoler
annet: Nøkkelkort mistet / Feil i vaktlista førte til dobbeltbooking / Tyveri fra garderoben /
    Strømbrudd i hele bygget i to timer / [inst hjemme] Feil ved utlevering av medisiner
"""
TEXTS: dict[str, list[tuple[frozenset[str], str]]] = {}
for _block in _TEXTS.replace("/\n   ", "/").strip().splitlines():
    _key, _entries = _block.split(": ", 1)
    for _entry in _entries.split(" / "):
        _tags, _, _text = _entry.strip().removeprefix("[").rpartition("] ")
        TEXTS.setdefault(_key, []).append((frozenset(_tags.split()), _text))

# Injuries planted in small units (their random cases carry none), one each: a privacy case.
# (enhet, registered, skadetype, fraværsdager, severity, days to close, text)
SMALL_UNIT_INJURIES = (
    ("Nordvik kino", dt.datetime(2024, 10, 17, 21, 35), LOST_TIME, 4, 3, 12,
     "Ansatt fikk vondt i ryggen ved bæring av høyttaler i salen"),
    ("Lærlingkontoret", dt.datetime(2025, 3, 11, 10, 20), MEDICAL, None, 2, 9,
     "Lærling kuttet seg i hånden under arbeidstrening og måtte sys"),
)  # fmt: skip


class Rng(_Rng):
    """The sick-leave simulation's generator (only `random()` is drawn), with two more draws."""

    def chance(self, p: float) -> bool:
        return self.random() < p

    def choice(self, items: Sequence):
        return items[self.between(0, len(items) - 1)]


@dataclass
class Case:
    """One deviation case and everything that decides its state at any export date."""

    registered: dt.datetime
    sektor: str
    enhet: str
    kategori: str
    severity: int | None
    frist: dt.date
    close_after: int | None  # days from registration to closing; None: left open
    late_close: dt.datetime | None  # a case left open that is closed after the xlsx export
    ack_days: int  # days until an open case is "Under behandling"
    skadetype: str | None
    fravaer: int | None
    beskrivelse: str
    with_time: bool  # the csv export writes times for cases registered through the app
    saksnummer: str = ""

    def state(self, at: dt.datetime) -> tuple[str, dt.datetime | None]:
        """(status, closed time or None) as an export taken at `at` shows the case."""
        if self.close_after is not None:
            closed = self.registered + dt.timedelta(days=self.close_after, hours=3, minutes=17)
            if closed <= at:
                return CLOSED, closed
        if self.late_close is not None and self.late_close <= at:
            return CLOSED, self.late_close
        age = (at.date() - self.registered.date()).days
        return (IN_PROGRESS if age >= self.ack_days else OPEN), None

    def overdue(self, at: dt.datetime) -> bool:
        """Not closed at `at` and the deadline before that day."""
        return self.state(at)[0] != CLOSED and self.frist < at.date()


def _text(rng: Rng, key: str, profile: str, month: int) -> tuple[str, bool]:
    """(description, is a threat) fitting the kind of unit and the season."""
    options = []
    for tags, text in TEXTS[key]:
        kinds = tags - {"vinter", "trussel"}
        if (kinds and profile not in kinds) or ("vinter" in tags and month in range(4, 11)):
            continue
        weight = (3.0 if kinds else 1.0) * (4.0 if "vinter" in tags else 1.0)
        options.append(((text, "trussel" in tags), weight))
    return rng.pick(options)


def _injury(rng: Rng, chances: tuple[float, float, float]) -> tuple[str | None, int | None]:
    """(skadetype, fraværsdager) from the chances of lost time, medical treatment, first aid."""
    x = rng.random()
    if x < chances[0]:
        return LOST_TIME, rng.between(*rng.pick([((1, 3), 5), ((4, 10), 3), ((11, 30), 2)]))
    if x < chances[0] + chances[1]:
        return MEDICAL, None
    return (FIRST_AID, None) if x < sum(chances) else (None, None)


def _case(rng: Rng, unit: UnitSpec, when: dt.datetime) -> Case:
    profile = PROFILE_OF[unit.enhet]
    boost = WINTER[when.month - 1]
    options = [
        (key, w * (boost if key in ("personskade", "nestenulykke", "farlig") else 1.0))
        for key, w in zip(CATEGORY_KEYS, PROFILES[profile][1], strict=True)
        if not (unit.small and key == "personskade")  # small units: only the planted injuries
    ]
    key = rng.pick(options)
    text, threat = _text(rng, key, profile, when.month)
    label, skadetype, fravaer = LABELS[key], None, None
    if key == "personskade":
        skadetype, fravaer = _injury(rng, (0.22, 0.33, 0.45))
        severity = {LOST_TIME: (3, 5), MEDICAL: (2, 4)}.get(skadetype, (1, 3))
        if unit.sektor == TEKNISK and rng.chance(0.7):
            label = "HMS - personskade"
    elif key == "vold":
        if not threat and not unit.small:
            skadetype, fravaer = _injury(rng, (0.03, 0.08, 0.15))
        severity = (1, 3) if threat else (2, 4)
        if when.year == 2023:
            label = "Vold/trusler"
        elif threat and rng.chance(0.3):
            label = "Trussel om vold"
    else:
        severity = {"nestenulykke": (2, 4), "brann": (2, 5), "psyko": (2, 4)}.get(key, (1, 3))
    grade: int | None = rng.between(*severity)
    if key == "forbedring":
        grade = None if rng.chance(0.8) else 1
    vacancy = unit.enhet == OVERDUE_UNIT and when.date() >= OVERDUE_FROM
    stuck = rng.chance(0.65 if vacancy else 0.012)
    frist = when.date() + dt.timedelta(days=rng.between(14, 30 if (grade or 0) >= 4 else 60))
    close_after = None if stuck else rng.between(*rng.pick(CLOSE_DAYS))
    late = dt.datetime(2026, 1, rng.between(5, 15), 11, 30) if stuck and rng.chance(0.2) else None
    ack_days = 10_000 if stuck and rng.chance(0.4) else rng.between(1, 20)
    return Case(when, unit.sektor, unit.enhet, label, grade, frist, close_after, late, ack_days,
                skadetype, fravaer, text, rng.chance(0.35))  # fmt: skip


def _when(rng: Rng, year: int, month: int, profile: str) -> dt.datetime:
    """A registration time in the month; offices mostly report on weekdays in working hours."""
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    day = dt.date(year, month, rng.between(1, last))
    clock = profile in ROUND_THE_CLOCK
    for _ in range(3):
        if clock or day.weekday() < 5:
            break
        day = dt.date(year, month, rng.between(1, last))
    hour = rng.between(6, 22) if clock else rng.between(7, 16)
    return dt.datetime(day.year, day.month, day.day, hour, rng.between(0, 59))


def simulate_cases(seed: int = SEED) -> list[Case]:
    """All cases 2023-01-01..2025-12-31, saksnummer AV-<year>-<nnnn> in registration order."""
    rng = Rng(seed)
    persons = {(r.ordinal, r.enhet): r.persons for r in simulate()}
    rate = {u.enhet: PROFILES[PROFILE_OF[u.enhet]][0] / 12 for u in UNITS}
    expected = sum(p * rate[e] * SEASON[o % 12] for (o, e), p in persons.items())
    cases = []
    for ordinal in sorted({o for o, _ in persons}):
        year, month = divmod(ordinal, 12)
        for unit in UNITS:
            lam = persons[(ordinal, unit.enhet)] * rate[unit.enhet] * TARGET_CASES / expected
            for _ in range(rng.poisson(lam * SEASON[month])):
                when = _when(rng, year, month + 1, PROFILE_OF[unit.enhet])
                cases.append(_case(rng, unit, when))
    sektor_of = {u.enhet: u.sektor for u in UNITS}
    for enhet, when, skadetype, days, grade, close_after, text in SMALL_UNIT_INJURIES:
        frist = when.date() + dt.timedelta(days=30)
        case = Case(when, sektor_of[enhet], enhet, "Personskade", grade, frist, close_after, None,
                    2, skadetype, days, text, True)  # fmt: skip
        cases.append(case)
    cases.sort(key=lambda c: (c.registered, c.enhet))
    numbers: dict[int, int] = {}
    for c in cases:
        numbers[c.registered.year] = numbers.get(c.registered.year, 0) + 1
        c.saksnummer = f"AV-{c.registered.year}-{numbers[c.registered.year]:04d}"
    return cases


def write_table_xlsx(
    path: Path, sheet: str, lines_above: Sequence[str], header: Sequence[str],
    rows: Iterable[Sequence[object]], widths: Sequence[int], created: dt.datetime,
) -> None:  # fmt: skip
    """One sheet: the lines above (the first one a bold title), the header, then the rows.

    Dates become date cells (dd.mm.yyyy), numbers number cells, None an empty cell, everything
    else a text cell (never a formula). A fixed creation time keeps the bytes identical.
    """
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    wb.set_properties({"author": "HMS-rådgiver", "company": VIRKSOMHET, "created": created})
    ws = wb.add_worksheet(sheet)
    date = wb.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
    title = wb.add_format({"bold": True, "font_size": 14})
    for i, line in enumerate(lines_above):
        ws.write_string(i, 0, line, title if i == 0 else None)
    top = len(lines_above)
    ws.write_row(top, 0, header, wb.add_format({"bold": True, "bottom": 1}))
    n = 0
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(top + n, col, dt.datetime(*value.timetuple()[:3]), date)
            elif isinstance(value, int | float):
                ws.write_number(top + n, col, value)
            elif value is not None:
                ws.write_string(top + n, col, str(value))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, top + n, len(header) - 1)
    wb.close()


def write_table_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], encoding: str
) -> None:
    """`;`-separated with CRLF as Excel writes it; fields holding `;` or `"` are quoted."""
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    out.writerow(header)
    out.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def severity_word(grade: int | None) -> str:
    """The report tool's coarse scale: 1-2 Lav, 3 Middels, 4-5 Høy."""
    return "" if grade is None else ("Lav" if grade <= 2 else "Middels" if grade == 3 else "Høy")


def _xlsx_row(c: Case) -> tuple:
    status, closed = c.state(EXPORT_XLSX)
    return (
        c.saksnummer, c.registered.date(), c.sektor, c.enhet, c.kategori, c.severity, status,
        c.frist, closed.date() if closed else None, c.skadetype, c.fravaer, c.beskrivelse,
    )  # fmt: skip


def _csv_row(c: Case) -> tuple:
    fmt = "%d.%m.%Y %H:%M" if c.with_time else "%d.%m.%Y"
    status, closed = c.state(EXPORT_CSV)
    return (
        c.saksnummer, c.registered.strftime(fmt), c.sektor, c.enhet, c.kategori,
        severity_word(c.severity), status, f"{c.frist:%d.%m.%Y}",
        closed.strftime(fmt) if closed else "", c.skadetype or "",
        "" if c.fravaer is None else str(c.fravaer), c.beskrivelse,
    )  # fmt: skip


def write_deviations(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Simulate the cases and write both exports into `out_dir`."""
    cases = simulate_cases(seed)
    paths = [out_dir / FILE_XLSX, out_dir / FILE_CSV]
    above = (XLSX_TITLE, f"Eksportert {EXPORT_XLSX:%d.%m.%Y %H:%M} – alle enheter, 2023–2025")
    widths = (13, 11, 16, 26, 26, 9, 16, 11, 11, 20, 8, 60)
    rows = map(_xlsx_row, cases)
    write_table_xlsx(paths[0], XLSX_SHEET, above, XLSX_HEADER, rows, widths, EXPORT_XLSX)
    rows_2025 = (_csv_row(c) for c in cases if c.registered.year == 2025)
    write_table_csv(paths[1], CSV_HEADER, rows_2025, "cp1252")
    return paths

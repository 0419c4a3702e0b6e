"""Build a large synthetic organisation, «Storvik kommune», to measure the dashboard's speed on.

`build_large_demo` writes the sick-leave, deviation and safety-round exports with the large
writers (`large.py`, `large_hms.py`) into a temporary directory, imports them through
`data_loaders.ingest.ingest` (provenance and validation as for an upload), then seeds the AMU
history through the store's write functions: a HAMU over the virksomhet and an AMU for each of
the largest sectors, four meetings a year with decisions followed up (backdated with `at=`),
most closed in a later meeting, some rejected, some still open or overdue at 31.12.2025.

To stay fast, only the last meeting of each committee has its agenda frozen with snapshots;
older meetings are sent with no snapshots (`send_agenda(db, mid, {})`) and then marked held.
The last agendas of all committees are frozen back to back, with no write in between, once the
rest of the history is in: the first snapshot fills the metric caches (suppression over the
whole organisation, keyed on the data version, several seconds at this size), the others
reuse them.

Headcount: the sick-leave writer draws each unit's size (lognormal, 2…150 persons) scaled to
an average of `persons / units`, so the monthly headcount is about `persons` (50,000 for 1,500
units; about 20 units have fewer than 5 persons, so suppression is exercised); the summary reports
the actual December headcount. Everything is seeded, so two builds are equal.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from data_loaders.batch import SourceFile
from data_loaders.ingest import ingest
from metrics.meeting_snapshot import agenda_snapshots
from sample_data.demo import fresh_path
from sample_data.large import LARGE_VIRKSOMHET, write_large_export
from sample_data.large_hms import write_large_deviations, write_large_safety_rounds
from store import committees as store_committees
from store import decisions as store_decisions
from store import meetings as store_meetings
from store import open_database
from store.database import Database

USER = "demo-rådgiver"
LAST_YEAR = 2025  # the large writers end in 2025-12
END = dt.date(LAST_YEAR, 12, 31)
SEED = 2021
MONTHS = (2, 5, 9, 11)  # one meeting a quarter
ROLES = ("leder", "arbeidsgiver", "arbeidsgiver", "arbeidstaker", "arbeidstaker",
         "hovedverneombud", "BHT", "sekretær")  # fmt: skip
FIRST_NAMES = ("Anne", "Bjørn", "Kari", "Ola", "Ingrid", "Håkon", "Solveig", "Øystein", "Marit",
               "Lars", "Åse", "Terje", "Siri", "Nils", "Gunn", "Eirik", "Tone", "Per")  # fmt: skip
LAST_NAMES = ("Berg", "Haugen", "Lie", "Dahl", "Sæther", "Bakken", "Moen", "Strand", "Nygård",
              "Aas", "Eide", "Solheim", "Løvås", "Hagen", "Fjeld", "Brekke", "Myhre", "Vik")  # fmt: skip
TOPICS = (  # (title, topic, basis, decision text, owner)
    ("Handlingsplan mot sykefravær i {unit}", "hms_system",
     "Det legemeldte fraværet har økt over flere kvartaler.",
     "Enhetslederen lager handlingsplan sammen med BHT og verneombudet.", "Enhetsleder"),
    ("Vold og trusler i {unit}", "hms_system", "Flere meldte hendelser siste halvår.",
     "Alle ansatte får opplæring i forebygging av vold.", "Enhetsleder"),
    ("Omorganisering i {sector}", "organisasjon", "Enheter slås sammen fra neste år.",
     "Endringen risikovurderes med verneombud og tillitsvalgte.", "Kommunalsjef"),
    ("Inneklima i {unit}", "hms_system", "Ansatte melder om tung luft og hodepine.",
     "Inneklimaet måles, og tiltak legges fram med kostnadsoverslag.", "Eiendomssjef"),
    ("Resultater fra arbeidsmiljøundersøkelsen {year}", "hms_system",
     "Lavest skår på rolleklarhet og mestringsorientert ledelse.",
     "Enheter med lav skår lager tiltaksplan med verneombudet.", "HMS-rådgiver"),
    ("Alenearbeid i {unit}", "hms_system", "Ansatte er alene ved åpning og stenging.",
     "Alenearbeidet risikovurderes, og vaktplanene justeres.", "Enhetsleder"),
)  # fmt: skip
# Fates of a decision; see _follow.
FATES = ("instant", "normal", "normal", "normal", "normal", "late", "moved", "stuck", "idle",
         "reject")  # fmt: skip


def _month_end(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month + months, 12)
    return dt.date(day.year + y, m + 1, 1) - dt.timedelta(days=1)


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _meeting_day(year: int, month: int, weekday: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7)  # 2nd such weekday


def _write_and_ingest(db: Database, tmp: Path, units: int, years: int, deviations: int,
                      persons: int, timings: list[str]) -> list[str]:  # fmt: skip
    """Write the three exports and import them like uploads; returns the import summaries."""
    first_year = LAST_YEAR - years + 1
    mean = persons / units
    jobs = (
        ("sykefravaer.xlsx",
         lambda p: write_large_export(p, units * years * 12, "xlsx", units=units, mean_persons=mean)),
        ("avvik.csv", lambda p: write_large_deviations(p, deviations, "csv", units=units)),
        ("vernerunder.xlsx",
         lambda p: write_large_safety_rounds(p, years=range(first_year, LAST_YEAR + 1), units=units)),
    )  # fmt: skip
    messages = []
    for name, write in jobs:
        path = tmp / name
        t0 = time.perf_counter()
        write(path)
        t1 = time.perf_counter()
        messages.append(ingest(db, SourceFile(name, path.read_bytes()), user=USER).summary)
        t2 = time.perf_counter()
        timings.append(f"{name}: skrevet på {t1 - t0:.1f} s, importert på {t2 - t1:.1f} s")
        path.unlink()
    return messages


def _sectors_by_size(db: Database) -> list[tuple[int, str]]:
    """(id, name) of the sectors, largest headcount in the last month first."""
    rows = db.rows(
        "SELECT s.id, s.name, sum(coalesce(l.persons, l.fte)) AS n FROM sick_leave l"
        " JOIN org_units u ON u.id = l.unit_id JOIN org_units s ON s.id = u.parent_id"
        " WHERE l.month_to = (SELECT max(month_to) FROM sick_leave)"
        " GROUP BY s.id, s.name ORDER BY n DESC, s.name"
    )
    return [(int(r[0]), str(r[1])) for r in rows]


class _Committee:
    """One committee's history, replayed meeting by meeting with follow-up in between."""

    def __init__(self, db: Database, rng: random.Random, name: str, unit_id: int,
                 sector: str, units: list[str], weekday: int) -> None:  # fmt: skip
        self.db, self.rng, self.name, self.sector, self.units = db, rng, name, sector, units
        self.weekday = weekday
        self.cid = store_committees.create_committee(db, name, unit_id, USER)
        k = rng.randrange(len(FIRST_NAMES))  # 8 distinct names: consecutive first names
        people = [f"{FIRST_NAMES[(k + i) % len(FIRST_NAMES)]} {LAST_NAMES[(k * 7 + i * 5) % 18]}"
                  for i in range(len(ROLES))]  # fmt: skip
        self.people = people
        mail = [f"medlem{i + 1}.{self.cid}@storvik.kommune.no" for i in range(len(people))]
        frame = pd.DataFrame({"name": people, "role": ROLES, "email": mail})
        store_committees.set_members(db, self.cid, frame)
        self.pending: list[tuple[dt.datetime, int, dict]] = []  # (when, decision id, change)
        self.to_close: list[tuple[dt.date, int]] = []  # done decisions: close at next meeting
        self.closed: set[int] = set()
        self.meetings = self.decisions = 0

    def replay(self, years: range) -> None:
        """Every meeting but the last, then that one up to its agenda (see `_seed_committees`)."""
        days = [_meeting_day(y, m, self.weekday) for y in years for m in MONTHS]
        for day in days[:-1]:
            self._apply_changes(dt.datetime.combine(day, dt.time(8, 0)))
            self._hold(*self._open(day), {})
        self._apply_changes(dt.datetime.combine(days[-1], dt.time(8, 0)))
        self.last = self._open(days[-1])

    def finish(self, snaps: dict) -> None:
        """The last meeting with its frozen agenda, and the follow-up until the year's end."""
        self._hold(*self.last, snaps)
        self._apply_changes(dt.datetime.combine(END, dt.time(23, 59)))

    def _apply_changes(self, until: dt.datetime) -> None:
        self.pending.sort(key=lambda p: (p[0], p[1]))
        while self.pending and self.pending[0][0] < until:
            when, did, change = self.pending.pop(0)
            if did in self.closed:
                continue
            store_decisions.change_decision(self.db, did, USER, at=when, on=when.date(), **change)
            if change.get("status") in store_decisions.FINAL:
                self.closed.add(did)
            elif change.get("status") == "utført":
                self.to_close.append((when.date(), did))

    def _open(self, day: dt.date) -> tuple:
        """Create the meeting and its cases: (day, meeting id, picks, case ids)."""
        db, rng = self.db, self.rng
        mid = store_meetings.create_meeting(
            db, self.cid, day, USER, dt.time(9, 0), dt.time(11, 30), "Rådhuset, møterom Fjorden"
        )
        self.meetings += 1
        picks = rng.sample(TOPICS, rng.choice((2, 3)))
        keys = {"unit": rng.choice(self.units), "sector": self.sector, "year": day.year}
        case_ids = [
            store_meetings.add_case(db, mid, t.format(**keys), topic, basis, text)
            for t, topic, basis, text, _ in picks
        ]
        return day, mid, picks, case_ids

    def _hold(self, day: dt.date, mid: int, picks: list, case_ids: list, snaps: dict) -> None:
        """Send the agenda (with `snaps`), record attendance, close and make decisions."""
        db, rng = self.db, self.rng
        start = dt.datetime.combine(day, dt.time(9, 0))
        sent = day - dt.timedelta(days=10)
        store_meetings.send_agenda(db, mid, snaps, when=dt.datetime.combine(sent, dt.time(14)))
        away = rng.sample(self.people[1:-1], 1)
        store_meetings.record_attendance(db, mid, {p: p not in away for p in self.people})
        agenda = store_meetings.cases(db, mid)
        follow_up = int(agenda[agenda["topic"] == "oppfolging"]["id"].iloc[0])
        at = start + dt.timedelta(minutes=10)
        for done, did in list(self.to_close):
            if done < day and did not in self.closed:
                store_decisions.change_decision(db, did, USER, status="lukket", at=at,
                                                closing_case_id=follow_up, on=day)  # fmt: skip
                self.closed.add(did)
        self.to_close = [(d, i) for d, i in self.to_close if i not in self.closed]
        for n, (case_id, (_, _, _, text, owner)) in enumerate(zip(case_ids, picks, strict=True)):
            at = start + dt.timedelta(minutes=15 * n + 20)
            fate = rng.choice(FATES)
            deadline = _month_end(day, rng.randint(1, 4))
            status = "utført" if fate == "instant" else "åpen"
            did = store_decisions.add_decision(db, case_id, text, USER, owner, deadline, status,
                                               at=at)  # fmt: skip
            self.decisions += 1
            if fate == "instant":
                self.to_close.append((day, did))
            else:
                self._follow(did, day, deadline, fate)
        store_meetings.mark_held(db, mid, when=dt.datetime.combine(day, dt.time(11, 30)))

    def _follow(self, did: int, day: dt.date, deadline: dt.date, fate: str) -> None:
        """Schedule what happens to a decision after the meeting that made it."""
        rng = self.rng

        def on(d: dt.date, **change) -> None:
            self.pending.append((dt.datetime.combine(_workday(d), dt.time(10)), did, change))

        if fate == "reject":
            on(day + dt.timedelta(weeks=6), status="avvist",
               comment="Avvist etter avtale med leder: ikke plass i budsjettet.")  # fmt: skip
            return
        if fate == "idle":
            return
        started = day + dt.timedelta(weeks=rng.randint(2, 5))
        on(started, status="pågår", comment="Arbeidet er startet.")
        if fate == "stuck":
            on(started + dt.timedelta(weeks=3), comment="Forsinket på grunn av bemanning.")
            return
        done = max(deadline - dt.timedelta(days=rng.randint(0, 14)), started + dt.timedelta(7))
        if fate == "moved":
            new = _month_end(deadline, 2)
            on(deadline - dt.timedelta(days=5), deadline=new, comment="Ny frist etter avtale.")
            done = new - dt.timedelta(days=rng.randint(3, 20))
        if fate == "late":
            done = deadline + dt.timedelta(weeks=rng.randint(2, 6))
        on(done, status="utført", comment="Tiltaket er gjennomført.")


def _seed_committees(db: Database, count: int, years: range) -> tuple[int, int, int]:
    """HAMU over the virksomhet and AMUs for the `count - 1` largest sectors."""
    rng = random.Random(SEED)
    virksomhet = db.rows("SELECT id FROM org_units WHERE level = 'virksomhet'")[0][0]
    all_units = [str(r[0]) for r in db.rows("SELECT name FROM org_units WHERE level = 'enhet'"
                                             " ORDER BY name")]  # fmt: skip
    specs = [("HAMU", int(virksomhet), LARGE_VIRKSOMHET, all_units)]
    for sid, name in _sectors_by_size(db)[: max(0, count - 1)]:
        units = [str(r[0]) for r in db.rows(
            "SELECT name FROM org_units WHERE parent_id = ? ORDER BY name", [sid])]  # fmt: skip
        specs.append((f"AMU {name}", sid, name, units))
    done = []
    for i, (name, unit_id, sector, units) in enumerate(specs):
        c = _Committee(db, rng, name, unit_id, sector, units, weekday=i % 5)
        c.replay(years)
        done.append(c)
    # Every committee's last agenda frozen back to back, with no write in between: the metric
    # caches (keyed on the data version) are filled once, not once per committee.
    snaps = [agenda_snapshots(db, c.last[1], c.last[0] - dt.timedelta(days=10)) for c in done]
    for c, snap in zip(done, snaps, strict=True):
        c.finish(snap)
    return len(done), sum(c.meetings for c in done), sum(c.decisions for c in done)


def build_large_demo(
    path: Path,
    force: bool = False,
    persons: int = 50_000,
    units: int = 1_500,
    years: int = 5,
    deviations: int = 60_000,
    committees: int = 8,
) -> list[str]:
    """Create the large demo database at `path`; refuses to overwrite unless `force`.

    Returns Norwegian summary lines, with the time of each step and of the whole build.
    """
    if not 1 <= years <= 5:
        raise ValueError("years må være mellom 1 og 5 (eksportene slutter i 2025)")
    path = fresh_path(path, force)
    t0 = time.perf_counter()
    timings: list[str] = []
    with open_database(path) as db:
        with tempfile.TemporaryDirectory(prefix="hms_large_") as tmp:
            messages = _write_and_ingest(db, Path(tmp), units, years, deviations, persons, timings)
        headcount = db.rows("SELECT sum(persons) FROM sick_leave"
                            " WHERE month_to = (SELECT max(month_to) FROM sick_leave)")[0][0]  # fmt: skip
        messages.append(
            f"Antall ansatte i desember {LAST_YEAR}: {int(headcount or 0):,}".replace(",", " ")
            + f" (mål {persons:,}).".replace(",", " ")
        )  # fmt: skip
        t1 = time.perf_counter()
        n, meetings, decisions = _seed_committees(
            db, committees, range(LAST_YEAR - years + 1, LAST_YEAR + 1)
        )
        t2 = time.perf_counter()
        timings.append(f"utvalg og møter: {t2 - t1:.1f} s")
        messages.append(f"{n} utvalg, {meetings} møter og {decisions} vedtak lagt inn.")
        db.checkpoint()
    total = time.perf_counter() - t0
    messages.extend(f"Tid – {t}" for t in timings)
    messages.append(f"Den store demodatabasen er klar på {total:.1f} s: {path}")
    return messages

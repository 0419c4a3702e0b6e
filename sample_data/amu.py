"""The AMU history of the sample organisation: HAMU and two sector AMUs, 2024–2025 and beyond.

Committees with members, meetings with agendas frozen with their snapshots, minutes, decisions
followed up between meetings and closed in later ones, and the annual wheel. Everything goes
through the store's write functions, in the order it would have happened, and is backdated
(`at=`), so the history is the same every day and exercises the real write paths.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random

import pandas as pd

from metrics.annual_wheel import annual_wheel
from metrics.meeting_snapshot import agenda_snapshots, snapshot_period
from sample_data.organisation import HELSE, OPPVEKST, VIRKSOMHET
from store import annual_wheel as wheel
from store import committees as store_committees
from store import decisions as store_decisions
from store import meetings as store_meetings
from store.database import Database
from store.org import org_tree

TODAY = dt.date(2025, 12, 1)
MONTHS = (2, 5, 9, 11)  # one meeting a quarter; the wheel's 4th-quarter meeting moves to Nov
HOLIDAYS = {dt.date(2024, 5, 1), dt.date(2024, 5, 9), dt.date(2025, 5, 1), dt.date(2025, 5, 29)}
ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "."})
ROLES = ("leder", "arbeidsgiver", "arbeidsgiver", "arbeidstaker", "arbeidstaker",
         "hovedverneombud", "BHT", "sekretær")  # fmt: skip
H, HO, OP = "HAMU", "AMU Helse og omsorg", "AMU Oppvekst"
# name, sector (None: the whole kommune), short name, place, start, end, weekday, nth, members
# in ROLES order, the manager owning its data decisions, 2025 wheel kinds (postponed, undone).
COMMITTEES = (
    (H, None, "HAMU", "Rådhuset, møterom Fjorden", (9, 0), (11, 30), 3, 2,
     ("Åse Bjørnstad", "Terje Hallingstad", "Mona Sæther", "Kjersti Øvrebø", "Håkon Lægreid",
      "Bjørn Åsheim", "Siv Myrås", "Eirik Fjærli"), "Personalsjef",
     ("arbeidsmiljoundersokelse", "risikovurdering")),
    (HO, HELSE, "AMU", "Vågen sykehjem, møterom Fyrlykta", (13, 0), (15, 0), 3, 1,
     ("Grete Nærbø", "Pål Kvåle", "Solveig Rønning", "Trine Bøe", "Øystein Ask", "Mette Sørli",
      "Ragnhild Dæhli", "Lars Åmodt"), "Kommunalsjef helse og omsorg",
     ("medarbeidersamtaler", "hms_arsrapport")),
    (OP, OPPVEKST, "AMU", "Rådhuset, møterom Holmen", (13, 0), (15, 0), 2, 1,
     ("Stian Løvås", "Ingrid Flåten", "Jørn Høiland", "Marte Bråthen", "Nils Ødegård",
      "Kari Grønvold", "Anne Sæbø", "Tone Hæreid"), "Kommunalsjef oppvekst",
     ("risikovurdering", "medarbeidersamtaler")),
)  # fmt: skip
# Fates of a decision: instant (done when made, closed next meeting), normal (pågår, utført,
# closed), late (utført after the deadline), moved (deadline moved), owner:<new owner>, direct
# (closed from pågår at the first meeting after the deadline), stuck (pågår, never done),
# idle (never touched), reject (avvist by the secretary).
# (committee, year, quarter index, title, topic, basis, ((decision, owner, months, fate), ...))
CASES = (
    (H, 2024, 1, "Risikovurdering ved samlokalisering av servicetorget og biblioteket",
     "organisasjon", "Servicetorget flytter inn i biblioteket høsten 2024.",
     (("Personalsjefen risikovurderer flyttingen sammen med verneombud og tillitsvalgte.",
       "Personalsjef", 3, "moved"),)),
    (H, 2024, 2, "Forslag om felles treningstilbud for ansatte", "annet",
     "Arbeidstakersiden foreslår gratis trening i Nordvikhallen for alle ansatte.",
     (("Personalsjefen utreder kostnadene ved et treningstilbud.", "Personalsjef", 2, "reject"),)),
    (H, 2024, 2, "Revidert rutine for varsling av kritikkverdige forhold", "hms_system",
     "Rutinen er revidert etter arbeidsmiljøloven kapittel 2 A og har vært på høring.",
     (("Rutinen vedtas og gjøres kjent for alle ledere.", "HMS-rådgiver", 2, "normal"),)),
    (H, 2024, 3, "Resultater fra arbeidsmiljøundersøkelsen 2024", "hms_system",
     "Svarprosent 78. Lavest skår på mestringsorientert ledelse og rolleklarhet.",
     (("Enheter med skår under 3,5 på rolleklarhet lager tiltaksplan med verneombudet.",
       "Enhetslederne", 4, "late"),
      ("HMS-rådgiveren holder samlinger for lederne om resultatene.", "HMS-rådgiver", 3,
       "normal"))),
    (H, 2025, 1, "Vold og trusler mot ansatte – status for handlingsplanen", "hms_system",
     "Meldte hendelser med vold og trusler har økt i helse og omsorg og i skolene.",
     (("Kommunalsjefene rapporterer status for opplæring i forebygging av vold.",
       "Kommunalsjef helse og omsorg", 3, "owner:Kommunalsjef oppvekst"),)),
    (H, 2025, 2, "Inneklima på rådhuset", "hms_system",
     "Ansatte i 2. etasje melder om hodepine og tung luft.",
     (("Eiendomssjefen måler inneklimaet og legger fram tiltak med kostnadsoverslag.",
       "Eiendomssjef", 2, "stuck"),)),
    (H, 2025, 3, "Budsjett for HMS-tiltak 2026", "annet", "Forslag til fordeling av HMS-potten.",
     (("Forebygging av vold og tiltak mot sykefravær prioriteres i 2026.", "Personalsjef", 2,
       "normal"),)),
    (HO, 2024, 0, "Handlingsplan for redusert sykefravær i Solbakken sykehjem", "hms_system",
     "Det legemeldte fraværet har økt jevnt siden 2023. Planen er laget sammen med BHT.",
     (("Handlingsplanen vedtas. Effekten rapporteres til AMU hvert halvår.",
       "Enhetsleder Solbakken sykehjem", 4, "moved"),)),
    (HO, 2024, 1, "Risikovurdering ved omorganisering av hjemmetjenesten", "organisasjon",
     "Sone nord og sone sør slås sammen fra 1. januar 2025. Over 120 ansatte berøres.",
     (("Kommunalsjefen risikovurderer sammenslåingen med verneombud og tillitsvalgte.",
       "Kommunalsjef helse og omsorg", 3, "normal"),
      ("Turnusendringer drøftes med tillitsvalgte før de settes i verk.",
       "Kommunalsjef helse og omsorg", 2, "direct"))),
    (HO, 2024, 2, "Vold og trusler i bofellesskapene", "hms_system",
     "Bofellesskapet Løvåsen har meldt 14 hendelser siste halvår, de fleste på kveldstid.",
     (("Alle ansatte i bofellesskapene får opplæring i forebygging av vold.",
       "Enhetsleder Bofellesskapet Løvåsen", 3, "owner:Enhetsleder Bofellesskapet Fjæra"),
      ("Alenearbeid på kveldstid risikovurderes på nytt.", "Enhetsleder Bofellesskapet Løvåsen",
       2, "late"))),
    (HO, 2025, 1, "Forflytning og belastningsskader i hjemmetjenesten", "hms_system",
     "Flere avvik om belastningsskader ved forflytning hjemme hos brukere.",
     (("Behovet for forflytningsutstyr kartlegges, og alle ansatte får kurs.",
       "Enhetsleder hjemmetjenesten", 3, "stuck"),)),
    (HO, 2025, 2, "Evaluering av handlingsplanen for Solbakken sykehjem", "annet",
     "Fraværet er fortsatt over målet på 9 %.",
     (("Enhetslederen og BHT lager en forsterket plan for nattevaktene.",
       "Enhetsleder Solbakken sykehjem", 2, "stuck"),
      ("Kommunalsjefen vurderer ekstra ressurser i 2026.", "Kommunalsjef helse og omsorg", 3,
       "normal"))),
    (HO, 2025, 3, "Heltidskultur i helse og omsorg", "organisasjon",
     "Over 60 % av de ansatte i sykehjemmene jobber deltid.",
     (("Vågen sykehjem prøver ut langvakter i to avdelinger.", "Enhetsleder Vågen sykehjem", 4,
       "normal"),)),
    (OP, 2024, 1, "Støy i barnehagene", "hms_system",
     "Målinger i Haugen barnehage viser støy over 80 dB i lengre perioder.",
     (("Støydempende tiltak settes inn, og støyen måles på nytt.", "Styrer Haugen barnehage",
       3, "normal"),)),
    (OP, 2024, 2, "Vold og trusler fra elever", "hms_system",
     "Nordvik skole og Nordvik ungdomsskole har meldt flere hendelser med vold fra elever.",
     (("Skolene tar i bruk felles rutine for melding av vold og trusler.",
       "Kommunalsjef oppvekst", 2, "normal"),
      ("Alle ansatte i skolene får kurs i konflikthåndtering.", "Rektor Nordvik skole", 4,
       "owner:Rektor Nordvik ungdomsskole"))),
    (OP, 2024, 3, "Inneklima i Strand skole", "hms_system", "Meldinger om dårlig luft.",
     (("Inneklimaet måles, og tiltaksplan legges fram.", "Eiendomssjef", 2, "late"),)),
    (OP, 2025, 1, "Arbeidsbelastning for kontaktlærere", "organisasjon",
     "Arbeidsmiljøundersøkelsen viser høy belastning for kontaktlærere på 8.–10. trinn.",
     (("Tidsbruken kartlegges, og tiltak foreslås sammen med tillitsvalgte.",
       "Rektor Nordvik ungdomsskole", 3, "moved"),)),
    (OP, 2025, 2, "Tiltaksplan etter arbeidsmiljøundersøkelsen i barnehagene", "hms_system",
     "Barnehagene skårer lavt på rolleklarhet og mestring.",
     (("Barnehagene lager felles tiltaksplan.", "Styrer Haugen barnehage", 2, "idle"),)),
    (OP, 2025, 3, "Alenearbeid ved åpning og stenging av barnehagene", "hms_system",
     "Ansatte er alene med barna ved åpning og stenging i tre barnehager.",
     (("Alenearbeidet risikovurderes, og vaktplanene justeres.", "Kommunalsjef oppvekst", 3,
       "normal"),)),
)  # fmt: skip
# Cases every committee has each year: (quarter index, HAMU only, title, topic, basis,
# decisions); the text is formatted with short, prev, year, next, leder and nestleder.
ANNUAL = (
    (0, False, "{short}s årsrapport {prev}", "annet", "Utkast etter arbeidsmiljøloven § 7-2.",
     (("Årsrapporten for {prev} godkjennes og sendes kommunedirektøren.", "HMS-rådgiver", 1,
       "normal"),)),
    (0, True, "Årsrapport fra BHT {prev}", "hms_system", "Bistanden fra Nordvik BHT i {prev}.",
     (("HAMU tar årsrapporten til orientering og ber BHT prioritere sykefraværsoppfølging i"
       " helse og omsorg i {year}.", "BHT", None, "instant"),)),
    (0, False, "Valg av leder og nestleder", "annet", "Leder velges vekselvis fra hver side.",
     (("{leder} er leder og {nestleder} nestleder i {year}.", None, None, "instant"),)),
    (3, False, "Møteplan og årshjul {next}", "annet", "Forslag med de faste sakene.",
     (("Møteplan og årshjul for {next} vedtas.", None, None, "instant"),)),
)  # fmt: skip
DATA_DECISIONS = {  # topic: (orientation, follow-up action, owner: None = the committee's manager)
    "sykefravaer": ("{short} tar sykefraværsstatistikken for {period} til orientering.",
                    "Enheter med sykefravær over målet legger fram tiltak i neste møte.", None),
    "avvik": ("{short} tar oversikten over avvik og HMS-hendelser til orientering.",
              "Forfalte avvik lukkes eller får ny frist med begrunnelse.", "Enhetslederne"),
    "risiko": ("{short} tar status for vernerunder og risikovurderinger til orientering.",
               "Enheter uten vernerunde i år gjennomfører den innen fristen.", "HMS-rådgiver"),
}  # fmt: skip
STANDING_TEXT = {  # topic: (basis, proposal) of the standing cases the secretary fills in
    "annet": (None, "Innkalling og saksliste godkjennes, og referatet fra forrige møte."),
    "oppfolging": ("Oversikten viser vedtakene som ikke var lukket da innkallingen ble sendt.",
                   "Utførte vedtak lukkes. De andre følges opp videre."),
    "sykefravaer": ("Fraværet er hentet fra lønnssystemet. Små grupper vises ikke.", None),
    "avvik": ("Tallene er hentet fra avvikssystemet og fryses når innkallingen sendes.", None),
    "risiko": ("Tallene er hentet fra vernerundene og fryses når innkallingen sendes.", None),
}  # fmt: skip
FATES = ("normal", "normal", "normal", "late", "moved", "direct", "stuck")
STARTED = ("Arbeidet er startet.", "Arbeidet er i gang.", "Tiltakene er påbegynt i enhetene.")
DONE = ("Tiltaket er gjennomført.", "Utført; rapport sendt sekretæren.", "Gjennomført.")


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day + dt.timedelta(days=7) if day in HOLIDAYS else day


def _month_end(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month + months, 12)
    return dt.date(day.year + y, m + 1, 1) - dt.timedelta(days=1)


def _workday(day: dt.date, back: bool = False) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=-1 if back else 1)
    return day


class _Seeder:
    """Replays the history in time order: agendas, meetings and follow-up between them."""

    def __init__(self, db: Database, user: str, today: dt.date) -> None:
        self.db, self.user, self.today = db, user, today
        self.rng = random.Random(2025)
        self.events: list[tuple] = []  # (when, sequence, kind, payload), a heap
        self.seq = 0
        self.to_close: dict[int, list[tuple[dt.date, int, str | None]]] = {}
        self.closed: set[int] = set()
        self.meetings = self.cases = self.decisions = 0

    def push(self, when: dt.datetime, kind: str, payload: object) -> None:
        if when.date() < self.today or kind != "change":
            heapq.heappush(self.events, (when, self.seq, kind, payload))
            self.seq += 1

    def run(self) -> None:
        while self.events:
            when, _, kind, payload = heapq.heappop(self.events)
            getattr(self, f"_{kind}")(when, payload)

    def plan_committee(self, spec: tuple, tree: pd.DataFrame) -> int:
        name, sector, short, place, start, end, weekday, nth, people, manager, _ = spec
        cid = store_committees.committee_id(self.db, name)  # HAMU may exist for an old log
        if cid is None:
            unit = tree[tree["name"] == (sector or VIRKSOMHET)]["id"].iloc[0]
            cid = store_committees.create_committee(self.db, name, int(unit), self.user)
        mail = [p.lower().translate(ASCII) + "@nordvik.kommune.no" for p in people]
        frame = pd.DataFrame({"name": people, "role": ROLES, "email": mail})
        store_committees.set_members(self.db, cid, frame)
        self.to_close[cid] = []
        info = {"cid": cid, "name": name, "short": short, "place": place, "manager": manager,
                "start": dt.time(*start), "end": dt.time(*end), "people": people}  # fmt: skip
        for year in (2024, 2025, 2026):
            for q, month in enumerate(MONTHS if year < 2026 else MONTHS[:1]):
                day = _nth_weekday(year, month, weekday, nth)
                sent = _workday(day - dt.timedelta(days=10), back=True)
                meeting = info | {"day": day, "sent": sent, "year": year, "q": q}
                self.push(dt.datetime.combine(sent, dt.time(14, 0)), "agenda", meeting)
                if day >= self.today:
                    return cid  # one planned meeting after today, nothing later
        return cid

    def _extra_cases(self, m: dict) -> list[tuple]:
        year, people = m["year"], m["people"]
        keys = {"short": m["short"], "prev": year - 1, "year": year, "next": year + 1,
                "leder": people[0], "nestleder": people[3]}  # fmt: skip
        extra = [
            (t.format(**keys), topic, b.format(**keys),
             tuple((d.format(**keys), *rest) for d, *rest in dec))
            for q, hamu_only, t, topic, b, dec in ANNUAL
            if q == m["q"] and (m["short"] == "HAMU" or not hamu_only)
        ]  # fmt: skip
        return extra + [c[3:] for c in CASES if c[:3] == (m["name"], year, m["q"])]

    def _agenda(self, when: dt.datetime, m: dict) -> None:
        db, day, short = self.db, m["day"], m["short"]
        period = snapshot_period(db, m["sent"])
        label = period.display if period else ""
        titles = {"sykefravaer": f"Sykefravær {label}".strip(),
                  "avvik": f"Avvik og HMS-hendelser {label}".strip(),
                  "risiko": f"Vernerunder og risikovurderinger {m['year']}"}  # fmt: skip
        mid = store_meetings.create_meeting(
            db, m["cid"], day, self.user, m["start"], m["end"], m["place"], titles
        )
        self.meetings += 1
        decided: dict[int, tuple] = {}
        for title, topic, basis, dec in self._extra_cases(m):
            decided[store_meetings.add_case(db, mid, title, topic, basis, dec[0][0])] = dec
        agenda = store_meetings.cases(db, mid)
        self.cases += len(agenda)
        for c in agenda.head(len(store_meetings.STANDING_CASES)).itertuples(index=False):
            basis, proposal = STANDING_TEXT.get(c.topic, (None, None))
            proposal = proposal or DATA_DECISIONS.get(c.topic, ("",))[0]
            if basis or proposal:
                proposal = proposal.format(short=short, period=label)
                store_meetings.update_case(db, int(c.id), c.title, basis, proposal)
            if c.topic in DATA_DECISIONS:  # taken to orientation; sometimes a follow-up action
                _, action, owner = DATA_DECISIONS[c.topic]
                dec = [(proposal, None, None, "instant")]
                if self.rng.random() < 0.3:
                    fate = self.rng.choice(FATES)
                    dec.append((action, owner or m["manager"], self.rng.randint(1, 4), fate))
                decided[int(c.id)] = tuple(dec)
        if day >= self.today and m["sent"] >= self.today:
            return  # the planned meeting: agenda still being written
        snaps = agenda_snapshots(db, mid, m["sent"])
        store_meetings.send_agenda(db, mid, snaps, when=when)
        m = m | {"mid": mid, "decided": decided, "cases": agenda}
        if day < self.today:
            self.push(dt.datetime.combine(day, m["start"]), "meeting", m)

    def _meeting(self, when: dt.datetime, m: dict) -> None:
        db, day, mid, cid, people = self.db, m["day"], m["mid"], m["cid"], m["people"]
        away = self.rng.sample(people[1:-1], self.rng.choice((1, 1, 2)))
        store_meetings.record_attendance(db, mid, {p: p not in away for p in people})
        follow_up = int(m["cases"][m["cases"]["topic"] == "oppfolging"]["id"].iloc[0])
        at = when + dt.timedelta(minutes=10)
        for after, did, comment in list(self.to_close[cid]):
            if after < day:
                store_decisions.change_decision(db, did, self.user, status="lukket", at=at,
                                                closing_case_id=follow_up, on=day, comment=comment)  # fmt: skip
                self.to_close[cid].remove((after, did, comment))
                self.closed.add(did)
        for n, row in enumerate(m["cases"].itertuples(index=False)):
            at = when + dt.timedelta(minutes=12 * n + 15)
            for text, owner, months, fate in m["decided"].get(int(row.id), ()):
                deadline = _month_end(day, months) if months else None
                status = "utført" if fate == "instant" else "åpen"
                did = store_decisions.add_decision(db, int(row.id), text, self.user, owner,
                                                   deadline, status, at=at)  # fmt: skip
                self.decisions += 1
                self._follow(cid, did, day, deadline, fate)
        store_meetings.mark_held(db, mid, when=dt.datetime.combine(day, m["end"]))

    def _follow(self, cid: int, did: int, day: dt.date, deadline: dt.date | None, fate: str):
        """Schedule what happens to a decision after the meeting that made it."""
        rng = self.rng

        def on(d: dt.date, **change) -> None:
            d = _workday(d)
            self.push(dt.datetime.combine(d, dt.time(10, rng.randrange(0, 60, 5))), "change",
                      (cid, did, d, change))  # fmt: skip

        if fate == "instant":
            self.to_close[cid].append((day, did, None))
            return
        if fate == "reject":
            on(day + dt.timedelta(weeks=6), status="avvist", comment="Avvist av sekretæren etter"
               " avtale med leder: tiltaket fikk ikke plass i budsjettet for 2025.")  # fmt: skip
            return
        if fate == "idle" or deadline is None:
            return
        started = day + dt.timedelta(weeks=rng.randint(2, 5))
        on(started, status="pågår", comment=rng.choice(STARTED))
        done = max(deadline - dt.timedelta(days=rng.randint(0, 14)), started + dt.timedelta(7))
        if fate == "stuck":
            on(started + dt.timedelta(weeks=3), comment="Forsinket på grunn av bemanning.")
            return
        if fate == "direct":
            self.to_close[cid].append((deadline, did, "Vedtaket er fulgt opp."))
            return
        if fate.startswith("owner:"):
            on(started + dt.timedelta(weeks=3), owner=fate.partition(":")[2],
               comment="Ny ansvarlig etter omorganisering.")  # fmt: skip
        if fate == "moved":
            new = _month_end(deadline, 2)
            on(deadline - dt.timedelta(days=5), deadline=new,
               comment="Ny frist etter avtale med leder av utvalget; venter på innspill fra BHT.")  # fmt: skip
            done = new - dt.timedelta(days=rng.randint(3, 20))
        if fate == "late":
            done = deadline + dt.timedelta(weeks=rng.randint(2, 6))
        on(done, status="utført", comment=rng.choice(DONE))

    def _change(self, when: dt.datetime, payload: tuple) -> None:
        cid, did, day, change = payload
        if did in self.closed:
            return
        store_decisions.change_decision(self.db, did, self.user, at=when, on=day, **change)
        if change.get("status") in store_decisions.FINAL:
            self.closed.add(did)
        elif change.get("status") == "utført":
            self.to_close[cid].append((day, did, None))


def _seed_wheel(db: Database, user: str, today: dt.date, cid: int, picks: tuple) -> int:
    """Plans for 2024–2026; what has passed is marked done, with one postponed, one forgotten.

    Vernerunder are left to the evidence (a safety round of the unit in the year); the ones
    without a round are postponed in past years and left overdue in the current one.
    """
    total = 0
    for year in (2024, 2025, 2026):
        total += wheel.ensure_year(db, year, cid, user)
        plan = wheel.activities(db, year, cid)
        if year == 2024:  # the committee meets in November, not December
            for r in plan[(plan["kind"] == "amu_mote") & (plan["month"] == 12)].itertuples():
                wheel.update_activity(db, int(r.id), month=11)
        states = {i.id: i for i in annual_wheel(db, year, today, cid).items}
        for r in wheel.activities(db, year, cid).itertuples(index=False):
            item, change = states[int(r.id)], {"status": "gjennomført"}
            ended = dt.date(year, item.month, 1) < today.replace(day=1)
            if not ended or (year, r.kind) == (2025, picks[1]):
                continue  # not due yet, or forgotten (shows as forfalt)
            if (year, r.kind) == (2025, picks[0]):
                change = {"status": "utsatt", "note": "Utsatt til 2026 etter ønske fra de ansatte."}
            elif r.kind == "vernerunde":  # the safety-round data proves the done ones
                if item.evidence or year >= today.year:
                    continue
                change = {"status": "utsatt", "note": f"Tas i første runde {year + 1}."}
            wheel.update_activity(db, int(r.id), **change)
    return total


def seed_amu(db: Database, user: str = "demo-rådgiver", today: dt.date | None = None) -> list[str]:
    """Give the sample organisation its committees, meetings, decisions and annual wheel."""
    today = today or TODAY
    tree = org_tree(db)
    seeder = _Seeder(db, user, today)
    ids = [seeder.plan_committee(spec, tree) for spec in COMMITTEES]
    seeder.run()
    activities = sum(
        _seed_wheel(db, user, today, i, c[-1]) for i, c in zip(ids, COMMITTEES, strict=True)
    )
    return [
        f"{len(ids)} utvalg, {seeder.meetings} møter, {seeder.cases} saker og"
        f" {seeder.decisions} vedtak lagt inn.",
        f"Årshjul for 2024–2026 med {activities} aktiviteter lagt inn.",
    ]

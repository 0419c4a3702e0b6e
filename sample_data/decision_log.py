"""The HAMU's follow-up spreadsheet of its 2023 decisions (vedtak), as the secretary kept it
before the register: `vedtakslogg_hamu_2023.xlsx`.

Twelve decisions from four meetings, in every state (åpen, pågår, utført, lukket, avvist; one
written "Ny"), case numbers as "PS n/23", a bold title row above the header, dates as date
cells and no Lukket dato column (so the closed ones import without a date, with a warning).
The content is fixed and the creation time too, so every run writes the same bytes.
`python -m sample_data.decision_log [PATH]` writes it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sample_data.deviations import write_table_xlsx

FILE = "vedtakslogg_hamu_2023.xlsx"
COMMITTEE = "HAMU"
SHEET = "Vedtak"
TITLE = "Oppfølging av AMU-vedtak 2023"
HEADER = ("Møtedato", "Saksnr", "Sak", "Vedtak", "Ansvarlig", "Frist", "Status", "Kommentar")
HEADER_ROW = 2  # as Excel numbers rows
WIDTHS = (12, 10, 34, 60, 28, 12, 10, 40)
CREATED = dt.datetime(2023, 12, 20, 9, 30)

M1, M2, M3, M4 = (dt.date(2023, 2, 14), dt.date(2023, 5, 9), dt.date(2023, 9, 19),
                  dt.date(2023, 12, 5))  # fmt: skip

# (møtedato, saksnr, sak, vedtak, ansvarlig, frist, status, kommentar)
DECISIONS: tuple[tuple[object, ...], ...] = (
    (M1, "PS 1/23", "Sykefraværsstatistikk 4. kvartal 2022",
     "HAMU tar sykefraværsstatistikken til orientering.",
     "HMS-rådgiver", None, "Lukket", None),
    (M1, "PS 2/23", "Vold og trusler i helse og omsorg",
     "Kommunalsjef for helse og omsorg lager en handlingsplan mot vold og trusler og legger "
     "den fram for HAMU.",
     "Kommunalsjef helse og omsorg", dt.date(2023, 5, 9), "Utført",
     "Handlingsplanen ble lagt fram i møtet 9. mai."),
    (M1, "PS 3/23", "HMS-årsrapport 2022",
     "HMS-årsrapporten for 2022 godkjennes med endringene som kom fram i møtet.",
     "HMS-rådgiver", dt.date(2023, 3, 1), "Lukket", None),
    (M2, "PS 7/23", "Vernerunder 2023",
     "Alle enheter gjennomfører vernerunde innen 30. juni. Resultatene legges fram for HAMU "
     "i september.",
     "Enhetslederne", dt.date(2023, 6, 30), "Utført",
     "To enheter gjennomførte runden først i august."),
    (M2, "PS 8/23", "Handlingsplan mot vold og trusler",
     "Handlingsplanen vedtas. Alle ansatte i hjemmetjenesten får opplæring i forebygging "
     "av vold.",
     "Kommunalsjef helse og omsorg", dt.date(2023, 12, 31), "Pågår",
     "Opplæring gjennomført i to av tre soner."),
    (M2, "PS 9/23", "Forslag om treningstilbud for ansatte",
     "Forslaget om gratis treningskort til alle ansatte vedtas ikke.",
     None, None, "Avvist", "Ikke dekning i budsjettet for 2023."),
    (M3, "PS 12/23", "Resultater fra vernerundene",
     "HAMU ber enhetene lukke alle funn med høy risiko innen utgangen av året.",
     "Enhetslederne", dt.date(2023, 12, 31), "Pågår", None),
    (M3, "PS 13/23", "Inneklima på rådhuset",
     "Eiendom måler inneklimaet i 2. etasje og legger fram forslag til tiltak.",
     "Eiendomssjef", dt.date(2023, 11, 1), "Åpen", "Måling bestilt, venter på leverandør."),
    (M3, "PS 14/23", "Arbeidsmiljøundersøkelse 2023",
     "Arbeidsmiljøundersøkelsen (10-faktor) gjennomføres i oktober.",
     "HR-sjef", dt.date(2023, 10, 31), "Utført", None),
    (M4, "PS 18/23", "Sykefravær 3. kvartal 2023",
     "Enheter med sykefravær over 10 % lager egne tiltaksplaner sammen med BHT.",
     "Enhetslederne", dt.date(2024, 3, 1), "Åpen", None),
    (M4, "PS 19/23", "Årshjul for HAMU 2024",
     "Årshjulet for 2024 vedtas.",
     "Sekretær", None, "Lukket", None),
    (M4, "PS 20/23", "Rutine for alenearbeid",
     "Rutinen for alenearbeid sendes på høring til enhetene før endelig vedtak.",
     "HMS-rådgiver", dt.date(2024, 2, 15), "Ny", "Høringsfrist 15. januar."),
)  # fmt: skip


def write_decision_log_file(path: Path) -> None:
    """Write the HAMU's 2023 decision log as xlsx to `path` (same bytes on every run)."""
    write_table_xlsx(path, SHEET, [TITLE], HEADER, DECISIONS, WIDTHS, CREATED)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / FILE
    write_decision_log_file(target)
    print(target)

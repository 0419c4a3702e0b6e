"""Slik har vi regnet: the definitions behind every figure, and the rule that hides small
groups, in plain Norwegian, for everyone who may see the figures."""

import streamlit as st

from metrics.annual_report import METHOD
from ui import auth, state, widgets

access = auth.require("metode")
widgets.meeting_mode()
st.title("Slik har vi regnet")
threshold = state.threshold(*state.key())

st.header("Små grupper vises ikke")
st.write(
    f"Sykefravær er helseopplysninger. Et tall for en gruppe med færre enn {threshold} personer"
    " kan peke ut en enkelt person, og vises derfor aldri, verken på sidene, i rapportene, i"
    f" kommandolinjen eller i filer. I stedet står det «skjult (færre enn {threshold})»."
)
st.write(
    "Det er ikke nok å skjule ett tall når tallene rundt det vises. Tallene henger sammen i"
    " summer, og en sum minus de tallene som vises, gir det skjulte tallet tilbake:"
)
st.markdown(
    "- **I organisasjonen:** virksomheten er summen av sektorene, en sektor summen av"
    " enhetene.\n"
    "- **Over tid:** et år er summen av kvartalene, tertialene og månedene, et kvartal og et"
    " tertial summen av sine måneder, og de siste tolv månedene summen av sine måneder.\n"
    "- **I kategoriene:** registrerte avvik er summen av kategoriene, også personskade og vold"
    " og trusler."
)
st.write(
    "Derfor skjuler vi et tall til når en sum ellers ville hatt nøyaktig ett skjult tall: en"
    " annen enhet i samme sektor, en annen måned i samme kvartal eller en annen kategori i"
    " samme enhet. Vi velger blant de minste tallene det som trekker færrest nye tall med seg,"
    " så minst mulig forsvinner, og der står det"
    " «skjult (for å beskytte en annen celle)». Regelen gjentas til ingen sum har nøyaktig ett"
    " skjult tall, og valget blir det samme hver gang. Skjulte tall teller fortsatt med i"
    " summene over dem, og totalen for registrerte avvik vises alltid."
)
st.write(
    "Hvilke tall som skjules, regnes på hele organisasjonen og alle perioder samtidig, ikke på"
    " det utsnittet du ser. Da ser en leder for én sektor aldri noe som er skjult i oversikten"
    " for hele virksomheten, og omvendt, og sidene, rapportene, møtedokumentene og"
    " kommandolinjen skjuler de samme tallene. Personskader og vold og trusler, og skadetall"
    " (H1, H2, F og fraværsdager), skjules på samme måte for små enheter."
)
st.write(
    "Vi kontrollerer regelen slik en angriper ville prøvd: vi fyller inn alle tall som vises og"
    " trekker fra langs alle summene over så langt det går. Ingen skjulte tall skal komme"
    " tilbake."
)

st.header("Definisjonene")
for line in METHOD:
    st.write(line.format(threshold=threshold) if "{threshold}" in line else line)

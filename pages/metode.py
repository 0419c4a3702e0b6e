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
    "Det er ikke nok å skjule ett tall når tallene rundt det vises. Summen for en sektor minus"
    " enhetene som vises, gir det skjulte tallet tilbake. Derfor skjules også en annen enhet i"
    " samme sektor når bare én er skjult – den minste, så minst mulig forsvinner – og der står"
    " det «skjult (for å beskytte en annen celle)». Regelen gjentas til ingen sum har nøyaktig"
    " ett skjult tall. Skjulte tall teller fortsatt med i summene over dem."
)
st.write(
    "Hvilke tall som skjules, regnes på hele organisasjonen, ikke på det utsnittet du ser. Da ser"
    " en leder for én sektor aldri noe som er skjult i oversikten for hele virksomheten, og"
    " omvendt. Personskader og vold og trusler skjules på samme måte for små enheter."
)
st.write(
    "Vi kontrollerer regelen slik en angriper ville prøvd: vi fyller inn alle tall som vises og"
    " trekker fra langs alle summer (virksomhet = sektorer, sektor = enheter) så langt det går."
    " Ingen skjulte tall skal komme tilbake."
)

st.header("Definisjonene")
for line in METHOD:
    st.write(line.format(threshold=threshold) if "{threshold}" in line else line)

"""Committee meetings as an iCalendar (.ics) file for Outlook, Google and Apple calendars.

Meetings with a start time are timed events in Europe/Oslo (with a VTIMEZONE, so every
client places them right across daylight saving); meetings without one are all-day events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from reports.meeting_layout import plain

TIMEZONE = ZoneInfo("Europe/Oslo")
PRODID = "-//HMS-dashboard//NO"
DEFAULT_LENGTH = dt.timedelta(hours=2)


@dataclass(frozen=True)
class CalendarMeeting:
    uid: str  # stable across exports, so a re-import updates rather than duplicates
    committee: str
    meeting_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str | None
    description: str = ""


def meetings_ics(meetings: Sequence[CalendarMeeting], *, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar file (CRLF line endings) with one event per meeting.

    `stamp` is the DTSTAMP of every event (UTC now when not given).
    """
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def _event(meeting: CalendarMeeting, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp)
    committee = plain(meeting.committee) or "Utvalg"
    event.add("summary", f"{committee}: møte")
    start, end = _span(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    place = plain(meeting.place)
    if place:
        event.add("location", place)
    description = plain(meeting.description)
    if description:
        event.add("description", description)
    return event


def _span(meeting: CalendarMeeting) -> tuple[dt.date, dt.date]:
    """Start and (exclusive) end: Oslo datetimes when timed, dates when all-day."""
    day = meeting.meeting_date
    if meeting.start_time is None:
        return day, day + dt.timedelta(days=1)
    start = dt.datetime.combine(day, meeting.start_time.replace(tzinfo=None), TIMEZONE)
    end = start + DEFAULT_LENGTH
    if meeting.end_time is not None:
        given = dt.datetime.combine(day, meeting.end_time.replace(tzinfo=None), TIMEZONE)
        if given > start:
            end = given
    return start, end

"""Committee meetings as an .ics file, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from reports.calendar import PRODID, CalendarMeeting, meetings_ics

STAMP = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)


def meetings() -> list[CalendarMeeting]:
    return [
        CalendarMeeting(
            uid="meeting-17@hms-dashboard",
            committee="HAMU",
            meeting_date=dt.date(2025, 10, 6),
            start_time=dt.time(9, 0),
            end_time=None,
            place="Rådhuset, møterom Fjæra",
            description="Saksliste: PS 12/25; PS 13/25",
        ),
        CalendarMeeting(
            uid="meeting-18@hms-dashboard",
            committee="AMU Skole",
            meeting_date=dt.date(2025, 12, 1),
            start_time=None,
            end_time=None,
            place=None,
        ),
    ]


def test_events_parse_back_with_times_places_and_uids():
    raw = meetings_ics(meetings(), stamp=STAMP)
    calendar = Calendar.from_ical(raw)
    assert str(calendar["PRODID"]) == PRODID
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    timed, all_day = events

    start = timed.decoded("DTSTART")
    assert start == dt.datetime(2025, 10, 6, 9, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/Oslo"
    assert timed.decoded("DTEND") - start == dt.timedelta(hours=2)  # default length
    assert str(timed["SUMMARY"]) == "HAMU: møte"
    assert str(timed["LOCATION"]) == "Rådhuset, møterom Fjæra"
    assert str(timed["DESCRIPTION"]) == "Saksliste: PS 12/25; PS 13/25"
    assert str(timed["UID"]) == "meeting-17@hms-dashboard"
    assert timed.decoded("DTSTAMP") == STAMP

    day = all_day.decoded("DTSTART")
    assert type(day) is dt.date and day == dt.date(2025, 12, 1)
    assert all_day.decoded("DTEND") == dt.date(2025, 12, 2)
    assert str(all_day["SUMMARY"]) == "AMU Skole: møte"
    assert str(all_day["UID"]) == "meeting-18@hms-dashboard"
    assert "LOCATION" not in all_day


def test_raw_file_has_timezone_and_crlf():
    raw = meetings_ics(meetings(), stamp=STAMP)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"BEGIN:VTIMEZONE" in raw
    assert b"TZID:Europe/Oslo" in raw
    assert b"DTSTART;TZID=Europe/Oslo:20251006T090000" in raw
    assert b"DTSTART;VALUE=DATE:20251201" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_given_end_time_is_used_and_all_day_only_has_no_timezone():
    timed = CalendarMeeting("a@x", "AMU", dt.date(2025, 3, 3), dt.time(13), dt.time(15, 30), "")
    event = Calendar.from_ical(meetings_ics([timed], stamp=STAMP)).walk("VEVENT")[0]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=2, minutes=30)

    all_day = CalendarMeeting("b@x", "AMU", dt.date(2025, 3, 3), None, None, None)
    assert b"BEGIN:VTIMEZONE" not in meetings_ics([all_day], stamp=STAMP)


def test_stable_output_for_the_same_stamp():
    assert meetings_ics(meetings(), stamp=STAMP) == meetings_ics(meetings(), stamp=STAMP)

"""Tests for iCalendar invitations: build, parse back with icalendar, inspect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from recruiting.interviews.ics import PRODID, build_invite

IST = ZoneInfo("Asia/Kolkata")

BASE = dict(
    uid="interview-42@recruiting.example",
    summary="Interview: Backend Engineer, round 2",
    description="Panel interview.\nPlease join 5 minutes early.",
    start=datetime(2026, 1, 19, 10, 0, tzinfo=IST),
    end=datetime(2026, 1, 19, 11, 0, tzinfo=IST),
    organizer_email="recruiting@recruiting.example",
    organizer_name="Recruiting Team",
    attendees=[("Priya Raman", "priya@recruiting.example"), ("Kumar, Arun", "arun@recruiting.example")],
    location="Chennai office; Room 4",
    url="https://meet.example.com/abc-defg-hij",
    now=datetime(2026, 1, 12, 9, 30, 15, 123456, tzinfo=UTC),
)


def parse(raw: bytes):
    cal = Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return cal, events[0]


def attendees_of(event) -> list:
    value = event.get("attendee")
    return value if isinstance(value, list) else [value]


def test_request_round_trip() -> None:
    raw = build_invite(sequence=0, method="REQUEST", **BASE)
    assert isinstance(raw, bytes)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    # RFC 5545 3.1: content lines are at most 75 octets (folded by icalendar).
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))

    cal, event = parse(raw)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == BASE["uid"]
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"

    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    # 10:00 IST is 04:30 UTC, written with a Z suffix (no VTIMEZONE needed).
    assert start == datetime(2026, 1, 19, 4, 30, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0) and end - start == timedelta(hours=1)
    assert b"DTSTART:20260119T043000Z" in raw
    assert event.decoded("DTSTAMP") == datetime(2026, 1, 12, 9, 30, 15, tzinfo=UTC)

    assert str(event["SUMMARY"]) == BASE["summary"]
    assert str(event["DESCRIPTION"]) == BASE["description"]
    assert str(event["LOCATION"]) == BASE["location"]
    assert str(event["URL"]) == BASE["url"]

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:recruiting@recruiting.example"
    assert organizer.params["CN"] == "Recruiting Team"

    people = attendees_of(event)
    assert [str(a) for a in people] == ["mailto:priya@recruiting.example", "mailto:arun@recruiting.example"]
    assert [a.params["CN"] for a in people] == ["Priya Raman", "Kumar, Arun"]
    for a in people:
        assert a.params["ROLE"] == "REQ-PARTICIPANT"
        assert a.params["PARTSTAT"] == "NEEDS-ACTION"
        assert a.params["RSVP"] == "TRUE"


def test_cancel_round_trip() -> None:
    raw = build_invite(sequence=2, method="CANCEL", **BASE)
    cal, event = parse(raw)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == BASE["uid"]
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == datetime(2026, 1, 19, 4, 30, tzinfo=UTC)
    assert len(attendees_of(event)) == 2


def test_reschedule_keeps_uid_and_bumps_sequence() -> None:
    first = parse(build_invite(sequence=0, method="REQUEST", **BASE))[1]
    moved = dict(BASE, start=BASE["start"] + timedelta(days=1), end=BASE["end"] + timedelta(days=1))
    second = parse(build_invite(sequence=1, method="REQUEST", **moved))[1]
    assert str(first["UID"]) == str(second["UID"])
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert second.decoded("DTSTART") - first.decoded("DTSTART") == timedelta(days=1)


def test_output_is_deterministic_given_now() -> None:
    assert build_invite(sequence=0, method="REQUEST", **BASE) == build_invite(sequence=0, method="REQUEST", **BASE)


def test_single_attendee_and_optional_fields_omitted() -> None:
    raw = build_invite(
        **dict(BASE, attendees=[("Priya", "priya@recruiting.example")], location="", url="", description=""),
        sequence=0,
        method="REQUEST",
    )
    _, event = parse(raw)
    assert [str(a) for a in attendees_of(event)] == ["mailto:priya@recruiting.example"]
    assert "LOCATION" not in event and "URL" not in event and "DESCRIPTION" not in event


def test_duplicate_attendees_dropped_and_names_sanitised() -> None:
    raw = build_invite(
        **dict(
            BASE,
            attendees=[
                ("Priya\r\nBcc: evil@example.com", "priya@recruiting.example"),
                ("Priya again", "PRIYA@recruiting.example"),
            ],
        ),
        sequence=0,
        method="REQUEST",
    )
    _, event = parse(raw)
    people = attendees_of(event)
    assert len(people) == 1
    assert people[0].params["CN"] == "Priya Bcc: evil@example.com"  # one line, no injection


def test_default_dtstamp_is_now_utc() -> None:
    args = dict(BASE)
    del args["now"]
    before = datetime.now(UTC).replace(microsecond=0)
    _, event = parse(build_invite(sequence=0, method="REQUEST", **args))
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"method": "PUBLISH"}, "method"),
        ({"uid": ""}, "uid"),
        ({"uid": "a\r\nb"}, "uid"),
        ({"sequence": -1}, "sequence"),
        ({"start": datetime(2026, 1, 19, 10)}, "timezone-aware"),
        ({"end": BASE["start"]}, "end must be after start"),
        ({"organizer_email": "not-an-email"}, "organizer_email"),
        ({"attendees": [("X", "x@example.com\r\nATTENDEE:mailto:y@example.com")]}, "attendees"),
        ({"attendees": []}, "at least one attendee"),
    ],
)
def test_invalid_input(override: dict, message: str) -> None:
    args = dict(BASE, sequence=0, method="REQUEST")
    args.update(override)
    with pytest.raises(ValueError, match=message):
        build_invite(**args)

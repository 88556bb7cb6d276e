"""iCalendar (RFC 5545 / iTIP RFC 5546) interview invitations.

Pure function over the ``icalendar`` package, no Django, so that it can be
tested by parsing the output back. The format choices below are the ones that
Google Calendar, Outlook and Apple Calendar all accept:

* ``METHOD`` on the VCALENDAR *and* a single VEVENT: ``REQUEST`` to invite or
  reschedule, ``CANCEL`` to withdraw.
* A caller-supplied, stable ``UID``: a reschedule is the same UID with a
  higher ``SEQUENCE``; clients replace the old event instead of adding a
  second one. A cancel must carry the UID and a SEQUENCE at least as high as
  the last request.
* All date-times are written in UTC (``...Z``), so no VTIMEZONE block is
  needed and no client can misread a zone name.
* ``ORGANIZER`` and every ``ATTENDEE`` are ``mailto:`` URIs; attendees carry
  ``CN``, ``ROLE=REQ-PARTICIPANT``, ``PARTSTAT=NEEDS-ACTION`` and
  ``RSVP=TRUE`` so clients show the accept/decline buttons.

Escaping of text (commas, semicolons, newlines), RFC 6868 parameter quoting
and 75-octet line folding with CRLF are done by ``icalendar``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from icalendar import Calendar, Event, vCalAddress

__all__ = ["PRODID", "build_invite"]

PRODID = "-//Recruiting Portal//Interview Scheduling//EN"

# Deliberately simple: we only need to keep obviously broken values (and
# anything that could inject iCalendar syntax) out of a mailto: URI; real
# deliverability is checked where the address is collected.
_EMAIL_RE = re.compile(r"^[^@\s:;,<>\"'\\]+@[^@\s:;,<>\"'\\]+\.[^@\s:;,<>\"'\\]+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")


def _utc(value: datetime, what: str) -> datetime:
    """Aware datetime -> UTC, second precision (iCalendar has no fractions)."""
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0)


def _email(value: str, what: str) -> str:
    value = (value or "").strip()
    if not _EMAIL_RE.match(value):
        raise ValueError(f"{what} is not a usable e-mail address: {value!r}")
    return value


def _display_name(value: str) -> str:
    """Collapse control characters (incl. CR/LF) in a display name to spaces.

    RFC 6868 could encode a newline in a CN, but several clients render it
    literally; a name never needs one.
    """
    return " ".join(_CONTROL_RE.sub(" ", value or "").split())


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    cn = _display_name(name)
    if cn:
        address.params["CN"] = cn
    for key, val in params.items():
        address.params[key.replace("_", "-").upper()] = val
    return address


def build_invite(
    *,
    uid: str,
    sequence: int,
    method: Literal["REQUEST", "CANCEL"],
    summary: str,
    description: str,
    start: datetime,
    end: datetime,
    organizer_email: str,
    organizer_name: str,
    attendees: Sequence[tuple[str, str]],
    location: str = "",
    url: str = "",
    now: datetime | None = None,
) -> bytes:
    """Serialise an interview invitation or cancellation as ``text/calendar``.

    Args:
        uid: Stable id of the interview (e.g. ``"interview-42@portal.example"``);
            identical across reschedules and the cancel.
        sequence: Revision number, >= 0; bump it on every reschedule.
        method: ``"REQUEST"`` (STATUS:CONFIRMED) or ``"CANCEL"`` (STATUS:CANCELLED).
        summary, description, location, url: Event texts; empty optional
            ones are omitted.
        start, end: Aware datetimes, ``end > start``; written in UTC.
        organizer_email, organizer_name: The ``ORGANIZER`` (the mailbox that
            sends the invite; replies go there).
        attendees: ``(name, email)`` pairs. Duplicate e-mails (compared
            case-insensitively) are dropped, since clients reject or
            double-count repeated attendees.
        now: DTSTAMP; defaults to the current time. Pass it for reproducible output.

    Returns:
        The calendar as bytes (UTF-8, CRLF line endings), ready to attach with
        content type ``text/calendar; method=REQUEST`` (or ``CANCEL``).

    Raises:
        ValueError: on an unknown method, bad uid/sequence, naive or reversed
            datetimes, unusable e-mail addresses, or no attendees.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"method must be 'REQUEST' or 'CANCEL', got {method!r}")
    if not isinstance(uid, str) or not uid.strip() or _CONTROL_RE.search(uid):
        raise ValueError(f"uid must be a non-empty single-line string, got {uid!r}")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise ValueError(f"sequence must be an int >= 0, got {sequence!r}")
    start_utc = _utc(start, "start")
    end_utc = _utc(end, "end")
    if end_utc <= start_utc:
        raise ValueError("end must be after start")
    stamp = _utc(now if now is not None else datetime.now(UTC), "now")
    organizer = _email(organizer_email, "organizer_email")

    people: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, pair in enumerate(attendees):
        try:
            name, email = pair
        except (TypeError, ValueError):
            raise ValueError(f"attendees[{i}] must be a (name, email) pair") from None
        email = _email(email, f"attendees[{i}] email")
        if email.lower() in seen:
            continue
        seen.add(email.lower())
        people.append((name, email))
    if not people:
        raise ValueError("at least one attendee is required")

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)

    event = Event()
    event.add("uid", uid.strip())
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start_utc)
    event.add("dtend", end_utc)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    # OPAQUE: the interview should show the attendees as busy.
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(organizer, organizer_name))
    for name, email in people:
        event.add(
            "attendee",
            _address(
                email,
                name,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    cal.add_component(event)
    return cal.to_ical()

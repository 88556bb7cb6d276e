"""Booking, rescheduling and cancelling interviews (atomic; double booking refused by
PostgreSQL), with iCalendar e-mails to the panel and the candidate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any

import psycopg
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews import blind, signals
from recruiting.interviews.ics import build_invite
from recruiting.interviews.models import (
    DEFAULT_TIME_ZONE,
    Interview,
    InterviewerSettings,
    InterviewPanelist,
    InterviewRound,
    default_buffer_minutes,
)
from recruiting.interviews.scheduling import is_valid_zone, slot_is_free, slot_was_offerable, zone
from recruiting.interviews.services.common import (
    InvalidPanel,
    SchedulingError,
    SlotNotOffered,
    SlotTaken,
)
from recruiting.interviews.services.common import (
    actor_or_none as _actor,
)
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.models import Application
from recruiting.pipelines.services import activity_record


# --- Booking -----------------------------------------------------------------------------
def check_panel(interview_round: InterviewRound, panel: Sequence[User]) -> list[User]:
    unique: dict[int, User] = {}
    for user in panel:
        unique.setdefault(user.pk, user)
    people = list(unique.values())
    needed = interview_round.interviewers_needed
    if len(people) < needed:
        raise InvalidPanel(f"{interview_round.name} needs {needed} interviewer{'s' if needed != 1 else ''}.")
    pool = set(interview_round.pool.values_list("pk", flat=True))
    if pool and any(user.pk not in pool for user in people):
        raise InvalidPanel("Choose the panel from the round's pool of interviewers.")
    if any(not user.is_active or not user.effective_role for user in people):
        raise InvalidPanel("Every panel member needs an active account with a role.")
    return people


def _lock_people(people: Sequence[User]) -> None:
    """Serialise bookings per interviewer (for the daily cap, which no constraint holds).
    FOR NO KEY UPDATE, in id order so two bookings cannot deadlock."""
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=[u.pk for u in people])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _buffers(people: Sequence[User]) -> dict[int, timedelta]:
    minutes = dict(InterviewerSettings.objects.filter(user__in=people).values_list("user_id", "buffer_minutes"))
    return {u.pk: timedelta(minutes=minutes.get(u.pk, default_buffer_minutes())) for u in people}


def _busy(start: datetime, end: datetime, buffer: timedelta) -> DateTimeTZRange:
    return DateTimeTZRange(start - buffer, end + buffer, "[)")


def _is_exclusion_violation(exc: IntegrityError) -> bool:
    return isinstance(exc.__cause__, psycopg.errors.ExclusionViolation)


def _write_seats(write) -> None:
    """Run a seat write in a savepoint; a double booking refused by the exclusion
    constraint becomes SlotTaken, anything else propagates."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError as exc:
        if _is_exclusion_violation(exc):
            raise SlotTaken() from exc
        raise


def _slot_gone_or_never_offered(people: Sequence[User], start: datetime, length: timedelta) -> SchedulingError:
    """The error for a start that is not free: taken when it was a slot we offer,
    otherwise never offered."""
    if slot_was_offerable(users=people, start=start, length=length):
        return SlotTaken()
    return SlotNotOffered()


def when_label(instant: datetime, tz_name: str) -> str:
    local = instant.astimezone(zone(tz_name))
    return f"{local:%A %d %B %Y, %H:%M} ({local.tzname()}, {tz_name})"


def _organizer() -> tuple[str, str]:
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return email or "recruiting@example.com", name or "Recruiting"


def _send_calendar(
    interview: Interview,
    *,
    method: str,
    panel: Sequence[User],
    reason: str = "",
    tell_candidate: bool = False,
    include_candidate: bool = True,
) -> None:
    """E-mail the .ics (REQUEST or CANCEL) to every panelist and the candidate, one
    notification each, keyed by interview, sequence and recipient so a retry sends once.

    On a blind posting a panelist who may not see the candidate's name yet
    (`blind.names_hidden_for`) gets the e-mail and the invitation with the blind label
    in the subject, body and SUMMARY, and without the candidate among the ATTENDEEs (their
    name and address are on that line). It is the same event (same UID and SEQUENCE), so
    an update replaces it in every calendar; everyone else, and the candidate, get the
    full one."""
    application = interview.application
    candidate = application.candidate
    posting = application.posting
    round_name = interview.round.name if interview.round else "Interview"
    hidden = blind.names_hidden_for(application, panel)
    label = blind.candidate_label(application) if hidden else ""
    organizer_email, organizer_name = _organizer()
    invites: dict[bool, bytes] = {}

    def invite(blind_copy: bool) -> bytes:
        if blind_copy not in invites:
            attendees = [(str(u), u.email) for u in panel]
            # The candidate at the address given with this application (ADR 6).
            if application.contact_email and not blind_copy:
                attendees.append((application.contact_name, application.contact_email))
            invites[blind_copy] = build_invite(
                uid=interview.ical_uid,
                sequence=interview.sequence,
                method=method,  # type: ignore[arg-type]
                summary=f"Interview: {round_name} · {posting.title} · {label if blind_copy else candidate.full_name}",
                description=f"{round_name} interview for {posting.title}.",
                start=interview.starts_at,
                end=interview.ends_at,
                organizer_email=organizer_email,
                organizer_name=organizer_name,
                attendees=attendees,
                location=interview.location,
                url=interview.meeting_url,
            )
        return invites[blind_copy]

    kind = "interview_invite" if method == "REQUEST" else "interview_cancelled"
    common = {
        "posting_title": posting.title,
        "round_name": round_name,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
        "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
        "updated": interview.sequence > 0,
        "reason": reason,
    }
    recipients = [(u.email, str(u), u.time_zone, False, u.pk in hidden) for u in panel]
    if application.contact_email and include_candidate:
        recipients.append(
            (application.contact_email, application.contact_name, interview.candidate_time_zone, True, False)
        )
    for email, name, tz_name, is_candidate, blind_copy in recipients:
        notification_queue(
            key=f"interview:{interview.public_id}:{interview.sequence}:{method.lower()}:{email.lower()}"[:200],
            kind=kind,
            to=[email],
            context={
                **common,
                "name": name,
                "candidate_name": label if blind_copy else candidate.full_name,
                "for_candidate": is_candidate,
                "reason": reason if tell_candidate or not is_candidate else "",
                "when": when_label(interview.starts_at, tz_name),
                "interview_url": "" if is_candidate else settings.SITE_URL + interview.get_absolute_url(),
            },
            attachments=[("invite.ics", invite(blind_copy), f"text/calendar; method={method}")],
            related=interview,
        )


@transaction.atomic
def interview_book(
    *,
    application: Application,
    round: InterviewRound,  # noqa: A002 - the brief's name for it
    panel: Sequence[User],
    start: datetime,
    actor: Any,
    source: str = Interview.Source.RECRUITER,
    candidate_time_zone: str = DEFAULT_TIME_ZONE,
) -> Interview:
    """Book `round` for `application` at `start` with `panel`, atomically.

    Inside the transaction the panel's rows are locked and the slot is re-checked with
    the finder's rules (window, weekday, holiday, time off, cap, buffers); the seats are
    then inserted with busy = [start - buffer, end + buffer). Should another booking win
    the race anyway, PostgreSQL's exclusion constraint refuses the seat and SlotTaken is
    raised, so the caller shows fresh proposals. Every panelist and the candidate get an
    .ics invitation (METHOD:REQUEST, SEQUENCE 0).
    """
    if round.posting_id != application.posting_id:
        raise SchedulingError("That round belongs to another posting.")
    if application.state != Application.State.ACTIVE:
        raise SchedulingError("This application is no longer active.")
    people = check_panel(round, panel)
    start = start.astimezone(UTC)
    if start <= timezone.now():
        raise SchedulingError("That time has already passed. Please pick another slot.")
    length = timedelta(minutes=round.duration_minutes)
    _lock_people(people)
    if not slot_is_free(users=people, start=start, length=length):
        raise _slot_gone_or_never_offered(people, start, length)
    location = round.address if round.mode == InterviewRound.Mode.IN_PERSON else ""
    interview = Interview.objects.create(
        application=application,
        round=round,
        title=f"{round.name}: {application.candidate.full_name}"[:120],
        starts_at=start,
        ends_at=start + length,
        location=location,
        meeting_url=round.meeting_link if round.mode == InterviewRound.Mode.ONLINE else "",
        candidate_time_zone=candidate_time_zone if is_valid_zone(candidate_time_zone) else DEFAULT_TIME_ZONE,
        source=source,
        created_by=_actor(actor),
    )
    buffers = _buffers(people)
    seats = [
        InterviewPanelist(
            interview=interview, interviewer=u, busy=_busy(interview.starts_at, interview.ends_at, buffers[u.pk])
        )
        for u in people
    ]
    _write_seats(lambda: InterviewPanelist.objects.bulk_create(seats))
    names = ", ".join(str(u) for u in people)
    activity_record(
        candidate=application.candidate,
        application=application,
        actor=actor,
        kind="interview.booked",
        summary=f"{round.name} interview booked for {when_label(start, settings.TIME_ZONE)} with {names}"
        + (" (chosen by the candidate)" if source == Interview.Source.CANDIDATE else ""),
        data={"interview": str(interview.public_id)},
    )
    audit_record(
        actor=actor,
        action="interview.book",
        obj=interview,
        after={"starts_at": start.isoformat(), "panel": [u.email for u in people], "source": source},
    )
    _send_calendar(interview, method="REQUEST", panel=people)
    signals.interview_scheduled.send(sender=Interview, interview=interview, actor=actor)
    return interview


def _lock_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__posting__interview_settings", "round")
        .get(pk=interview.pk)
    )


@transaction.atomic
def interview_reschedule(*, interview: Interview, start: datetime, actor: Any) -> Interview:
    """Move an interview to `start` with the same panel and length. Same UID, SEQUENCE+1,
    new REQUEST to everybody; SlotTaken when the new time is not free any more."""
    locked = _lock_interview(interview)
    if locked.status != Interview.Status.SCHEDULED:
        raise SchedulingError("Only scheduled interviews can be moved.")
    start = start.astimezone(UTC)
    if start <= timezone.now():
        raise SchedulingError("That time has already passed. Please pick another slot.")
    seats = list(locked.panel.filter(active=True).select_related("interviewer").order_by("pk"))
    people = [seat.interviewer for seat in seats]
    length = locked.ends_at - locked.starts_at
    _lock_people(people)
    if not slot_is_free(users=people, start=start, length=length, exclude_interview_id=locked.pk):
        raise _slot_gone_or_never_offered(people, start, length)
    before = {"starts_at": locked.starts_at.isoformat(), "sequence": locked.sequence}
    locked.starts_at, locked.ends_at = start, start + length
    locked.sequence += 1
    locked.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    buffers = _buffers(people)
    for seat in seats:
        seat.busy = _busy(locked.starts_at, locked.ends_at, buffers[seat.interviewer_id])
    _write_seats(lambda: InterviewPanelist.objects.bulk_update(seats, ["busy"]))
    activity_record(
        candidate=locked.application.candidate,
        application=locked.application,
        actor=actor,
        kind="interview.rescheduled",
        summary=f"{locked.title} moved to {when_label(start, settings.TIME_ZONE)}",
        data={"interview": str(locked.public_id)},
    )
    audit_record(
        actor=actor,
        action="interview.reschedule",
        obj=locked,
        before=before,
        after={"starts_at": start.isoformat(), "sequence": locked.sequence},
    )
    _send_calendar(locked, method="REQUEST", panel=people)
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: Any, reason: str = "", tell_candidate: bool = False) -> Interview:
    """Cancel an interview: seats become inactive (the time is free again), SEQUENCE+1,
    METHOD:CANCEL to everybody who was invited. The panel reads the reason; the candidate
    only when `tell_candidate`."""
    locked = _lock_interview(interview)
    if locked.status == Interview.Status.CANCELLED:
        return locked
    people = [
        seat.interviewer for seat in locked.panel.filter(active=True).select_related("interviewer").order_by("pk")
    ]
    locked.status = Interview.Status.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    InterviewPanelist.objects.filter(interview=locked).update(active=False)
    activity_record(
        candidate=locked.application.candidate,
        application=locked.application,
        actor=actor,
        kind="interview.cancelled",
        summary=f"{locked.title} cancelled" + (f": {reason}" if reason else ""),
        data={"interview": str(locked.public_id)},
    )
    audit_record(
        actor=actor, action="interview.cancel", obj=locked, after={"reason": reason, "sequence": locked.sequence}
    )
    if people:
        _send_calendar(locked, method="CANCEL", panel=people, reason=reason, tell_candidate=tell_candidate)
    signals.interview_cancelled.send(sender=Interview, interview=locked, actor=actor)
    return locked

"""Writes on interviews: availability, plans, booking (atomic, double booking refused by
PostgreSQL), reschedule/cancel with iCalendar e-mails, self-scheduling links, scorecards
and decisions. Views and tasks call these; they never repeat them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from email.utils import parseaddr
from typing import Any

import psycopg
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews.ics import build_invite
from recruiting.interviews.models import (
    DEFAULT_CRITERIA,
    DEFAULT_TIME_ZONE,
    AvailabilityWindow,
    Interview,
    InterviewerSettings,
    InterviewPanelist,
    InterviewRound,
    SchedulingLink,
    Scorecard,
    ScorecardCriterion,
    ScorecardRating,
    ScorecardRevision,
    TimeOff,
    default_buffer_minutes,
)
from recruiting.interviews.scheduling import is_valid_zone, slot_is_free, slot_was_offerable, zone
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.models import Application, RejectionReason, Stage, StageKind
from recruiting.pipelines.services import activity_record, application_set_rating

LINK_SALT = "recruiting.interviews.scheduling-link"
DEFAULT_LINK_VALIDITY = timedelta(days=7)


class SchedulingError(Exception):
    """A booking request that cannot be honoured; the message is for the person."""


class SlotTaken(SchedulingError):
    def __init__(self, message: str = "That slot was just taken. Please pick one of the fresh proposals below."):
        super().__init__(message)


class SlotNotOffered(SchedulingError):
    """A time nobody offered (a weekend, the year 9999, off the 15-minute grid), as
    opposed to SlotTaken: a time that was offered and has gone since."""

    def __init__(self, message: str = "That time is not one of the offered slots. Please pick one of the times below."):
        super().__init__(message)


class InvalidPanel(SchedulingError):
    pass


class LinkError(Exception):
    """A self-scheduling link that cannot be used; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


class ScorecardIncomplete(Exception):
    pass


class ScorecardTooEarly(ScorecardIncomplete):
    """A scorecard submitted before its interview started (drafts are fine)."""


class AvailabilityRefused(ValueError):
    """A window, time off or setting the rules refuse (forms catch these first)."""


class PlanRefused(ValueError):
    """A change to an interview plan (rounds, criteria) the rules refuse."""


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Availability ----------------------------------------------------------------------
def interviewer_settings_get(user: User) -> InterviewerSettings:
    """The user's cap and buffer; an unsaved row with the defaults when they never set them."""
    return InterviewerSettings.objects.filter(user=user).first() or InterviewerSettings(user=user)


@transaction.atomic
def interviewer_settings_update(
    *, user: User, time_zone: str, daily_cap: int, buffer_minutes: int, weekly_cap: int | None = None
) -> InterviewerSettings:
    """Set the interviewer's time zone (kept on the user), daily and weekly caps and buffer."""
    if not is_valid_zone(time_zone):
        raise AvailabilityRefused(f"Unknown time zone {time_zone!r}")
    prefs, _ = InterviewerSettings.objects.get_or_create(user=user)
    prefs.daily_cap = daily_cap
    prefs.weekly_cap = weekly_cap
    prefs.buffer_minutes = buffer_minutes
    prefs.save(update_fields=["daily_cap", "weekly_cap", "buffer_minutes"])
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    return prefs


@transaction.atomic
def availability_window_save(
    *, interviewer: User, weekday: int, start: time, end: time, window: AvailabilityWindow | None = None
) -> AvailabilityWindow:
    """Add (or change) a weekly window. Weekends and empty windows are refused."""
    if not 0 <= weekday <= 4:
        raise AvailabilityRefused("Interviews happen Monday to Friday only.")
    if end <= start:
        raise AvailabilityRefused("A window must end after it starts.")
    if window is None:
        return AvailabilityWindow.objects.create(interviewer=interviewer, weekday=weekday, start=start, end=end)
    window.weekday, window.start, window.end = weekday, start, end
    window.save(update_fields=["weekday", "start", "end", "updated_at"])
    return window


@transaction.atomic
def availability_window_delete(*, window: AvailabilityWindow) -> None:
    window.delete()


@transaction.atomic
def time_off_add(*, interviewer: User, starts_at: datetime, ends_at: datetime, reason: str = "") -> TimeOff:
    """Block a dated period ([starts_at, ends_at), aware datetimes)."""
    if ends_at <= starts_at:
        raise AvailabilityRefused("Time off must end after it starts.")
    return TimeOff.objects.create(interviewer=interviewer, starts_at=starts_at, ends_at=ends_at, reason=reason[:120])


@transaction.atomic
def time_off_delete(*, time_off: TimeOff) -> None:
    time_off.delete()


# --- Interview plans ---------------------------------------------------------------------
def default_criteria_for(posting) -> list[str]:
    """The posting's evaluation focus when it has one, else the house list."""
    focus = [str(item).strip()[:120] for item in (posting.evaluation_focus or []) if str(item).strip()]
    return focus or list(DEFAULT_CRITERIA)


@transaction.atomic
def round_create(
    *, posting, actor: Any, pool: Sequence[User] = (), shadows: Sequence[User] = (), **fields: Any
) -> InterviewRound:
    """Add a round to the posting's plan, with the default scorecard criteria."""
    if fields.get("stage") is not None and fields["stage"].posting_id != posting.pk:
        raise PlanRefused("That stage belongs to another posting.")
    order = fields.pop("order", None)
    if order is None:
        order = InterviewRound.objects.filter(posting=posting).count()
    interview_round = InterviewRound.objects.create(posting=posting, order=order, **fields)
    interview_round.pool.set(pool)
    interview_round.shadows.set(shadows)
    ScorecardCriterion.objects.bulk_create(
        ScorecardCriterion(round=interview_round, name=name, order=index)
        for index, name in enumerate(default_criteria_for(posting))
    )
    audit_record(
        actor=actor, action="interview_round.create", obj=interview_round, after={"posting": str(posting.public_id)}
    )
    return interview_round


@transaction.atomic
def round_update(
    *,
    interview_round: InterviewRound,
    actor: Any,
    pool: Sequence[User] | None = None,
    shadows: Sequence[User] | None = None,
    **fields: Any,
) -> InterviewRound:
    if fields.get("stage") is not None and fields["stage"].posting_id != interview_round.posting_id:
        raise PlanRefused("That stage belongs to another posting.")
    for name, value in fields.items():
        setattr(interview_round, name, value)
    interview_round.save(update_fields=[*fields, "updated_at"])
    if pool is not None:
        interview_round.pool.set(pool)
    if shadows is not None:
        interview_round.shadows.set(shadows)
    audit_record(actor=actor, action="interview_round.update", obj=interview_round)
    return interview_round


@transaction.atomic
def round_delete(*, interview_round: InterviewRound, actor: Any) -> None:
    """Remove a round. Booked interviews keep their data (their round becomes empty)."""
    audit_record(actor=actor, action="interview_round.delete", obj=interview_round)
    interview_round.delete()


@transaction.atomic
def criterion_add(*, interview_round: InterviewRound, name: str, description: str = "") -> ScorecardCriterion:
    name = " ".join(name.split())
    if not name:
        raise PlanRefused("A criterion needs a name.")
    order = ScorecardCriterion.objects.filter(round=interview_round).count()
    return ScorecardCriterion.objects.create(
        round=interview_round, name=name[:120], description=description[:300], order=order
    )


@transaction.atomic
def criterion_update(*, criterion: ScorecardCriterion, name: str, description: str = "") -> ScorecardCriterion:
    name = " ".join(name.split())
    if not name:
        raise PlanRefused("A criterion needs a name.")
    criterion.name, criterion.description = name[:120], description[:300]
    criterion.save(update_fields=["name", "description"])
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: ScorecardCriterion) -> None:
    """Delete a criterion nobody has rated yet; rated ones stay (history)."""
    if ScorecardRating.objects.filter(criterion=criterion, rating__isnull=False).exists():
        raise PlanRefused("Scorecards already rate this criterion; it cannot be deleted.")
    criterion.delete()


# --- Booking -----------------------------------------------------------------------------
def _check_panel(interview_round: InterviewRound, panel: Sequence[User]) -> list[User]:
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


def _when_label(instant: datetime, tz_name: str) -> str:
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
    notification each, keyed by interview, sequence and recipient so a retry sends once."""
    application = interview.application
    candidate = application.candidate
    posting = application.posting
    round_name = interview.round.name if interview.round else interview.title
    attendees = [(str(u), u.email) for u in panel]
    # The candidate at the address given with this application (ADR 6).
    if application.contact_email:
        attendees.append((application.contact_name, application.contact_email))
    organizer_email, organizer_name = _organizer()
    ics = build_invite(
        uid=interview.ical_uid,
        sequence=interview.sequence,
        method=method,  # type: ignore[arg-type]
        summary=f"Interview: {round_name} · {posting.title} · {candidate.full_name}",
        description=f"{round_name} interview for {posting.title}.",
        start=interview.starts_at,
        end=interview.ends_at,
        organizer_email=organizer_email,
        organizer_name=organizer_name,
        attendees=attendees,
        location=interview.location,
        url=interview.meeting_url,
    )
    attachment = ("invite.ics", ics, f"text/calendar; method={method}")
    kind = "interview_invite" if method == "REQUEST" else "interview_cancelled"
    common = {
        "posting_title": posting.title,
        "round_name": round_name,
        "candidate_name": candidate.full_name,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
        "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
        "updated": interview.sequence > 0,
        "reason": reason,
    }
    recipients = [(u.email, str(u), u.time_zone, False) for u in panel]
    if application.contact_email and include_candidate:
        recipients.append((application.contact_email, application.contact_name, interview.candidate_time_zone, True))
    for email, name, tz_name, is_candidate in recipients:
        notification_queue(
            key=f"interview:{interview.public_id}:{interview.sequence}:{method.lower()}:{email.lower()}"[:200],
            kind=kind,
            to=[email],
            context={
                **common,
                "name": name,
                "for_candidate": is_candidate,
                "reason": reason if tell_candidate or not is_candidate else "",
                "when": _when_label(interview.starts_at, tz_name),
                "interview_url": "" if is_candidate else settings.SITE_URL + interview.get_absolute_url(),
            },
            attachments=[attachment],
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
    people = _check_panel(round, panel)
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
        summary=f"{round.name} interview booked for {_when_label(start, settings.TIME_ZONE)} with {names}"
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
    return interview


def _lock_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__posting", "round")
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
        summary=f"{locked.title} moved to {_when_label(start, settings.TIME_ZONE)}",
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
    return locked


# --- Self-scheduling links ----------------------------------------------------------------
def scheduling_link_token(link: SchedulingLink) -> str:
    return signing.dumps(str(link.public_id), salt=LINK_SALT)


def scheduling_link_url(link: SchedulingLink) -> str:
    return settings.SITE_URL + reverse("interviews:self_schedule", args=[scheduling_link_token(link)])


@transaction.atomic
def scheduling_link_create(
    *,
    application: Application,
    round: InterviewRound,  # noqa: A002
    panel: Sequence[User],
    actor: Any,
    valid_for: timedelta = DEFAULT_LINK_VALIDITY,
) -> tuple[SchedulingLink, str]:
    """Create a signed, expiring self-scheduling link for the candidate and e-mail it.
    Returns the link and its token (the URL part)."""
    if round.posting_id != application.posting_id:
        raise SchedulingError("That round belongs to another posting.")
    if application.state != Application.State.ACTIVE:
        raise SchedulingError("This application is no longer active.")
    if not application.contact_email:
        raise SchedulingError("The candidate has no e-mail address to send the link to.")
    people = _check_panel(round, panel)
    link = SchedulingLink.objects.create(
        application=application, round=round, expires_at=timezone.now() + valid_for, created_by=_actor(actor)
    )
    link.panel.set(people)
    token = scheduling_link_token(link)
    url = settings.SITE_URL + reverse("interviews:self_schedule", args=[token])
    notification_queue(
        key=f"scheduling-link:{link.public_id}",
        kind="interview_self_schedule",
        to=[application.contact_email],
        context={
            "name": application.contact_name,
            "posting_title": application.posting.title,
            "round_name": round.name,
            "duration_minutes": round.duration_minutes,
            "url": url,
            "expires": _when_label(link.expires_at, DEFAULT_TIME_ZONE),
        },
        related=link,
    )
    activity_record(
        candidate=application.candidate,
        application=application,
        actor=actor,
        kind="interview.link_sent",
        summary=f"Self-scheduling link for {round.name} sent to the candidate",
    )
    audit_record(actor=actor, action="interview.link_create", obj=link, after={"panel": [u.email for u in people]})
    return link, token


def _link_check(link: SchedulingLink) -> None:
    now = timezone.now()
    if link.revoked_at is not None:
        raise LinkError(410, "This scheduling link has been withdrawn. The recruiting team will contact you.")
    if link.used_at is not None:
        when = _when_label(link.interview.starts_at, link.interview.candidate_time_zone) if link.interview else ""
        raise LinkError(
            410, "This link has already been used to book your interview" + (f" on {when}." if when else ".")
        )
    if link.expires_at <= now:
        raise LinkError(410, "This scheduling link has expired. Please ask the recruiter for a new one.")
    if link.application.state != Application.State.ACTIVE:
        raise LinkError(410, "This application is no longer open for interviews.")


def scheduling_link_resolve(token: str) -> SchedulingLink:
    """The usable link behind `token`, or LinkError with a plain explanation:
    400 tampered, 404 unknown, 410 used/expired/withdrawn."""
    try:
        value = signing.loads(token, salt=LINK_SALT)
        key = uuid.UUID(str(value))
    except (signing.BadSignature, ValueError):
        raise LinkError(
            400, "This link is not valid. Please open the link exactly as it was e-mailed to you."
        ) from None
    link = (
        SchedulingLink.objects.select_related("application__candidate", "application__posting", "round", "interview")
        .prefetch_related("panel")
        .filter(public_id=key)
        .first()
    )
    if link is None:
        raise LinkError(404, "We could not find this scheduling link. Please ask the recruiter for a new one.")
    _link_check(link)
    return link


@transaction.atomic
def scheduling_link_book(*, link: SchedulingLink, start: datetime, candidate_time_zone: str) -> Interview:
    """The candidate picks `start`: the same atomic `interview_book` path, then the link
    is spent. A link used in another tab meanwhile raises LinkError (410)."""
    locked = (
        SchedulingLink.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__posting", "round", "interview")
        .get(pk=link.pk)
    )
    _link_check(locked)
    panel = list(locked.panel.all())
    # A candidate picks from what the page offered; recruiters may book any free time.
    if not slot_was_offerable(users=panel, start=start, length=timedelta(minutes=locked.round.duration_minutes)):
        if start <= timezone.now():
            raise SchedulingError("That time has already passed. Please pick another slot.")
        raise SlotNotOffered()
    interview = interview_book(
        application=locked.application,
        round=locked.round,
        panel=panel,
        start=start,
        actor=None,
        source=Interview.Source.CANDIDATE,
        candidate_time_zone=candidate_time_zone,
    )
    locked.used_at = timezone.now()
    locked.interview = interview
    locked.save(update_fields=["used_at", "interview", "updated_at"])
    return interview


# --- Scorecards ---------------------------------------------------------------------------
RECOMMENDATION_POINTS = {
    Scorecard.Recommendation.STRONG_NO: 1,
    Scorecard.Recommendation.NO: 2,
    Scorecard.Recommendation.YES: 3,
    Scorecard.Recommendation.STRONG_YES: 4,
}


def scorecard_score(card: Scorecard) -> Decimal | None:
    """One scorecard's score on the 1–4 scale: the mean of its criterion ratings, or its
    recommendation (strong no 1 … strong yes 4) when it rates no criterion."""
    rated = [r.rating for r in card.ratings.all() if r.rating]
    if rated:
        return Decimal(sum(rated)) / Decimal(len(rated))
    points = RECOMMENDATION_POINTS.get(card.recommendation)
    return Decimal(points) if points else None


def application_rating_average(application: Application) -> Decimal | None:
    """The application's average rating: the mean of the scores of its submitted
    scorecards (each scorecard counts once, whatever its number of criteria), on 1–4,
    two decimals. Scorecards of cancelled interviews and of shadows do not count."""
    shadow = InterviewPanelist.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("interviewer"), shadow=True
    )
    cards = (
        Scorecard.objects.filter(interview__application=application, status=Scorecard.Status.SUBMITTED)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(Exists(shadow))
        .prefetch_related("ratings")
    )
    scores = [score for card in cards if (score := scorecard_score(card)) is not None]
    if not scores:
        return None
    return (sum(scores) / Decimal(len(scores))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _snapshot(card: Scorecard) -> dict:
    return {
        "recommendation": card.recommendation,
        "notes": card.notes,
        "submitted_at": card.submitted_at.isoformat() if card.submitted_at else None,
        "ratings": [
            {"criterion": r.criterion.name, "rating": r.rating, "evidence": r.evidence}
            for r in card.ratings.select_related("criterion").order_by("criterion__order", "criterion_id")
        ],
    }


@transaction.atomic
def scorecard_save(
    *,
    interview: Interview,
    interviewer: User,
    recommendation: str,
    notes: str,
    ratings: Mapping[int, tuple[int | None, str]],
    submit: bool,
) -> Scorecard:
    """Save the interviewer's scorecard as a draft, or submit it.

    Submitting needs the interview to have started, a recommendation and a rating for
    every criterion; the card then locks. Saving a submitted card again is an edit after
    submission: the previous content is kept as a ScorecardRevision, the version rises
    and the card is marked.
    Every submit or edit refreshes the application's average rating.
    """
    if submit and interview.starts_at > timezone.now():
        raise ScorecardTooEarly("The interview has not started yet: save a draft now and submit it afterwards.")
    criteria = list(interview.round.criteria.all()) if interview.round else []
    card, _ = Scorecard.objects.select_for_update().get_or_create(interview=interview, interviewer=interviewer)
    was_submitted = card.is_submitted
    if recommendation and recommendation not in Scorecard.Recommendation.values:
        raise ScorecardIncomplete("Choose a recommendation from the list.")
    for rating, _evidence in ratings.values():
        if rating is not None and not 1 <= rating <= 4:
            raise ScorecardIncomplete("Ratings go from 1 to 4.")
    if was_submitted or submit:
        missing = [c.name for c in criteria if ratings.get(c.pk, (None, ""))[0] is None]
        if missing or not recommendation:
            parts = []
            if missing:
                parts.append("rate " + ", ".join(missing))
            if not recommendation:
                parts.append("choose an overall recommendation")
            raise ScorecardIncomplete("To submit, " + " and ".join(parts) + ".")
    now = timezone.now()
    if was_submitted:
        ScorecardRevision.objects.create(
            scorecard=card, version=card.version, edited_by=interviewer, edited_at=now, previous=_snapshot(card)
        )
        card.version += 1
        card.edited_after_submission = True
    elif submit:
        card.status = Scorecard.Status.SUBMITTED
        card.submitted_at = now
        card.version = 1
    card.recommendation = recommendation
    card.notes = notes
    card.save(
        update_fields=[
            "status",
            "submitted_at",
            "version",
            "edited_after_submission",
            "recommendation",
            "notes",
            "updated_at",
        ]
    )
    existing = {r.criterion_id: r for r in card.ratings.all()}
    create, update = [], []
    for criterion in criteria:
        rating, evidence = ratings.get(criterion.pk, (None, ""))
        row = existing.get(criterion.pk)
        if row is None:
            create.append(ScorecardRating(scorecard=card, criterion=criterion, rating=rating, evidence=evidence))
        else:
            row.rating, row.evidence = rating, evidence
            update.append(row)
    ScorecardRating.objects.bulk_create(create)
    ScorecardRating.objects.bulk_update(update, ["rating", "evidence"])
    if card.is_submitted:
        application = interview.application
        application_set_rating(application=application, average=application_rating_average(application))
        action = "scorecard.edit" if was_submitted else "scorecard.submit"
        # Restricted: other interviewers must not learn the recommendation from the timeline.
        activity_record(
            candidate=application.candidate,
            application=application,
            actor=interviewer,
            kind=action,
            summary=f"Scorecard {'edited after submission' if was_submitted else 'submitted'} by {interviewer} "
            f"({card.get_recommendation_display()})",
            restricted=True,
            data={"interview": str(interview.public_id), "version": card.version},
        )
        audit_record(actor=interviewer, action=action, obj=card, after={"version": card.version})
    return card


# --- Decisions ----------------------------------------------------------------------------
def decision_stages(application: Application) -> dict[str, Stage | None]:
    """The stages the decision page offers: the next one in order, and the offer stage."""
    stages = list(Stage.objects.filter(posting_id=application.posting_id, retired=False).order_by("order", "id"))
    current = application.stage
    later = [s for s in stages if s.order > current.order]
    offer = next((s for s in stages if s.kind == StageKind.OFFER), None)
    return {"next": later[0] if later else None, "offer": offer if offer and offer.pk != current.pk else None}


def application_decide(
    *,
    application: Application,
    actor: Any,
    decision: str,
    expected_version: int,
    reason: RejectionReason | None = None,
    note: str = "",
    send_email: bool = False,
) -> Application:
    """Act on the interviews' outcome: "advance" to the next stage, "offer" (move to the
    offer stage) or "reject" with a reason — through the pipeline's own services, which
    lock the application, check its version and write history and audit rows."""
    from recruiting.pipelines import moves

    stages = decision_stages(application)
    if decision in ("advance", "offer"):
        to_stage = stages["next" if decision == "advance" else "offer"]
        if to_stage is None:
            raise moves.MoveRefused("There is no stage to move to.")
        return moves.application_move(
            application=application,
            to_stage=to_stage,
            actor=actor,
            expected_version=expected_version,
            reason=note or "Decision after interviews",
        )
    if decision == "reject":
        if reason is None:
            raise moves.MoveRefused("Choose a reason for the rejection.")
        return moves.application_reject(
            application=application,
            reason=reason,
            note=note,
            actor=actor,
            send_email=send_email,
            expected_version=expected_version,
        )
    raise moves.MoveRefused(f"Unknown decision {decision!r}")

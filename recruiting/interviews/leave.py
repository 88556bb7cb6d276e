"""When time off or a company holiday hits booked interviews.

Before saving, the interviewer sees which interviews the period hits (`hits_for_period`),
and the admin which interviews a company holiday or time off hits (`hits_for_holiday`,
the admin's confirmation page, `admin.HitsPreviewAdmin`).
On save each hit interview gets a `RescheduleProposal`: the interview's own time with a
substitute from the round's pool, then the earliest times with the same panel, then with
a substitute; the recruiter gets one e-mail and a dashboard item. Accepting re-books the
interview atomically (`interview_rebook`: same UID, SEQUENCE+1, the exclusion constraint
decides), or, when the candidate had chosen the time, sends them a link that offers only
the proposed times and moves the same interview.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews import services
from recruiting.interviews.models import (
    DEFAULT_TIME_ZONE,
    CompanyHoliday,
    Interview,
    InterviewPanelist,
    RescheduleProposal,
    SchedulingLink,
    TimeOff,
)
from recruiting.interviews.pools import loads
from recruiting.interviews.scheduling import propose_slots, slot_is_free, zone
from recruiting.interviews.services import booking, common, links
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.services import activity_record

SAME_PANEL_OPTIONS = 3
SUBSTITUTES = 3


class ProposalClosed(services.SchedulingError):
    """The proposal was decided already (in another tab, by someone else)."""


def _scheduled():
    return (
        Interview.objects.filter(status=Interview.Status.SCHEDULED, starts_at__gt=timezone.now())
        .select_related("application__candidate", "application__posting__interview_settings", "round", "created_by")
        .prefetch_related("panel__interviewer")
        .order_by("starts_at")
    )


def hits_for_period(interviewer: User, starts_at: datetime, ends_at: datetime) -> list[Interview]:
    """Scheduled, future interviews on which `interviewer` holds an active seat that
    overlap [starts_at, ends_at)."""
    return list(
        _scheduled().filter(
            panel__interviewer=interviewer, panel__active=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
    )


def hits_for_holiday(day: date) -> list[Interview]:
    """Scheduled, future interviews that fall on `day` on some panelist's local calendar."""
    near = _scheduled().filter(
        starts_at__gte=datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=UTC),
        starts_at__lt=datetime.combine(day + timedelta(days=2), datetime.min.time(), tzinfo=UTC),
    )
    return [
        interview
        for interview in near
        if any(
            seat.active and interview.starts_at.astimezone(zone(seat.interviewer.time_zone)).date() == day
            for seat in interview.panel.all()
        )
    ]


def _option(start: datetime, panel: Sequence[User], substitute: User | None = None) -> dict:
    return {"start": start.isoformat(), "panel": [u.pk for u in panel], "substitute": str(substitute or "")}


def _options(interview: Interview, absent: User | None) -> list[dict]:
    """Same time with a substitute, the earliest times with the same panel, the earliest
    with a substitute (the least loaded of the round's pool first)."""
    seats = [s for s in interview.panel.all() if s.active and not s.shadow]
    panel = [s.interviewer for s in seats]
    length = interview.ends_at - interview.starts_at
    options = [
        _option(slot.start, panel)
        for slot in propose_slots(
            users=panel, length=length, exclude_interview_id=interview.pk, limit=SAME_PANEL_OPTIONS
        )
    ]
    if absent is None or absent not in panel or interview.round is None:
        return options
    others = [u for u in panel if u.pk != absent.pk]
    on_panel = {u.pk for u in panel}
    pool = [u for u in interview.round.pool.filter(is_active=True).exclude(role="") if u.pk not in on_panel]
    load = loads(pool)
    pool.sort(key=lambda u: (load[u.pk].interviews, u.pk))
    substitutes: list[dict] = []
    for substitute in pool[:SUBSTITUTES]:
        team = [*others, substitute]
        if slot_is_free(users=team, start=interview.starts_at, length=length, exclude_interview_id=interview.pk):
            substitutes.insert(0, _option(interview.starts_at, team, substitute))
            continue
        found = propose_slots(users=team, length=length, exclude_interview_id=interview.pk, limit=1)
        if found:
            substitutes.append(_option(found[0].start, team, substitute))
    return substitutes[:1] + options + substitutes[1:]


def _recipient(interview: Interview) -> User | None:
    """Who decides: the person who booked it when they still manage it, else the
    posting's first recruiter, else its hiring manager."""
    booker = interview.created_by
    if booker is not None and booker.is_active and booker.has_role("recruiter", "hiring_manager"):
        return booker
    posting = interview.application.posting
    return posting.recruiters.filter(is_active=True).order_by("pk").first() or posting.hiring_manager


def _propose(interviews: Sequence[Interview], *, absent: User | None, cause: str) -> list[RescheduleProposal]:
    proposals = []
    for interview in interviews:
        RescheduleProposal.objects.filter(interview=interview, status=RescheduleProposal.Status.OPEN).update(
            status=RescheduleProposal.Status.DISMISSED, decided_at=timezone.now()
        )
        proposals.append(
            RescheduleProposal.objects.create(
                interview=interview, absent=absent, cause=cause[:200], options=_options(interview, absent)
            )
        )
    by_recipient: dict[int, list[RescheduleProposal]] = defaultdict(list)
    people: dict[int, User] = {}
    for proposal in proposals:
        person = _recipient(proposal.interview)
        if person is not None:
            people[person.pk] = person
            by_recipient[person.pk].append(proposal)
    for pk, items in by_recipient.items():
        person = people[pk]
        notification_queue(
            key=f"reschedule:{items[0].public_id}:{person.email.lower()}"[:200],
            kind="reschedule_proposals",
            to=[person.email],
            context={
                "name": str(person),
                "cause": cause,
                "items": [
                    {
                        "title": p.interview.title,
                        "when": booking.when_label(p.interview.starts_at, person.time_zone or DEFAULT_TIME_ZONE),
                        "options": len(p.options),
                    }
                    for p in items
                ],
                "url": settings.SITE_URL + reverse("dashboard"),
            },
        )
    return proposals


def _period_label(interviewer: User, starts_at: datetime, ends_at: datetime) -> str:
    return f"{interviewer} is away {period_label(starts_at, ends_at, interviewer.time_zone)}"


def period_label(starts_at: datetime, ends_at: datetime, tz_name: str | None) -> str:
    """Time off as it was entered: whole days ("Mon 01 Dec – Wed 03 Dec", the last day
    included) or a part of a day ("Mon 01 Dec, 14:00–17:00"), in the interviewer's zone."""
    tz = zone(tz_name)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    whole = start.time() == end.time() == datetime.min.time()
    if whole:
        last = (end - timedelta(days=1)).date()
        if last == start.date():
            return f"{start:%a %d %b %Y}"
        return f"{start:%a %d %b %Y} – {last:%a %d %b %Y}"
    if start.date() == end.date():
        return f"{start:%a %d %b %Y}, {start:%H:%M}–{end:%H:%M}"
    return f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %Y %H:%M}"


@transaction.atomic
def time_off_add_and_propose(
    *, interviewer: User, starts_at: datetime, ends_at: datetime, reason: str = ""
) -> tuple[TimeOff, list[RescheduleProposal]]:
    """Save the time off, then propose new times for every interview it hits."""
    entry = services.time_off_add(interviewer=interviewer, starts_at=starts_at, ends_at=ends_at, reason=reason)
    hits = hits_for_period(interviewer, starts_at, ends_at)
    cause = _period_label(interviewer, starts_at, ends_at) + (f" ({reason})" if reason else "")
    return entry, _propose(hits, absent=interviewer, cause=cause)


@transaction.atomic
def time_off_change_and_propose(
    *, entry: TimeOff, interviewer: User, starts_at: datetime, ends_at: datetime, reason: str = ""
) -> tuple[TimeOff, list[RescheduleProposal]]:
    """Change a time-off entry (the admin's edit), then propose new times for the
    interviews the new period hits that the old one did not (those had theirs)."""
    locked = TimeOff.objects.select_for_update().select_related("interviewer").get(pk=entry.pk)
    known: set[int] = set()
    if locked.interviewer_id == interviewer.pk:
        known = {i.pk for i in hits_for_period(locked.interviewer, locked.starts_at, locked.ends_at)}
    if ends_at <= starts_at:
        raise services.AvailabilityRefused("Time off must end after it starts.")
    locked.interviewer, locked.starts_at, locked.ends_at, locked.reason = interviewer, starts_at, ends_at, reason[:120]
    locked.save(update_fields=["interviewer", "starts_at", "ends_at", "reason", "updated_at"])
    hits = [i for i in hits_for_period(interviewer, starts_at, ends_at) if i.pk not in known]
    cause = _period_label(interviewer, starts_at, ends_at) + (f" ({reason})" if reason else "")
    return locked, _propose(hits, absent=interviewer, cause=cause)


@transaction.atomic
def company_holiday_add(*, day: date, name: str, actor: Any) -> tuple[CompanyHoliday, list[RescheduleProposal]]:
    """Add a company holiday, then propose new times for the interviews on that day."""
    holiday = CompanyHoliday.objects.create(date=day, name=name[:100])
    audit_record(actor=actor, action="company_holiday.create", obj=holiday, after={"date": day.isoformat()})
    return holiday, _propose(hits_for_holiday(day), absent=None, cause=f"Company holiday {day:%a %d %b %Y}: {name}")


@transaction.atomic
def company_holiday_change(
    *, holiday: CompanyHoliday, day: date, name: str, actor: Any
) -> tuple[CompanyHoliday, list[RescheduleProposal]]:
    """Rename or move a company holiday; moved onto another day, the interviews on the new
    day get new times as for a new holiday (the old day's interviews simply stand)."""
    locked = CompanyHoliday.objects.select_for_update().get(pk=holiday.pk)
    before = {"date": locked.date.isoformat(), "name": locked.name}
    moved = locked.date != day
    locked.date, locked.name = day, name[:100]
    locked.save(update_fields=["date", "name"])
    audit_record(
        actor=actor,
        action="company_holiday.change",
        obj=locked,
        before=before,
        after={"date": day.isoformat(), "name": locked.name},
    )
    if not moved:
        return locked, []
    return locked, _propose(hits_for_holiday(day), absent=None, cause=f"Company holiday {day:%a %d %b %Y}: {name}")


def open_proposals_for(user) -> list[RescheduleProposal]:
    """Open proposals on the applications `user` manages (dashboard)."""
    from recruiting.pipelines.models import Application

    return list(
        RescheduleProposal.objects.filter(
            status=RescheduleProposal.Status.OPEN,
            interview__status=Interview.Status.SCHEDULED,
            interview__application__in=Application.objects.visible_to(user).values("pk"),
        )
        .select_related("interview__application__candidate", "interview__round", "absent")
        .order_by("interview__starts_at")[:20]
    )


def _lock_open(proposal: RescheduleProposal) -> RescheduleProposal:
    locked = (
        RescheduleProposal.objects.select_for_update(of=("self",))
        .select_related("interview__application__candidate", "interview__application__posting", "interview__round")
        .get(pk=proposal.pk)
    )
    if locked.status != RescheduleProposal.Status.OPEN:
        raise ProposalClosed(f"This proposal is already {locked.get_status_display().lower()}.")
    return locked


def _close(proposal: RescheduleProposal, status: str, actor: Any) -> None:
    proposal.status = status
    proposal.decided_by = common.actor_or_none(actor)
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def interview_rebook(*, interview: Interview, start: datetime, panel: Sequence[User], actor: Any) -> Interview:
    """Move `interview` to `start` with `panel` (a substitute replaces who is away):
    seats kept, added or dropped in one transaction, the exclusion constraint the final
    word (SlotTaken). Same UID, SEQUENCE+1: the updated invitation to the panel and the
    candidate, a cancellation to whoever left the panel. Shadows stay if still free."""
    locked = booking._lock_interview(interview)
    if locked.status != Interview.Status.SCHEDULED:
        raise services.SchedulingError("Only scheduled interviews can be moved.")
    start = start.astimezone(UTC)
    if start <= timezone.now():
        raise services.SchedulingError("That time has already passed. Please pick another slot.")
    if locked.round is not None:
        booking.check_panel(locked.round, panel)
    seats = {s.interviewer_id: s for s in locked.panel.select_related("interviewer").order_by("pk")}
    shadows = [s.interviewer for s in seats.values() if s.active and s.shadow]
    people = [*dict.fromkeys(panel), *[u for u in shadows if u not in panel]]
    length = locked.ends_at - locked.starts_at
    booking._lock_people(people)
    if not slot_is_free(users=people, start=start, length=length, exclude_interview_id=locked.pk):
        raise booking._slot_gone_or_never_offered(people, start, length)
    keep = {u.pk for u in people}
    left = [s.interviewer for s in seats.values() if s.active and s.interviewer_id not in keep]
    buffers = booking._buffers(people)
    before = {"starts_at": locked.starts_at.isoformat(), "panel": [s.interviewer.email for s in seats.values()]}
    locked.starts_at, locked.ends_at = start, start + length
    locked.sequence += 1
    locked.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])

    def write() -> None:
        InterviewPanelist.objects.filter(interview=locked, interviewer__in=left).update(active=False)
        for person in people:
            busy = booking._busy(locked.starts_at, locked.ends_at, buffers[person.pk])
            seat = seats.get(person.pk)
            if seat is None:
                InterviewPanelist.objects.create(interview=locked, interviewer=person, busy=busy)
            else:
                seat.busy, seat.active = busy, True
                seat.save(update_fields=["busy", "active"])

    booking._write_seats(write)
    when = booking.when_label(start, settings.TIME_ZONE)
    activity_record(
        candidate=locked.application.candidate,
        application=locked.application,
        actor=actor,
        kind="interview.rescheduled",
        summary=f"{locked.title} moved to {when} with {', '.join(str(u) for u in panel)}",
        data={"interview": str(locked.public_id)},
    )
    audit_record(
        actor=actor,
        action="interview.rebook",
        obj=locked,
        before=before,
        after={"starts_at": start.isoformat(), "panel": [u.email for u in people], "sequence": locked.sequence},
    )
    booking._send_calendar(locked, method="REQUEST", panel=people)
    if left:
        booking._send_calendar(locked, method="CANCEL", panel=left, include_candidate=False)
    return locked


@transaction.atomic
def reschedule_proposal_accept(*, proposal: RescheduleProposal, option: int, actor: Any) -> Interview:
    """Re-book the interview at the chosen option (one click on the dashboard)."""
    locked = _lock_open(proposal)
    if not 0 <= option < len(locked.options):
        raise services.SchedulingError("Choose one of the proposed times.")
    chosen = locked.options[option]
    by_pk = User.objects.in_bulk(chosen["panel"])
    panel = [by_pk[pk] for pk in chosen["panel"] if pk in by_pk]
    interview = interview_rebook(
        interview=locked.interview, start=datetime.fromisoformat(chosen["start"]), panel=panel, actor=actor
    )
    _close(locked, RescheduleProposal.Status.ACCEPTED, actor)
    return interview


@transaction.atomic
def reschedule_proposal_send_link(*, proposal: RescheduleProposal, actor: Any) -> SchedulingLink:
    """The candidate chose the time before: send them a link that offers only the proposed
    times with one panel (the first option's) and moves this interview."""
    locked = _lock_open(proposal)
    interview = locked.interview
    if not locked.options or interview.round is None:
        raise services.SchedulingError("There is no proposed time to offer.")
    panel_ids = locked.options[0]["panel"]
    starts = [datetime.fromisoformat(o["start"]) for o in locked.options if o["panel"] == panel_ids]
    by_pk = User.objects.in_bulk(panel_ids)
    link, _ = services.scheduling_link_create(
        application=interview.application,
        round=interview.round,
        panel=[by_pk[pk] for pk in panel_ids if pk in by_pk],
        actor=actor,
    )
    link.reschedules, link.allowed_starts = interview, starts
    link.save(update_fields=["reschedules", "allowed_starts", "updated_at"])
    _close(locked, RescheduleProposal.Status.LINK_SENT, actor)
    return link


@transaction.atomic
def reschedule_proposal_dismiss(*, proposal: RescheduleProposal, actor: Any) -> None:
    _close(_lock_open(proposal), RescheduleProposal.Status.DISMISSED, actor)


@transaction.atomic
def reschedule_link_book(*, link: SchedulingLink, start: datetime, candidate_time_zone: str) -> Interview:
    """The candidate picks one of the link's proposed times: the interview moves (same
    UID, SEQUENCE+1) and the link is spent."""
    locked = SchedulingLink.objects.select_for_update(of=("self",)).select_related("application").get(pk=link.pk)
    links._link_check(locked)
    if start.astimezone(UTC) not in {s.astimezone(UTC) for s in locked.allowed_starts}:
        raise services.SlotNotOffered()
    interview = interview_rebook(interview=locked.reschedules, start=start, panel=list(locked.panel.all()), actor=None)
    locked.used_at, locked.interview = timezone.now(), interview
    locked.save(update_fields=["used_at", "interview", "updated_at"])
    return interview

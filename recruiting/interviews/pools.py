"""Interviewer pools with fair load: who has done how much, the fair panel for each
proposed slot, and shadows (interviewers in training, whose scorecards carry no weight).

The pure choice lives in `fairness.py`; this module gathers its inputs in a constant
number of queries and holds the shadow service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews import services
from recruiting.interviews.fairness import choose_panels
from recruiting.interviews.models import Interview, InterviewPanelist, InterviewRound
from recruiting.interviews.scheduling import (
    MAX_LOOKAHEAD,
    STEP,
    _horizon,
    load_panel,
    min_notice,
    slot_is_free,
    zone,
)
from recruiting.interviews.services import booking
from recruiting.interviews.slots import Slot
from recruiting.pipelines.services import activity_record

LOAD_WINDOW = timedelta(weeks=4)


@dataclass(frozen=True)
class Load:
    """One pool member's load: interviews sat (last four weeks and booked ahead), shadowings
    counted apart, and this week's interviews against the weekly cap."""

    user: User
    interviews: int
    shadowed: int


def pool_members(interview_round: InterviewRound) -> list[User]:
    """The round's pool: active people with a role, in name order (one query)."""
    return list(interview_round.pool.filter(is_active=True).exclude(role="").order_by("full_name", "email", "pk"))


def loads(users: Sequence[User], *, now: datetime | None = None) -> dict[int, Load]:
    """Interviews per person since four weeks ago (booked ahead included), shadowings
    counted separately. One query."""
    now = now or timezone.now()
    # By the seat's own range (the interview widened by a buffer), so the exclusion
    # constraint's GiST index on (interviewer, busy) answers it without a join.
    rows = (
        InterviewPanelist.objects.filter(
            interviewer__in=[u.pk for u in users],
            active=True,
            busy__overlap=(now - LOAD_WINDOW, None),
        )
        .values("interviewer_id")
        .annotate(sat=Count("pk", filter=Q(shadow=False)), shadowed=Count("pk", filter=Q(shadow=True)))
    )
    counts = {row["interviewer_id"]: row for row in rows}
    return {u.pk: Load(u, counts.get(u.pk, {}).get("sat", 0), counts.get(u.pk, {}).get("shadowed", 0)) for u in users}


@dataclass(frozen=True)
class FairSlot:
    slot: Slot
    panel: list[User]


@dataclass(frozen=True)
class FairPage:
    slots: list[FairSlot]
    later: datetime | None
    loads: dict[int, Load]


def propose_fair_panels(
    *,
    interview_round: InterviewRound,
    now: datetime | None = None,
    after: datetime | None = None,
    limit: int = 20,
    working_days: int = 10,
) -> FairPage:
    """The earliest slots at which enough of the round's pool is free, each with the
    fairest panel (`fairness.choose_panels`). Seven queries whatever the pool size or the
    number of booked interviews: pool, holidays, the four of `load_panel`, the loads."""
    members = pool_members(interview_round)
    now = now or timezone.now()
    if not members:
        return FairPage([], None, {})
    earliest = now + min_notice()
    start_from = now
    if after is not None and after > now:
        start_from = min(after, now + MAX_LOOKAHEAD)
        earliest = max(earliest, start_from + timedelta(minutes=1))
    day_tz = zone(members[0].time_zone)
    hol, until = _horizon(start_from, day_tz, working_days)
    availability = load_panel(members, since=start_from - timedelta(days=1), until=until)
    load = loads(members, now=now)
    chosen = choose_panels(
        availability,
        needed=interview_round.interviewers_needed,
        load={str(pk): entry.interviews for pk, entry in load.items()},
        length=timedelta(minutes=interview_round.duration_minutes),
        now=start_from,
        not_before=earliest,
        working_days=working_days,
        holidays=hol,
        step=STEP,
        limit=limit,
        tz_for_days=day_tz,
    )
    by_key = {str(u.pk): u for u in members}
    slots = [FairSlot(item.slot, [by_key[key] for key in item.panel]) for item in chosen]
    later = slots[-1].slot.start if len(slots) >= limit else until - timedelta(days=1)
    return FairPage(slots, later if later < now + MAX_LOOKAHEAD else None, load)


@transaction.atomic
def interview_add_shadow(*, interview: Interview, shadow: User, actor: Any) -> Interview:
    """Add an interviewer in training to a scheduled interview as a shadow: they must be
    among the round's shadows and free then (the same rules and the same exclusion
    constraint as any seat). SEQUENCE+1 and the updated invitation to everybody."""
    locked = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__posting", "round")
        .get(pk=interview.pk)
    )
    if locked.status != Interview.Status.SCHEDULED or locked.starts_at <= timezone.now():
        raise services.SchedulingError("Shadows join scheduled interviews that have not started.")
    if locked.round is None or not locked.round.shadows.filter(pk=shadow.pk).exists():
        raise services.InvalidPanel("Only the round's interviewers in training can shadow it.")
    seats = list(locked.panel.filter(active=True).select_related("interviewer").order_by("pk"))
    if any(seat.interviewer_id == shadow.pk for seat in seats):
        raise services.InvalidPanel(f"{shadow} is already on this interview.")
    booking._lock_people([shadow])
    length = locked.ends_at - locked.starts_at
    if not slot_is_free(users=[shadow], start=locked.starts_at.astimezone(UTC), length=length):
        raise services.SchedulingError(f"{shadow} is not free then (time off, another interview or a cap).")
    buffer = booking._buffers([shadow])[shadow.pk]
    seat = InterviewPanelist(
        interview=locked, interviewer=shadow, shadow=True, busy=booking._busy(locked.starts_at, locked.ends_at, buffer)
    )
    booking._write_seats(seat.save)
    locked.sequence += 1
    locked.save(update_fields=["sequence", "updated_at"])
    activity_record(
        candidate=locked.application.candidate,
        application=locked.application,
        actor=actor,
        kind="interview.shadow_added",
        summary=f"{shadow} shadows {locked.title}",
        data={"interview": str(locked.public_id)},
    )
    audit_record(actor=actor, action="interview.add_shadow", obj=locked, after={"shadow": shadow.email})
    booking._send_calendar(locked, method="REQUEST", panel=[s.interviewer for s in seats] + [shadow])
    return locked


def shadow_seats(application) -> set[tuple[int, int]]:
    """(interview id, interviewer id) of the shadow seats on `application` (one query)."""
    return set(
        InterviewPanelist.objects.filter(interview__application=application, shadow=True).values_list(
            "interview_id", "interviewer_id"
        )
    )

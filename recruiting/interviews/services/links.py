"""Self-scheduling links: a candidate books one of the offered slots."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews.models import (
    DEFAULT_TIME_ZONE,
    Interview,
    InterviewRound,
    SchedulingLink,
)
from recruiting.interviews.scheduling import slot_was_offerable
from recruiting.interviews.services.booking import check_panel as _check_panel
from recruiting.interviews.services.booking import interview_book
from recruiting.interviews.services.booking import when_label as _when_label
from recruiting.interviews.services.common import (
    DEFAULT_LINK_VALIDITY,
    LINK_SALT,
    LinkError,
    SchedulingError,
    SlotNotOffered,
)
from recruiting.interviews.services.common import (
    actor_or_none as _actor,
)
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.models import Application
from recruiting.pipelines.services import activity_record


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

"""The lower apps' business signals become webhook deliveries (written in the same
transaction). Payloads carry ids and the facts a receiver needs, never scorecard content;
an erased candidate is announced by public id only."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from recruiting.api.models import WebhookEvent
from recruiting.api.webhooks.services import webhook_enqueue, webhook_enqueue_many
from recruiting.interviews import signals as interview_signals
from recruiting.offers import signals as offer_signals
from recruiting.pipelines import signals as pipeline_signals


def _application(application) -> dict[str, Any]:
    return {
        "id": str(application.public_id),
        "version": application.version,
        "state": application.state,
        "stage": {"id": application.stage_id, "name": application.stage.name},
        "posting": {"id": str(application.posting.public_id), "title": application.posting.title},
        "candidate": {"id": str(application.candidate.public_id), "name": application.candidate.full_name},
        "source": application.source,
    }


def _interview(interview) -> dict[str, Any]:
    return {
        "id": str(interview.public_id),
        "status": interview.status,
        "starts_at": interview.starts_at.isoformat(),
        "ends_at": interview.ends_at.isoformat(),
        "round": interview.round.name if interview.round_id else None,
        "application": {"id": str(interview.application.public_id)},
    }


@receiver(pipeline_signals.application_created, dispatch_uid="api.webhooks.application_created")
def _created(sender, *, application, **kwargs):
    webhook_enqueue(event=WebhookEvent.APPLICATION_CREATED, data={"application": _application(application)})


@receiver(pipeline_signals.applications_created, dispatch_uid="api.webhooks.applications_created")
def _created_many(sender, *, applications, **kwargs):
    """A delivery per application, as if each had been created alone."""
    webhook_enqueue_many(
        event=WebhookEvent.APPLICATION_CREATED,
        data_list=[{"application": _application(application)} for application in applications],
    )


@receiver(pipeline_signals.application_stage_changed, dispatch_uid="api.webhooks.application_stage_changed")
def _moved(sender, *, application, from_stage, **kwargs):
    webhook_enqueue(
        event=WebhookEvent.APPLICATION_STAGE_CHANGED,
        data={
            "application": _application(application),
            "from_stage": {"id": from_stage.pk, "name": from_stage.name},
        },
    )


@receiver(pipeline_signals.application_rejected, dispatch_uid="api.webhooks.application_rejected")
def _rejected(sender, *, application, **kwargs):
    reason = application.rejection_reason.name if application.rejection_reason_id else ""
    webhook_enqueue(
        event=WebhookEvent.APPLICATION_REJECTED,
        data={"application": _application(application), "reason": reason},
    )


@receiver(pipeline_signals.application_hired, dispatch_uid="api.webhooks.application_hired")
def _hired(sender, *, application, **kwargs):
    webhook_enqueue(event=WebhookEvent.APPLICATION_HIRED, data={"application": _application(application)})


@receiver(pipeline_signals.candidate_erased, dispatch_uid="api.webhooks.candidate_erased")
def _erased(sender, *, candidate, **kwargs):
    webhook_enqueue(event=WebhookEvent.CANDIDATE_ERASED, data={"candidate": {"id": str(candidate.public_id)}})


@receiver(interview_signals.interview_scheduled, dispatch_uid="api.webhooks.interview_scheduled")
def _scheduled(sender, *, interview, **kwargs):
    webhook_enqueue(event=WebhookEvent.INTERVIEW_SCHEDULED, data={"interview": _interview(interview)})


@receiver(interview_signals.interview_cancelled, dispatch_uid="api.webhooks.interview_cancelled")
def _cancelled(sender, *, interview, **kwargs):
    webhook_enqueue(event=WebhookEvent.INTERVIEW_CANCELLED, data={"interview": _interview(interview)})


@receiver(interview_signals.scorecard_submitted, dispatch_uid="api.webhooks.scorecard_submitted")
def _scorecard(sender, *, scorecard, interview, **kwargs):
    # That a card came in, and for which interview: no ratings, notes or recommendation.
    webhook_enqueue(
        event=WebhookEvent.SCORECARD_SUBMITTED,
        data={"interview": _interview(interview), "submitted_at": scorecard.submitted_at.isoformat()},
    )


def _offer(offer) -> dict[str, Any]:
    # The answer, not the terms: pay figures stay behind the API's offers:read scope.
    return {
        "id": str(offer.public_id),
        "state": offer.state,
        "answered_at": offer.answered_at.isoformat() if offer.answered_at else None,
    }


@receiver(offer_signals.offer_accepted, dispatch_uid="api.webhooks.offer_accepted")
def _offer_accepted(sender, *, offer, application, **kwargs):
    webhook_enqueue(
        event=WebhookEvent.OFFER_ACCEPTED, data={"offer": _offer(offer), "application": _application(application)}
    )


@receiver(offer_signals.offer_declined, dispatch_uid="api.webhooks.offer_declined")
def _offer_declined(sender, *, offer, application, **kwargs):
    webhook_enqueue(
        event=WebhookEvent.OFFER_DECLINED,
        data={"offer": {**_offer(offer), "reason": offer.decline_reason}, "application": _application(application)},
    )

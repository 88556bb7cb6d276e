"""Decisions after the interviews: advance, offer or reject an application."""

from __future__ import annotations

from typing import Any

from recruiting.pipelines.models import Application, RejectionReason, Stage, StageKind


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

"""Exact query counts of the board's writes, each summed up line by line (Zulip style),
so a change that adds a query has to say where it goes. Beside test_board_queries.py,
which proves the reads cost the same for 10 and 1,000 cards.

Inside a test, the service's transaction shows as SAVEPOINT/RELEASE (in production it is
BEGIN/COMMIT, which the count does not see)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.pipelines.moves import ensure_default_rejection_reasons
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def board(hiring_manager):
    """A posting with two cards in Applied, so every touched column has cards to show."""
    posting = PostingFactory(hiring_manager=hiring_manager)
    stages = {stage.name: stage for stage in posting.stages.all()}
    arjun = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Arjun Rao", email="a@x.test"))
    ApplicationFactory(posting=posting)
    return posting, stages, arjun


def test_an_htmx_move_costs_17_queries(client_for, hiring_manager, board, django_assert_num_queries):
    posting, stages, arjun = board
    client = client_for(hiring_manager)
    data = {
        "application": str(arjun.public_id),
        "version": 1,
        "to_stage": stages["Screen"].pk,
        "from_stage": stages["Applied"].pk,
    }
    # 2   session, user (middleware)
    # +3  posting (board access), application (card access), target stage (MoveForm)
    # +8  application_move: savepoint, lock the application (with candidate, posting,
    #     stage), update it, stage transition, the posting's board counter, timeline
    #     line, audit row, release
    # +1  webhook endpoints that want application.stage_changed (api's receiver; none here)
    # +3  the two touched columns: stages with their first cards and tags (one LATERAL
    #     query), counts, board token (the counter, read again after the move: one row)
    # = 17, whatever the size of the board.
    with django_assert_num_queries(17):
        response = client.post(reverse("pipelines:board_move", args=[posting.public_id]), data, **HTMX)
    assert response.status_code == 200
    assert "Arjun Rao moved to Screen." in response.content.decode()


def test_an_htmx_rejection_with_its_email_costs_22_queries(
    client_for, hiring_manager, board, django_assert_num_queries
):
    posting, _stages, arjun = board
    reason = ensure_default_rejection_reasons()[0]
    client = client_for(hiring_manager)
    data = {"application": str(arjun.public_id), "version": 1, "reason": reason.pk, "note": "", "send_email": "1"}
    # 2   session, user (middleware)
    # +3  posting (board access), active rejection reasons (RejectForm chooses among
    #     them in memory), application (card access)
    # +7  application_reject: savepoint, lock the application, update it, stage
    #     transition, the posting's board counter, timeline line, audit row
    # +1  webhook endpoints that want application.rejected (api's receiver; none here)
    # +5  the delayed e-mail: outbox lookup by idempotency key, savepoint, insert,
    #     release, and its timeline line
    # +1  release
    # +3  the touched column: stages with their first cards and tags (one LATERAL
    #     query), counts, board token
    # = 22
    with django_assert_num_queries(22):
        response = client.post(reverse("pipelines:board_reject", args=[posting.public_id]), data, **HTMX)
    assert response.status_code == 200
    assert "Arjun Rao rejected" in response.content.decode()

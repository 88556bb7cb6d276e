"""The offers report over offers written as the offers app keeps them (it runs once that
app is installed; before, test_figures checks the plain "not available yet")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.http import QueryDict

from recruiting.reports.filters import scope_for
from recruiting.reports.registry import REPORTS
from tests.reports.world import RANGE, at, build_report_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("recruiting.offers"), reason="the offers app is not installed"),
]


def run(user, **params):
    query = QueryDict(mutable=True)
    query.update({**RANGE, **params})
    return REPORTS["offers"].build(scope_for(user, query)[1], user)


def test_offers_are_counted_with_reasons_rate_and_days_to_answer(
    hiring_manager, recruiter, interviewer, outsider_manager
):
    Offer = apps.get_model("offers", "Offer")
    world = build_report_world(hiring_manager, recruiter, interviewer)
    sent = at(12)
    Offer.objects.create(
        application=world.hired, state="accepted", sent_at=sent, sent_revision=1,
        answered_at=sent + timedelta(days=2), signature_name="Asha",
    )  # fmt: skip
    Offer.objects.create(
        application=world.rejected, state="declined", sent_at=sent, sent_revision=1,
        answered_at=sent + timedelta(days=4), decline_reason="compensation",
    )  # fmt: skip
    Offer.objects.create(application=world.waiting, state="sent", sent_at=sent, sent_revision=1)
    Offer.objects.create(application=world.withdrawn, state="ready")  # never sent: not counted
    result = run(recruiter)
    outcomes = dict(result.tables[0].rows)
    assert outcomes["Sent"] == 3 and outcomes["Accepted"] == 1 and outcomes["Declined"] == 1
    assert outcomes["Waiting for an answer"] == 1
    assert "Acceptance rate 50.0%" in result.tables[0].caption and "median 3.0 days" in result.tables[0].caption
    assert result.tables[1].rows == [["Reports Platform Lead", 3, 1, 1, 50.0, 3.0]]
    assert result.tables[2].rows == [["Compensation", 1]]
    assert run(outsider_manager).tables[0].rows[0] == ["Sent", 0]
    assert run(recruiter, date_from="2026-06-20").tables[0].rows[0] == ["Sent", 0]

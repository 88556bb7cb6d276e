"""The exact query count of booking a panel from the schedule page, summed up line by
line (Zulip style). Inside a test the transaction shows as SAVEPOINT/RELEASE."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.interviews.models import Interview
from tests.interviews.factories import first_slot

pytestmark = pytest.mark.django_db


def test_booking_a_panel_of_two_costs_35_queries(
    client_for, recruiter, application, tech_round, panel, django_assert_num_queries
):
    client = client_for(recruiter)
    start = first_slot(panel, tech_round)
    data = {"panel": [person.pk for person in panel], "candidate_time_zone": "Asia/Kolkata", "start": start.isoformat()}
    # 2   session, user (middleware)
    # +2  application (scheduling access), round of its posting
    # +2  BookForm: the panel is in the round's pool, the panel users
    # +1  interview_book: savepoint
    # +2  the round's pool again under the lock, lock the panelists' user rows (daily cap)
    # +5  the re-check of the slot: company holidays, settings (cap, buffer), windows,
    #     time off, booked seats of the panel
    # +2  the interview, the panelists' buffers
    # +3  the seats (one bulk insert in a savepoint: a violated exclusion constraint
    #     becomes SlotTaken)
    # +2  timeline line, audit row
    # +12 an invitation per attendee (the candidate and 2 interviewers), 4 each: outbox
    #     lookup by idempotency key, savepoint, insert, release. The only part that
    #     grows with the panel, one idempotent outbox row per person.
    # +1  webhook endpoints that want interview.scheduled (api's receiver; none here)
    # +1  release
    # = 35
    with django_assert_num_queries(35):
        response = client.post(reverse("interviews:schedule", args=[application.public_id, tech_round.pk]), data)
    interview = Interview.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()

"""Pools with fair load in the database: the automatic panel (fewest interviews first,
never above a cap), the weekly cap held by booking too, shadows (no scorecard weight,
counted apart), and the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruiting.interviews import services
from recruiting.interviews.models import Interview, InterviewerSettings, InterviewPanelist
from recruiting.interviews.pools import interview_add_shadow, loads, propose_fair_panels
from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Application
from tests.factories import ApplicationFactory
from tests.interviews.factories import book, make_interviewer, make_round, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(db):
    return [make_interviewer(email=f"pool{i}@example.com", full_name=f"Pool {i}") for i in range(4)]


@pytest.fixture
def go_round(posting, pool, recruiter):
    return make_round(posting, pool=pool, actor=recruiter, interviewers_needed=2, name="Go backend")


def _queries(call):
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return len(ctx.captured_queries), result


def test_the_fair_panel_skips_who_interviewed_most(posting, go_round, pool, recruiter):
    busy_one = pool[0]
    for _ in range(2):
        book(ApplicationFactory(posting=posting), make_round(posting, pool=[busy_one], actor=recruiter), [busy_one])
    page = propose_fair_panels(interview_round=go_round)
    assert page.slots and all(busy_one not in item.panel for item in page.slots)
    assert page.loads[busy_one.pk].interviews == 2


def test_the_fair_panel_costs_the_same_queries_for_any_pool_or_bookings(posting, go_round, pool, recruiter):
    few, _ = _queries(lambda: propose_fair_panels(interview_round=go_round))
    more = [make_interviewer(email=f"more{i}@example.com") for i in range(6)]
    go_round.pool.add(*more)
    for person in more[:3]:
        book(ApplicationFactory(posting=posting), make_round(posting, pool=[person], actor=recruiter), [person])
    many, page = _queries(lambda: propose_fair_panels(interview_round=go_round))
    assert few == many == 7 and page.slots


def test_nobody_at_the_weekly_cap_is_chosen_or_booked(posting, go_round, pool, recruiter):
    capped = pool[1]
    InterviewerSettings.objects.create(user=capped, daily_cap=3, weekly_cap=1)
    solo = make_round(posting, pool=[capped], actor=recruiter)
    first = book(ApplicationFactory(posting=posting), solo, [capped])
    week = first.starts_at.isocalendar()[:2]
    page = propose_fair_panels(interview_round=go_round, limit=200, working_days=5)
    assert all(capped not in item.panel for item in page.slots if item.slot.start.isocalendar()[:2] == week)
    same_week = first.starts_at + timedelta(hours=3)
    if same_week.isocalendar()[:2] == week:
        with pytest.raises(services.SchedulingError):
            book(ApplicationFactory(posting=posting), solo, [capped], start=same_week)


def test_the_recruiter_books_a_fair_panel_from_the_page(client_for, recruiter, application, go_round):
    url = reverse("interviews:schedule", args=[application.public_id, go_round.pk])
    client = client_for(recruiter)
    body = client.get(url, {"auto": "1", "candidate_time_zone": "Asia/Kolkata"}).content.decode()
    assert 'data-testid="fair-slot"' in body and "0 interviews" in body
    page = propose_fair_panels(interview_round=go_round)
    first = page.slots[0]
    data = {"panel": [u.pk for u in first.panel], "candidate_time_zone": "Asia/Kolkata", "start": first.slot.start}
    assert client.post(url, {**data, "start": first.slot.start.isoformat()}).status_code == 302
    interview = Interview.objects.get()
    assert {s.interviewer_id for s in interview.panel.all()} == {u.pk for u in first.panel}


def test_the_recruiter_can_still_choose_by_hand(client_for, recruiter, application, go_round, pool):
    url = reverse("interviews:schedule", args=[application.public_id, go_round.pk])
    body = client_for(recruiter).get(url, {"panel": [pool[2].pk, pool[3].pk]}).content.decode()
    assert 'data-testid="book-form"' in body and 'data-testid="slot"' in body


class TestShadows:
    @pytest.fixture
    def trainee(self, go_round):
        person = make_interviewer(email="trainee@example.com", full_name="Tara Trainee")
        go_round.shadows.add(person)
        return person

    @pytest.fixture
    def interview(self, application, go_round, pool, recruiter):
        return book(application, go_round, pool[:2], actor=recruiter)

    def test_a_shadow_joins_with_updated_invitations(self, interview, trainee, recruiter):
        interview_add_shadow(interview=interview, shadow=trainee, actor=recruiter)
        interview.refresh_from_db()
        seat = InterviewPanelist.objects.get(interview=interview, interviewer=trainee)
        assert seat.shadow and seat.active and interview.sequence == 1
        updated = Notification.objects.filter(kind="interview_invite", idempotency_key__contains=":1:request:")
        assert {n.to[0] for n in updated} == {
            "trainee@example.com",
            "pool0@example.com",
            "pool1@example.com",
            interview.application.contact_email,
        }

    def test_only_the_rounds_shadows_may_shadow(self, interview, recruiter):
        outsider = make_interviewer(email="not.a.trainee@example.com")
        with pytest.raises(services.InvalidPanel):
            interview_add_shadow(interview=interview, shadow=outsider, actor=recruiter)

    def test_a_shadow_must_be_free(self, interview, trainee, recruiter, posting):
        solo = make_round(posting, pool=[trainee], actor=recruiter)
        book(ApplicationFactory(posting=posting), solo, [trainee], start=interview.starts_at)
        with pytest.raises(services.SchedulingError):
            interview_add_shadow(interview=interview, shadow=trainee, actor=recruiter)

    def test_a_shadows_scorecard_carries_no_weight_and_is_counted_apart(
        self, application, interview, trainee, pool, recruiter
    ):
        interview_add_shadow(interview=interview, shadow=trainee, actor=recruiter)
        submit(interview, pool[0], rating=2, recommendation="no")
        submit(interview, trainee, rating=4, recommendation="strong_yes")
        assert Application.objects.get(pk=application.pk).average_rating == Decimal("2.00")
        counted = loads([trainee, pool[0]])
        assert counted[trainee.pk].interviews == 0 and counted[trainee.pk].shadowed == 1
        assert counted[pool[0].pk].interviews == 1

    def test_the_detail_page_adds_a_shadow(self, client_for, recruiter, interview, trainee):
        client = client_for(recruiter)
        detail = reverse("interviews:detail", args=[interview.public_id])
        assert 'data-testid="shadow-form"' in client.get(detail).content.decode()
        response = client.post(reverse("interviews:add_shadow", args=[interview.public_id]), {"shadow": trainee.pk})
        assert response.status_code == 302
        assert "Tara Trainee (shadow)" in client.get(detail).content.decode()
        page = client_for(trainee).get(reverse("interviews:scorecard", args=[interview.public_id])).content.decode()
        assert 'data-testid="shadow-note"' in page

    def test_a_forged_shadow_is_refused_with_a_message(self, client_for, recruiter, interview):
        outsider = make_interviewer(email="forged@example.com")
        response = client_for(recruiter).post(
            reverse("interviews:add_shadow", args=[interview.public_id]), {"shadow": outsider.pk}, follow=True
        )
        assert response.status_code == 200 and not InterviewPanelist.objects.filter(interviewer=outsider).exists()


def test_the_weekly_cap_is_a_setting(client_for, interviewer):
    response = client_for(interviewer).post(
        "/interviews/availability/settings/",
        {"time_zone": "Asia/Kolkata", "daily_cap": "2", "weekly_cap": "5", "buffer_minutes": "15"},
    )
    assert response.status_code == 302 and interviewer.interview_settings.weekly_cap == 5

"""Issue 14 §4: later slots (paging with constant queries), upcoming interviews by day,
no scorecard before the interview starts, cancelling with confirmation and a reason,
the scorecard page's links to the kit and the CV."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recruiting.interviews import services
from recruiting.interviews.models import AvailabilityWindow, Interview, Scorecard
from recruiting.interviews.scheduling import propose_slot_page, propose_slots, zone
from recruiting.notifications.models import Notification
from recruiting.postings.sample_files import make_pdf
from tests.factories import add_document
from tests.interviews.factories import book, make_interviewer, started

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def interview(application, tech_round, panel, recruiter):
    return book(application, tech_round, panel, actor=recruiter)


def _queries(call):
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return len(ctx.captured_queries), result


class TestLaterSlots:
    def test_the_later_page_starts_after_the_last_slot_shown(self, panel):
        first = propose_slot_page(users=panel, length=HOUR)
        assert len(first.slots) == 20 and first.later == first.slots[-1].start
        later = propose_slot_page(users=panel, length=HOUR, after=first.later)
        assert later.slots and all(s.start > first.slots[-1].start for s in later.slots)

    def test_the_horizon_moves_with_the_pages(self, db):
        # One hour a week: two weeks hold two slots, the later pages reach further weeks.
        sparse = make_interviewer(email="sparse@example.com", windows=False)
        AvailabilityWindow.objects.create(interviewer=sparse, weekday=2, start=time(10), end=time(11))
        first = propose_slot_page(users=[sparse], length=HOUR)
        assert 1 <= len(first.slots) <= 3
        second = propose_slot_page(users=[sparse], length=HOUR, after=first.later)
        third = propose_slot_page(users=[sparse], length=HOUR, after=second.later)
        starts = [s.start for s in first.slots + second.slots + third.slots]
        assert starts == sorted(set(starts)) and len(starts) >= 5
        assert starts[-1] - timezone.now() > timedelta(days=28)

    def test_a_later_page_costs_the_same_queries_as_the_first(self, panel):
        first_count, first = _queries(lambda: propose_slot_page(users=panel, length=HOUR))
        later_count, _ = _queries(lambda: propose_slot_page(users=panel, length=HOUR, after=first.later))
        far_count, _ = _queries(
            lambda: propose_slot_page(users=panel, length=HOUR, after=timezone.now() + timedelta(days=200))
        )
        assert first_count == later_count == far_count == 5

    def test_paging_stops_a_year_ahead(self, panel):
        page = propose_slot_page(users=panel, length=HOUR, after=timezone.now() + timedelta(days=3650))
        assert page.later is None and all(s.start < timezone.now() + timedelta(days=380) for s in page.slots)

    def test_the_schedule_page_links_to_later_slots_with_the_same_panel(
        self, client_for, recruiter, application, tech_round, panel
    ):
        client = client_for(recruiter)
        url = reverse("interviews:schedule", args=[application.public_id, tech_round.pk])
        query = {"panel": [p.pk for p in panel], "candidate_time_zone": "Asia/Kolkata"}
        body = client.get(url, query, headers={"HX-Request": "true"}).content.decode()
        assert 'data-testid="slots-later"' in body and 'data-testid="slots-first"' not in body
        first = propose_slots(users=panel, length=HOUR)
        count_first, _ = _queries(lambda: client.get(url, query, headers={"HX-Request": "true"}))
        later_query = {**query, "after": first[-1].start.isoformat()}
        count_later, response = _queries(lambda: client.get(url, later_query, headers={"HX-Request": "true"}))
        body = response.content.decode()
        assert response.status_code == 200 and 'data-testid="slots-first"' in body
        assert first[-1].start.isoformat() not in body  # the last slot of page one is not repeated
        assert count_later == count_first

    def test_a_later_slot_can_be_booked(self, client_for, recruiter, application, tech_round, panel):
        first = propose_slot_page(users=panel, length=HOUR)
        later = propose_slot_page(users=panel, length=HOUR, after=first.later)
        far = propose_slot_page(users=panel, length=HOUR, after=later.later).slots[0].start
        url = reverse("interviews:schedule", args=[application.public_id, tech_round.pk])
        data = {"panel": [p.pk for p in panel], "candidate_time_zone": "Asia/Kolkata", "start": far.isoformat()}
        assert client_for(recruiter).post(url, data).status_code == 302
        assert Interview.objects.get().starts_at == far

    def test_a_bad_later_cursor_shows_the_first_page(self, client_for, recruiter, interview):
        url = reverse("interviews:reschedule", args=[interview.public_id])
        response = client_for(recruiter).get(url, {"after": "next tuesday"})
        assert response.status_code == 200 and 'data-testid="slot"' in response.content.decode()


def _monday_after(days: int = 3) -> datetime:
    today = timezone.localdate()
    day = today + timedelta(days=days)
    while day.weekday() != 0:
        day += timedelta(days=1)
    return datetime.combine(day, time(11), tzinfo=zone("Asia/Kolkata"))


class TestUpcomingByDay:
    def test_next_weeks_interviews_show_on_the_recruiters_list_grouped_by_day(
        self, client_for, recruiter, application, tech_round, panel
    ):
        monday = _monday_after()
        book(application, tech_round, panel, actor=recruiter, start=monday)
        book(application, tech_round, panel, actor=recruiter, start=monday + timedelta(hours=3))
        book(application, tech_round, panel, actor=recruiter, start=monday + timedelta(days=1))
        body = client_for(recruiter).get(reverse("interviews:home")).content.decode()
        assert body.count('data-testid="day-head"') == 2
        assert f"{monday:%A %d %B}" in body and "No interviews" not in body.split('data-testid="team-upcoming"')[1]
        dashboard = client_for(recruiter).get("/").content.decode()
        assert "Upcoming interviews" in dashboard and f"{monday:%A %d %B}" in dashboard

    def test_the_list_costs_the_same_for_one_or_many_interviews(
        self, client_for, recruiter, application, tech_round, panel
    ):
        client = client_for(recruiter)
        monday = _monday_after()
        book(application, tech_round, panel, actor=recruiter, start=monday)
        one, _ = _queries(lambda: client.get(reverse("interviews:home")))
        for day in range(1, 4):
            book(application, tech_round, panel, actor=recruiter, start=monday + timedelta(days=day))
        many, _ = _queries(lambda: client.get(reverse("interviews:home")))
        assert one == many

    def test_cancelled_interviews_are_not_listed(self, client_for, recruiter, interview):
        services.interview_cancel(interview=interview, actor=recruiter, reason="Filled")
        body = client_for(recruiter).get(reverse("interviews:home")).content.decode()
        assert 'data-testid="day-head"' not in body and "No interviews booked" in body


class TestNoScorecardBeforeTheInterview:
    def test_the_service_refuses_to_submit_early_but_keeps_drafts(self, interview, interviewer):
        with pytest.raises(services.ScorecardTooEarly):
            services.scorecard_save(
                interview=interview, interviewer=interviewer, recommendation="yes", notes="", ratings={}, submit=True
            )
        card = services.scorecard_save(
            interview=interview, interviewer=interviewer, recommendation="yes", notes="prep", ratings={}, submit=False
        )
        assert card.status == Scorecard.Status.DRAFT

    def test_the_page_says_when_it_can_be_submitted_and_refuses_a_forged_submit(
        self, client_for, interview, interviewer
    ):
        client = client_for(interviewer)
        url = reverse("interviews:scorecard", args=[interview.public_id])
        body = client.get(url).content.decode()
        assert 'data-testid="not-started"' in body and 'data-testid="submit-scorecard"' not in body
        data = {"action": "submit", "recommendation": "yes"}
        for c in interview.round.criteria.all():
            data[f"rating_{c.pk}"] = "3"
        response = client.post(url, data)
        assert response.status_code == 400 and "has not started yet" in response.content.decode()
        assert not Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).exists()
        started(interview)
        assert 'data-testid="submit-scorecard"' in client.get(url).content.decode()


class TestCancelling:
    def test_cancelling_asks_first(self, client_for, recruiter, interview):
        detail = client_for(recruiter).get(reverse("interviews:detail", args=[interview.public_id])).content.decode()
        assert 'data-testid="cancel-link"' in detail
        response = client_for(recruiter).get(reverse("interviews:cancel", args=[interview.public_id]))
        assert response.status_code == 200 and "Cancel this interview?" in response.content.decode()
        interview.refresh_from_db()
        assert interview.status == Interview.Status.SCHEDULED

    def test_a_reason_is_required(self, client_for, recruiter, interview):
        response = client_for(recruiter).post(reverse("interviews:cancel", args=[interview.public_id]), {"reason": " "})
        assert response.status_code == 400 and "Say why the interview is cancelled." in response.content.decode()
        interview.refresh_from_db()
        assert interview.status == Interview.Status.SCHEDULED

    @pytest.mark.parametrize("tell", [True, False])
    def test_the_candidate_reads_the_reason_only_when_chosen(self, client_for, recruiter, interview, tell):
        data = {"reason": "The hiring manager is unwell"}
        if tell:
            data["tell_candidate"] = "on"
        response = client_for(recruiter).post(reverse("interviews:cancel", args=[interview.public_id]), data)
        assert response.status_code == 302
        mails = Notification.objects.filter(kind="interview_cancelled")
        candidate_mail = mails.get(to=[interview.application.contact_email])
        panel_mails = mails.exclude(pk=candidate_mail.pk)
        assert panel_mails.count() == 2
        assert all("The hiring manager is unwell" in m.body_text for m in panel_mails)
        assert ("The hiring manager is unwell" in candidate_mail.body_text) is tell

    def test_a_cancelled_interview_is_not_cancelled_twice(self, client_for, recruiter, interview):
        services.interview_cancel(interview=interview, actor=recruiter, reason="Filled")
        response = client_for(recruiter).get(reverse("interviews:cancel", args=[interview.public_id]))
        assert response.status_code == 302


class TestScorecardLinks:
    def test_the_scorecard_page_links_the_kit_and_the_cv(self, client_for, application, interview, interviewer):
        interview.round.instructions = "Start with the URL shortener exercise."
        interview.round.save(update_fields=["instructions"])
        document = add_document(application.candidate, make_pdf("Go and Kafka"), application=application)
        body = client_for(interviewer).get(reverse("interviews:scorecard", args=[interview.public_id])).content.decode()
        assert 'data-testid="kit-link"' in body and "URL shortener exercise" in body
        assert document.get_absolute_url() in body

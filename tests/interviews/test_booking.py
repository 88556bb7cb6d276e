"""Booking: atomic, re-checked, double booking refused by PostgreSQL, invitations as
iCalendar e-mails on book, reschedule and cancel."""

from __future__ import annotations

import base64
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from icalendar import Calendar

from recruiting.interviews import services
from recruiting.interviews.models import CompanyHoliday, Interview, InterviewPanelist, TimeOff
from recruiting.interviews.scheduling import propose_slots, zone
from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Activity
from tests.factories import ApplicationFactory
from tests.interviews.factories import book, first_slot, make_interviewer, make_round


def _calendar(notification: Notification) -> Calendar:
    (attachment,) = notification.attachments
    assert attachment["filename"] == "invite.ics"
    return Calendar.from_ical(base64.b64decode(attachment["content"]))


def _event(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


@pytest.mark.django_db
class TestBooking:
    def test_it_books_the_panel_with_buffered_busy_ranges(self, application, tech_round, panel, recruiter):
        start = first_slot(panel, tech_round)
        interview = services.interview_book(
            application=application, round=tech_round, panel=panel, start=start, actor=recruiter
        )
        seats = list(interview.panel.order_by("interviewer__email"))
        assert len(seats) == 2
        for seat in seats:
            assert seat.active
            assert seat.busy.lower == start - timedelta(minutes=15)
            assert seat.busy.upper == start + timedelta(minutes=75)
        assert interview.ends_at - interview.starts_at == timedelta(minutes=60)
        assert Activity.objects.filter(application=application, kind="interview.booked").exists()

    def test_every_attendee_gets_an_ics_request_with_the_stable_uid(self, application, tech_round, panel, recruiter):
        interview = book(application, tech_round, panel, actor=recruiter)
        mails = list(Notification.objects.filter(kind="interview_invite"))
        assert sorted(m.to[0] for m in mails) == sorted([p.email for p in panel] + [application.candidate.email])
        for mail in mails:
            assert mail.attachments[0]["mimetype"] == "text/calendar; method=REQUEST"
            cal = _calendar(mail)
            assert str(cal["METHOD"]) == "REQUEST"
            event = _event(cal)
            assert str(event["UID"]) == f"interview-{interview.public_id}@recruiting.portal"
            assert int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTART") == interview.starts_at
            attendees = sorted(str(a).removeprefix("mailto:") for a in event.get("ATTENDEE"))
            assert attendees == sorted([p.email for p in panel] + [application.candidate.email])
            assert str(interview.public_id) in mail.idempotency_key

    def test_reschedule_keeps_the_uid_and_raises_the_sequence_then_cancel_says_cancel(
        self, application, tech_round, panel, recruiter
    ):
        interview = book(application, tech_round, panel, actor=recruiter)
        later = propose_slots(users=panel, length=timedelta(hours=1), exclude_interview_id=interview.pk)[-1].start
        services.interview_reschedule(interview=interview, start=later, actor=recruiter)
        services.interview_cancel(interview=interview, actor=recruiter, reason="Position filled")
        interview.refresh_from_db()
        assert interview.sequence == 2 and interview.status == Interview.Status.CANCELLED
        assert not InterviewPanelist.objects.filter(interview=interview, active=True).exists()
        to = panel[0].email
        by_sequence = {}
        for mail in Notification.objects.filter(to=[to]).order_by("created_at"):
            cal = _calendar(mail)
            event = _event(cal)
            by_sequence[int(event["SEQUENCE"])] = (
                str(cal["METHOD"]),
                str(event["UID"]),
                event.decoded("DTSTART"),
                mail,
            )
        assert sorted(by_sequence) == [0, 1, 2]
        assert {uid for _, uid, _, _ in by_sequence.values()} == {interview.ical_uid}
        assert by_sequence[1][0] == "REQUEST" and by_sequence[1][2] == later
        assert by_sequence[2][0] == "CANCEL"
        assert by_sequence[2][3].attachments[0]["mimetype"] == "text/calendar; method=CANCEL"
        assert by_sequence[2][3].kind == "interview_cancelled"

    def test_a_cancelled_interview_frees_the_time_for_a_new_booking(self, application, tech_round, panel, recruiter):
        interview = book(application, tech_round, panel, actor=recruiter)
        services.interview_cancel(interview=interview, actor=recruiter)
        again = book(application, tech_round, panel, actor=recruiter, start=interview.starts_at)
        assert again.starts_at == interview.starts_at

    def test_the_recheck_refuses_a_slot_outside_the_windows(self, application, tech_round, panel, recruiter):
        start = first_slot(panel, tech_round)
        evening = start.astimezone(zone("Asia/Kolkata")).replace(hour=20, minute=0)
        with pytest.raises(services.SlotNotOffered):  # never offered, so not "taken"
            services.interview_book(
                application=application, round=tech_round, panel=panel, start=evening, actor=recruiter
            )

    def test_the_recheck_refuses_a_company_holiday(self, application, tech_round, panel, recruiter):
        start = first_slot(panel, tech_round)
        CompanyHoliday.objects.create(date=start.astimezone(zone("Asia/Kolkata")).date(), name="Founders' day")
        with pytest.raises(services.SlotTaken):
            services.interview_book(
                application=application, round=tech_round, panel=panel, start=start, actor=recruiter
            )

    def test_the_recheck_refuses_time_off(self, application, tech_round, panel, recruiter):
        start = first_slot(panel, tech_round)
        TimeOff.objects.create(
            interviewer=panel[1], starts_at=start - timedelta(hours=1), ends_at=start + timedelta(hours=3)
        )
        with pytest.raises(services.SlotTaken):
            services.interview_book(
                application=application, round=tech_round, panel=panel, start=start, actor=recruiter
            )

    def test_the_recheck_enforces_the_daily_cap(self, posting, recruiter):
        capped = make_interviewer(cap=1, email="cap@example.com")
        one_round = make_round(posting, pool=[capped], interviewers_needed=1)
        first = book(ApplicationFactory(posting=posting), one_round, [capped])
        same_day_later = first.starts_at + timedelta(hours=3)
        with pytest.raises(services.SlotTaken):
            services.interview_book(
                application=ApplicationFactory(posting=posting),
                round=one_round,
                panel=[capped],
                start=same_day_later,
                actor=recruiter,
            )
        proposals = propose_slots(users=[capped], length=timedelta(hours=1))
        tz = zone(capped.time_zone)
        assert all(s.start.astimezone(tz).date() != first.starts_at.astimezone(tz).date() for s in proposals)

    def test_the_panel_must_come_from_the_pool_and_be_big_enough(self, application, tech_round, panel, recruiter):
        outsider = make_interviewer(email="not.in.pool@example.com")
        start = first_slot(panel, tech_round)
        with pytest.raises(services.InvalidPanel):
            services.interview_book(
                application=application, round=tech_round, panel=[panel[0]], start=start, actor=recruiter
            )
        with pytest.raises(services.InvalidPanel):
            services.interview_book(
                application=application, round=tech_round, panel=[panel[0], outsider], start=start, actor=recruiter
            )

    def test_a_past_time_is_refused(self, application, tech_round, panel, recruiter):
        from django.utils import timezone

        with pytest.raises(services.SchedulingError, match="passed"):
            services.interview_book(
                application=application,
                round=tech_round,
                panel=panel,
                start=timezone.now() - timedelta(hours=1),
                actor=recruiter,
            )

    def test_a_round_of_another_posting_is_refused(self, application, panel, recruiter):
        other_round = make_round(ApplicationFactory().posting, pool=panel)
        with pytest.raises(services.SchedulingError):
            services.interview_book(
                application=application,
                round=other_round,
                panel=panel,
                start=first_slot(panel, other_round),
                actor=recruiter,
            )

    def test_proposals_cost_the_same_queries_for_few_and_many_bookings(self, posting, django_assert_num_queries):
        people = [make_interviewer(email=f"q{i}@example.com") for i in range(3)]
        one_round = make_round(posting, pool=people, interviewers_needed=3, duration_minutes=30)
        with django_assert_num_queries(5):
            propose_slots(users=people, length=timedelta(minutes=30))
        for _ in range(6):
            book(ApplicationFactory(posting=posting), one_round, people)
        with django_assert_num_queries(5):
            assert propose_slots(users=people, length=timedelta(minutes=30))


@pytest.mark.django_db(transaction=True)
class TestDoubleBooking:
    def test_the_exclusion_constraint_refuses_an_overlapping_seat(self, posting, monkeypatch):
        person = make_interviewer(email="solo@example.com")
        one_round = make_round(posting, pool=[person], interviewers_needed=1)
        first = book(ApplicationFactory(posting=posting), one_round, [person])
        # Skip the re-check so the database alone has to refuse the overlap.
        monkeypatch.setattr(services.booking, "slot_is_free", lambda **kwargs: True)
        with pytest.raises(services.SlotTaken):
            services.interview_book(
                application=ApplicationFactory(posting=posting),
                round=one_round,
                panel=[person],
                start=first.starts_at + timedelta(minutes=30),
                actor=None,
            )
        assert Interview.objects.count() == 1  # the second booking rolled back completely

    def test_simultaneous_bookings_of_one_slot_book_exactly_one(self, posting):
        person = make_interviewer(email="busy@example.com")
        one_round = make_round(posting, pool=[person], interviewers_needed=1)
        applications = [ApplicationFactory(posting=posting) for _ in range(5)]
        start = first_slot([person], one_round)
        barrier = threading.Barrier(len(applications))
        outcomes: list[str] = []

        def attempt(application):
            try:
                barrier.wait()
                services.interview_book(
                    application=application, round=one_round, panel=[person], start=start, actor=None
                )
                outcomes.append("booked")
            except services.SlotTaken:
                outcomes.append("refused")
            except Exception as exc:  # pragma: no cover - shows up in the assertion
                outcomes.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=attempt, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["booked"] + ["refused"] * 4
        assert InterviewPanelist.objects.filter(interviewer=person, active=True).count() == 1
        connection.close()


def test_holidays_include_company_days(db):
    from recruiting.interviews.scheduling import holidays_for

    CompanyHoliday.objects.create(date=date(2031, 8, 1), name="Offsite")
    days = holidays_for([2031])
    assert date(2031, 8, 1) in days
    assert date(2031, 1, 26) in days  # Republic Day from the public calendar

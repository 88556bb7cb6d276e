"""Time off or a holiday hitting booked interviews: the preview, proposals with the same
panel or a substitute, one e-mail and a dashboard item, one-click re-booking (same UID,
higher SEQUENCE), the limited link for self-scheduled interviews, part-day time off."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse

from recruiting.interviews import leave, services
from recruiting.interviews.models import Interview, RescheduleProposal, SchedulingLink, TimeOff
from recruiting.interviews.scheduling import zone
from recruiting.notifications.models import Notification
from tests.interviews.factories import book, make_interviewer, make_round

pytestmark = pytest.mark.django_db
IST = zone("Asia/Kolkata")


@pytest.fixture
def substitute(db):
    return make_interviewer(email="sunil.sub@example.com", full_name="Sunil Substitute")


@pytest.fixture
def pool_round(posting, panel, substitute, recruiter):
    return make_round(posting, pool=[*panel, substitute], actor=recruiter, interviewers_needed=2, name="Design")


@pytest.fixture
def interview(application, pool_round, panel, recruiter):
    return book(application, pool_round, panel, actor=recruiter)


def _day_of(instant) -> dict:
    local = instant.astimezone(IST).date().isoformat()
    return {"first_day": local, "last_day": local, "reason": "Wedding"}


def test_adding_time_off_over_an_interview_shows_it_before_saving(client_for, interviewer, interview):
    client = client_for(interviewer)
    response = client.post(reverse("interviews:time_off_add"), _day_of(interview.starts_at))
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="time-off-hits"' in body
    assert "Save anyway and propose new times" in body and 'name="confirm" value="True"' in body
    assert not TimeOff.objects.exists() and not RescheduleProposal.objects.exists()


def test_saving_it_proposes_new_times_and_tells_the_recruiter_once(
    client_for, interviewer, recruiter, interview, substitute
):
    client = client_for(interviewer)
    before = Notification.objects.filter(to=[recruiter.email]).count()
    response = client.post(reverse("interviews:time_off_add"), {**_day_of(interview.starts_at), "confirm": "True"})
    assert response.status_code == 302 and TimeOff.objects.count() == 1
    proposal = RescheduleProposal.objects.get(interview=interview)
    assert proposal.status == "open" and proposal.absent == interviewer and "Wedding" in proposal.cause
    # First the same time with the substitute, then later times with the same panel.
    first = proposal.options[0]
    assert datetime.fromisoformat(first["start"]) == interview.starts_at and substitute.pk in first["panel"]
    assert first["substitute"] == "Sunil Substitute" and interviewer.pk not in first["panel"]
    same_panel = [o for o in proposal.options if not o["substitute"]]
    assert same_panel and all(datetime.fromisoformat(o["start"]) > interview.ends_at for o in same_panel)
    mails = Notification.objects.filter(to=[recruiter.email], kind="reschedule_proposals")
    assert mails.count() == 1 and Notification.objects.filter(to=[recruiter.email]).count() == before + 1
    dashboard = client_for(recruiter).get("/").content.decode()
    assert "Interviews to reschedule" in dashboard and dashboard.count('data-testid="proposal-option"') == len(
        proposal.options
    )


def _propose(interviewer, interview):
    local = interview.starts_at.astimezone(IST)
    start = datetime.combine(local.date(), time(0), tzinfo=IST)
    _entry, proposals = leave.time_off_add_and_propose(
        interviewer=interviewer, starts_at=start, ends_at=start + timedelta(days=1), reason="Leave"
    )
    return proposals[0]


def test_one_click_on_the_substitute_keeps_the_time_and_updates_everyone(
    client_for, recruiter, interviewer, second_interviewer, substitute, interview, application
):
    proposal = _propose(interviewer, interview)
    Notification.objects.all().delete()
    response = client_for(recruiter).post(
        reverse("interviews:proposal_decide", args=[proposal.public_id]), {"action": "accept", "option": "0"}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.sequence == 1 and interview.status == "scheduled"
    assert {s.interviewer_id for s in interview.panel.filter(active=True)} == {second_interviewer.pk, substitute.pk}
    invites = {n.to[0] for n in Notification.objects.filter(kind="interview_invite")}
    assert invites == {second_interviewer.email, substitute.email, application.contact_email}
    cancels = [n.to[0] for n in Notification.objects.filter(kind="interview_cancelled")]
    assert cancels == [interviewer.email]
    assert all(f"interview-{interview.public_id}" in n.body_text or n.attachments for n in Notification.objects.all())
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == recruiter


def test_a_same_panel_time_moves_the_interview(recruiter, interviewer, interview):
    proposal = _propose(interviewer, interview)
    index = next(i for i, o in enumerate(proposal.options) if not o["substitute"])
    moved = leave.reschedule_proposal_accept(proposal=proposal, option=index, actor=recruiter)
    assert moved.pk == interview.pk and moved.starts_at == datetime.fromisoformat(proposal.options[index]["start"])
    assert moved.sequence == 1 and interview.panel.filter(active=True).count() == 2


def test_a_time_taken_meanwhile_is_refused_and_the_proposal_stays_open(
    recruiter, interviewer, second_interviewer, interview, posting, application
):
    proposal = _propose(interviewer, interview)
    index = next(i for i, o in enumerate(proposal.options) if not o["substitute"])
    start = datetime.fromisoformat(proposal.options[index]["start"])
    other = make_round(posting, pool=[second_interviewer], actor=recruiter, name="Other")
    book(application, other, [second_interviewer], start=start)
    with pytest.raises(services.SlotTaken):
        leave.reschedule_proposal_accept(proposal=proposal, option=index, actor=recruiter)
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_a_decided_proposal_cannot_be_decided_again(recruiter, interviewer, interview):
    proposal = _propose(interviewer, interview)
    leave.reschedule_proposal_dismiss(proposal=proposal, actor=recruiter)
    with pytest.raises(leave.ProposalClosed):
        leave.reschedule_proposal_accept(proposal=proposal, option=0, actor=recruiter)


def test_a_self_scheduled_interview_gets_a_link_with_only_the_proposed_times(client, recruiter, interviewer, interview):
    Interview.objects.filter(pk=interview.pk).update(source=Interview.Source.CANDIDATE)
    interview.refresh_from_db()
    proposal = _propose(interviewer, interview)
    link = leave.reschedule_proposal_send_link(proposal=proposal, actor=recruiter)
    assert link.reschedules == interview and link.allowed_starts
    token = services.scheduling_link_token(link)
    url = reverse("interviews:self_schedule", args=[token])
    body = client.get(url).content.decode()
    assert body.count('data-testid="slot"') == len(link.allowed_starts)
    offered = min(link.allowed_starts)
    wrong = client.post(url, {"start": (offered + timedelta(minutes=15)).isoformat(), "tz": "Asia/Kolkata"})
    assert wrong.status_code == 400
    assert client.post(url, {"start": offered.isoformat(), "tz": "Asia/Kolkata"}).status_code == 200
    interview.refresh_from_db()
    assert interview.starts_at == offered and interview.sequence == 1
    assert Interview.objects.count() == 1 and SchedulingLink.objects.get(pk=link.pk).used_at


def test_part_day_time_off_is_kept_in_the_interviewers_zone_and_shown_as_entered(client_for, interviewer):
    interviewer.time_zone = "Europe/London"
    interviewer.save(update_fields=["time_zone"])
    client = client_for(interviewer)
    day = (datetime.now(IST) + timedelta(days=20)).date()
    data = {"first_day": day.isoformat(), "last_day": day.isoformat(), "from_time": "14:00", "to_time": "17:00"}
    assert client.post(reverse("interviews:time_off_add"), data).status_code == 302
    entry = TimeOff.objects.get()
    london = zone("Europe/London")
    assert entry.starts_at == datetime.combine(day, time(14), tzinfo=london)
    assert entry.ends_at == datetime.combine(day, time(17), tzinfo=london)
    body = client.get(reverse("interviews:availability")).content.decode()
    assert f"{day:%a %d %b %Y}, 14:00–17:00" in body


def test_whole_days_show_the_last_day_as_entered(client_for, interviewer):
    client = client_for(interviewer)
    first = (datetime.now(IST) + timedelta(days=30)).date()
    last = first + timedelta(days=2)
    client.post(reverse("interviews:time_off_add"), {"first_day": first.isoformat(), "last_day": last.isoformat()})
    body = client.get(reverse("interviews:availability")).content.decode()
    assert f"{first:%a %d %b %Y} – {last:%a %d %b %Y}" in body
    assert f"{last + timedelta(days=1):%a %d %b %Y}" not in body


def test_half_given_hours_are_refused(client_for, interviewer):
    day = (datetime.now(IST) + timedelta(days=20)).date().isoformat()
    response = client_for(interviewer).post(
        reverse("interviews:time_off_add"), {"first_day": day, "last_day": day, "from_time": "14:00"}
    )
    assert response.status_code == 302 and not TimeOff.objects.exists()


def test_a_company_holiday_on_an_interview_day_proposes_new_times(admin_user, interview):
    day = interview.starts_at.astimezone(IST).date()
    _holiday, proposals = leave.company_holiday_add(day=day, name="Founders' day", actor=admin_user)
    assert [p.interview for p in proposals] == [interview]
    assert proposals[0].options and all(
        datetime.fromisoformat(o["start"]).astimezone(IST).date() != day for o in proposals[0].options
    )

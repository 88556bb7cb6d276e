"""The Django admin's company holidays and time off: an entry (new, or changed) on booked
interviews first shows them on a confirmation page; only the confirmed post saves and
proposes new times. Without hits it saves at once; going back saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from recruiting.interviews.models import CompanyHoliday, RescheduleProposal, TimeOff
from recruiting.interviews.scheduling import zone
from recruiting.notifications.models import Notification
from tests.factories import UserFactory
from tests.interviews.factories import book, make_interviewer, make_round

pytestmark = pytest.mark.django_db
IST = zone("Asia/Kolkata")
ADD = "admin:interviews_companyholiday_add"
CONFIRM = "Yes, add the holiday and propose new times"


@pytest.fixture
def substitute(db):
    return make_interviewer(email="sunil.sub@example.com", full_name="Sunil Substitute")


@pytest.fixture
def interview(application, posting, panel, substitute, recruiter):
    design = make_round(posting, pool=[*panel, substitute], actor=recruiter, interviewers_needed=2, name="Design")
    return book(application, design, panel, actor=recruiter)


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def _day(interview):
    return interview.starts_at.astimezone(IST).date()


def _post(day, name="Founders' day", **extra) -> dict:
    return {"date": day.isoformat(), "name": name, "_save": "Save", **extra}


def test_a_holiday_on_booked_interviews_is_previewed_not_saved(admin_client, interview, panel):
    response = admin_client.post(reverse(ADD), _post(_day(interview)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "admin/interviews/hits_confirmation.html" in [t.name for t in response.templates]
    assert body.count('data-testid="hit"') == 1 and CONFIRM in body
    # When, round, candidate (admins see the name) and panel of each hit interview.
    assert "Design" in body and interview.application.candidate.full_name in body
    assert all(str(person) in body for person in panel)
    assert 'name="_confirm_hits"' in body and f'value="{_day(interview).isoformat()}"' in body
    assert not CompanyHoliday.objects.exists() and not RescheduleProposal.objects.exists()


def test_the_confirmed_post_saves_and_proposes_new_times(admin_client, interview, recruiter):
    before = Notification.objects.filter(kind="reschedule_proposals").count()
    response = admin_client.post(reverse(ADD), _post(_day(interview), _confirm_hits="1"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:interviews_companyholiday_changelist")
    holiday = CompanyHoliday.objects.get()
    assert holiday.date == _day(interview) and holiday.name == "Founders' day"
    proposal = RescheduleProposal.objects.get(interview=interview)
    assert proposal.status == "open" and "Founders' day" in proposal.cause and proposal.options
    assert Notification.objects.filter(kind="reschedule_proposals").count() == before + 1


def test_the_confirmed_post_is_validated_again(admin_client, interview):
    response = admin_client.post(reverse(ADD), {**_post(_day(interview), _confirm_hits="1"), "date": "not a date"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not CompanyHoliday.objects.exists() and not RescheduleProposal.objects.exists()


def test_a_holiday_without_booked_interviews_saves_at_once(admin_client, interview):
    response = admin_client.post(reverse(ADD), _post(_day(interview) + timedelta(days=1)))
    assert response.status_code == 302
    assert CompanyHoliday.objects.count() == 1 and not RescheduleProposal.objects.exists()


def test_going_back_saves_nothing(admin_client, interview):
    preview = admin_client.post(reverse(ADD), _post(_day(interview))).content.decode()
    assert f'href="{reverse(ADD)}"' in preview and 'class="button cancel-link"' in preview
    assert admin_client.get(reverse(ADD)).status_code == 200
    assert not CompanyHoliday.objects.exists() and not RescheduleProposal.objects.exists()


def test_moving_a_holiday_onto_booked_interviews_is_previewed_then_proposes(admin_client, interview):
    holiday = CompanyHoliday.objects.create(date=_day(interview) + timedelta(days=1), name="Founders' day")
    url = reverse("admin:interviews_companyholiday_change", args=[holiday.pk])
    preview = admin_client.post(url, _post(_day(interview)))
    assert preview.status_code == 200 and "Yes, change the holiday and propose new times" in preview.content.decode()
    holiday.refresh_from_db()
    assert holiday.date == _day(interview) + timedelta(days=1) and not RescheduleProposal.objects.exists()
    assert admin_client.post(url, _post(_day(interview), _confirm_hits="1")).status_code == 302
    holiday.refresh_from_db()
    assert holiday.date == _day(interview)
    assert RescheduleProposal.objects.filter(interview=interview, status="open").count() == 1


def test_renaming_a_holiday_on_its_day_saves_at_once(admin_client, interview):
    holiday = CompanyHoliday.objects.create(date=_day(interview), name="Founders' day")
    url = reverse("admin:interviews_companyholiday_change", args=[holiday.pk])
    assert admin_client.post(url, _post(_day(interview), name="Founding day")).status_code == 302
    holiday.refresh_from_db()
    assert holiday.name == "Founding day" and not RescheduleProposal.objects.exists()


def test_people_outside_the_admin_cannot_reach_it(client_for, recruiter, interview):
    response = client_for(recruiter).post(reverse(ADD), _post(_day(interview)))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    staff = UserFactory(email="sam.staff@example.com", role="recruiter", is_staff=True)
    assert client_for(staff).post(reverse(ADD), _post(_day(interview))).status_code == 403
    assert not CompanyHoliday.objects.exists() and not RescheduleProposal.objects.exists()


def test_save_and_add_another_survives_the_confirmation(admin_client, interview):
    data = {"date": _day(interview).isoformat(), "name": "Founders' day", "_addanother": "Save and add another"}
    preview = admin_client.post(reverse(ADD), data).content.decode()
    assert 'name="_addanother"' in preview and 'name="_save"' not in preview
    response = admin_client.post(reverse(ADD), {**data, "_confirm_hits": "1"})
    assert response.status_code == 302 and response["Location"] == reverse(ADD)


TIME_OFF_ADD = "admin:interviews_timeoff_add"


def _time_off(interviewer, first, last, **extra) -> dict:
    return {
        "interviewer": interviewer.pk,
        "starts_at_0": first.isoformat(),
        "starts_at_1": "00:00:00",
        "ends_at_0": (last + timedelta(days=1)).isoformat(),
        "ends_at_1": "00:00:00",
        "reason": "Conference",
        "_save": "Save",
        **extra,
    }


def test_time_off_added_in_the_admin_is_previewed_then_proposes(admin_client, interview, interviewer):
    data = _time_off(interviewer, _day(interview), _day(interview))
    preview = admin_client.post(reverse(TIME_OFF_ADD), data)
    body = preview.content.decode()
    assert preview.status_code == 200 and body.count('data-testid="hit"') == 1
    assert "Yes, add the time off and propose new times" in body and not TimeOff.objects.exists()
    assert admin_client.post(reverse(TIME_OFF_ADD), {**data, "_confirm_hits": "1"}).status_code == 302
    entry = TimeOff.objects.get()
    assert entry.interviewer == interviewer and entry.reason == "Conference"
    proposal = RescheduleProposal.objects.get(interview=interview)
    assert proposal.absent == interviewer and "Conference" in proposal.cause


def test_time_off_moved_onto_an_interview_in_the_admin_is_previewed_then_proposes(admin_client, interview, interviewer):
    away = _day(interview) + timedelta(days=20)
    admin_client.post(reverse(TIME_OFF_ADD), _time_off(interviewer, away, away))
    entry = TimeOff.objects.get()
    url = reverse("admin:interviews_timeoff_change", args=[entry.pk])
    data = _time_off(interviewer, _day(interview), _day(interview))
    assert "Yes, change the time off" in admin_client.post(url, data).content.decode()
    assert not RescheduleProposal.objects.exists()
    assert admin_client.post(url, {**data, "_confirm_hits": "1"}).status_code == 302
    assert RescheduleProposal.objects.filter(interview=interview, absent=interviewer).count() == 1
    # Saving it again as it is proposes nothing new.
    assert admin_client.post(url, {**data, "reason": "Still away"}).status_code == 302
    assert RescheduleProposal.objects.filter(interview=interview).count() == 1

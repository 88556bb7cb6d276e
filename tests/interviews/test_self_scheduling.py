"""Candidate self-scheduling through a signed, expiring link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recruiting.interviews import services
from recruiting.interviews.models import Interview, SchedulingLink
from recruiting.notifications.models import Notification
from tests.interviews.factories import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def link_and_token(application, tech_round, panel, recruiter):
    return services.scheduling_link_create(application=application, round=tech_round, panel=panel, actor=recruiter)


@pytest.fixture
def url(link_and_token):
    return f"/interviews/book/{link_and_token[1]}/"


def test_creating_a_link_emails_it_to_the_candidate_with_a_seven_day_expiry(link_and_token, application):
    link, token = link_and_token
    mail = Notification.objects.get(kind="interview_self_schedule")
    assert mail.to == [application.candidate.email]
    assert token in mail.body_text
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)


def test_the_token_is_signed_and_names_the_link(link_and_token):
    link, token = link_and_token
    assert services.scheduling_link_resolve(token) == link
    from django.core import signing

    assert signing.loads(token, salt=services.LINK_SALT) == str(link.public_id)
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="another-purpose")


def test_the_candidate_sees_free_slots_without_an_account(client, url):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="slot"') > 0
    assert "(IST)" in body  # Asia/Kolkata by default


def test_the_candidate_can_choose_another_time_zone(client, url):
    response = client.get(url + "?tz=Europe/London")
    body = response.content.decode()
    assert "Europe/London" in body and ("(GMT)" in body or "(BST)" in body)
    fragment = client.get(url + "?tz=America/New_York", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<section id="slots"')


def test_a_nonsense_time_zone_falls_back_to_india(client, url):
    assert "(IST)" in client.get(url + "?tz=Nowhere/Special").content.decode()


def test_picking_a_slot_books_through_the_same_path_and_spends_the_link(client, url, link_and_token, application):
    page = client.get(url)
    choice = page.context["days"]
    first = next(iter(choice.values()))[0]
    response = client.post(url, {"start": first.value, "tz": "Asia/Kolkata"})
    assert response.status_code == 200 and "You are booked" in response.content.decode()
    interview = Interview.objects.get(application=application)
    assert interview.source == Interview.Source.CANDIDATE and interview.starts_at == first.start
    link = SchedulingLink.objects.get(pk=link_and_token[0].pk)
    assert link.used_at is not None and link.interview == interview
    assert Notification.objects.filter(kind="interview_invite", to=[application.candidate.email]).exists()
    again = client.get(url)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_a_slot_taken_meanwhile_gives_a_clear_message_and_fresh_choices(client, url, application, tech_round, panel):
    page = client.get(url)
    first = next(iter(page.context["days"].values()))[0]
    # Another application takes the panel at that time first.
    from tests.factories import ApplicationFactory

    book(ApplicationFactory(posting=application.posting), tech_round, panel, start=first.start)
    response = client.post(url, {"start": first.value, "tz": "Asia/Kolkata"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "That slot was just taken" in body
    assert first.value not in body and 'data-testid="slot"' in body


def test_an_expired_link_says_so_with_410(client, url, link_and_token):
    SchedulingLink.objects.filter(pk=link_and_token[0].pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.post(url, {"start": "2030-01-01T10:00:00+05:30"}).status_code == 410


def test_a_tampered_link_says_so_with_400(client, url):
    response = client.get(url[:-3] + "xx/")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert client.get("/interviews/book/garbage/").status_code == 400


def test_a_deleted_link_is_404_with_a_message(client, url, link_and_token):
    SchedulingLink.objects.filter(pk=link_and_token[0].pk).delete()
    response = client.get(url)
    assert response.status_code == 404 and "could not find" in response.content.decode()


def test_a_link_for_a_rejected_application_is_410(client, url, application):
    from recruiting.pipelines.models import Application

    Application.objects.filter(pk=application.pk).update(state="withdrawn")
    assert client.get(url).status_code == 410


def test_a_nonsense_slot_is_refused_plainly(client, url):
    response = client.post(url, {"start": "tomorrow at ten"})
    assert response.status_code == 400 and "Please pick one of the times" in response.content.decode()


def test_the_link_page_has_no_internal_details(client, url, panel):
    body = client.get(url).content.decode()
    assert all(p.email not in body for p in panel)
    assert "18,51,368" not in body


def test_a_candidate_without_email_cannot_get_a_link(application, tech_round, panel, recruiter):
    application.candidate.email = ""
    application.candidate.save(update_fields=["email"])
    with pytest.raises(services.SchedulingError):
        services.scheduling_link_create(application=application, round=tech_round, panel=panel, actor=recruiter)


def _saturday_at_ten(after):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    day = after.astimezone(ZoneInfo("Asia/Kolkata")).date() + timedelta(days=1)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.mark.parametrize("which", ["saturday", "year 9999", "off the grid"])
def test_a_time_never_offered_is_called_so_not_taken(client, url, application, which):
    page = client.get(url)
    first = next(iter(page.context["days"].values()))[0]
    start = {
        "saturday": lambda: _saturday_at_ten(first.start).isoformat(),
        "year 9999": lambda: "9999-12-30T10:00:00+05:30",
        "off the grid": lambda: (first.start + timedelta(minutes=7)).isoformat(),
    }[which]()
    response = client.post(url, {"start": start, "tz": "Asia/Kolkata"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "not one of the offered slots" in body and "just taken" not in body
    assert first.value in body  # fresh choices
    assert not Interview.objects.filter(application=application).exists()


def test_a_time_long_past_says_so(client, url, application):
    response = client.post(url, {"start": "0001-01-01T10:00:00+00:00", "tz": "Asia/Kolkata"})
    assert response.status_code == 400 and "already passed" in response.content.decode()
    assert not Interview.objects.filter(application=application).exists()


def test_the_service_tells_a_taken_slot_from_one_never_offered(application, tech_round, panel, recruiter):
    from tests.factories import ApplicationFactory
    from tests.interviews.factories import first_slot

    start = first_slot(panel, tech_round)
    book(ApplicationFactory(posting=application.posting), tech_round, panel, start=start)
    with pytest.raises(services.SlotTaken):
        services.interview_book(application=application, round=tech_round, panel=panel, start=start, actor=recruiter)
    with pytest.raises(services.SlotNotOffered):
        services.interview_book(
            application=application, round=tech_round, panel=panel, start=_saturday_at_ten(start), actor=recruiter
        )


def test_the_confirmation_shows_the_time_on_the_candidates_clock(client, url, application):
    from zoneinfo import ZoneInfo

    page = client.get(url + "?tz=Europe/London")
    first = next(iter(page.context["days"].values()))[0]
    response = client.post(url, {"start": first.value, "tz": "Europe/London"})
    assert response.status_code == 200
    london = first.start.astimezone(ZoneInfo("Europe/London"))
    india = first.start.astimezone(ZoneInfo("Asia/Kolkata"))
    shown = response.content.decode().split('data-testid="booked-time">', 1)[1].split("<", 1)[0]
    assert shown == london.strftime("%A %d %B %Y, %H:%M")
    assert india.strftime("%H:%M") not in shown  # the server's zone, which it used to show
    # The page, the e-mail and the invitation agree.
    mail = Notification.objects.get(kind="interview_invite", to=[application.candidate.email])
    assert london.strftime("%H:%M") in mail.subject

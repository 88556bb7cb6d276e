"""The access battery for every interviews view, plus each view's happy path, its HTMX
fragment and its full page."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse

from recruiting.interviews.models import AvailabilityWindow, Interview, InterviewRound, ScorecardCriterion, TimeOff
from tests.factories import UserFactory
from tests.interviews.factories import book, first_slot, make_interviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(application, tech_round, panel, recruiter):
    return book(application, tech_round, panel, actor=recruiter)


@pytest.fixture
def stranger_interviewer(db):
    """An interviewer who is on no panel of our application."""
    return make_interviewer(email="sam.stranger@example.com", full_name="Sam Stranger")


@pytest.fixture
def urls(application, tech_round, interview, interviewer):
    window = AvailabilityWindow.objects.filter(interviewer=interviewer).first()
    criterion = ScorecardCriterion.objects.filter(round=tech_round).first()
    posting = application.posting.public_id
    app = application.public_id
    return {
        "plan": reverse("interviews:plan", args=[posting]),
        "round_edit": reverse("interviews:round_edit", args=[posting, tech_round.pk]),
        "round_delete": reverse("interviews:round_delete", args=[posting, tech_round.pk]),
        "criterion_add": reverse("interviews:criterion_add", args=[posting, tech_round.pk]),
        "criterion_edit": reverse("interviews:criterion_edit", args=[posting, tech_round.pk, criterion.pk]),
        "criterion_delete": reverse("interviews:criterion_delete", args=[posting, tech_round.pk, criterion.pk]),
        "application": reverse("interviews:application", args=[app]),
        "schedule": reverse("interviews:schedule", args=[app, tech_round.pk]),
        "link_create": reverse("interviews:link_create", args=[app, tech_round.pk]),
        "decision": reverse("interviews:decision", args=[app]),
        "feedback": reverse("interviews:feedback", args=[app]),
        "detail": reverse("interviews:detail", args=[interview.public_id]),
        "reschedule": reverse("interviews:reschedule", args=[interview.public_id]),
        "cancel": reverse("interviews:cancel", args=[interview.public_id]),
        "scorecard": reverse("interviews:scorecard", args=[interview.public_id]),
        "home": reverse("interviews:home"),
        "availability": reverse("interviews:availability"),
        "window_add": reverse("interviews:window_add"),
        "window_edit": reverse("interviews:window_edit", args=[window.pk]),
        "window_delete": reverse("interviews:window_delete", args=[window.pk]),
        "time_off_add": reverse("interviews:time_off_add"),
        "settings": reverse("interviews:settings"),
    }


# name: (method for the checks, wrong method, manager-only?)
VIEWS = {
    "plan": ("get", "delete", True),
    "round_edit": ("get", "delete", True),
    "round_delete": ("post", "get", True),
    "criterion_add": ("post", "get", True),
    "criterion_edit": ("post", "get", True),
    "criterion_delete": ("post", "get", True),
    "application": ("get", "post", True),
    "schedule": ("get", "delete", True),
    "link_create": ("post", "get", True),
    "decision": ("get", "delete", True),
    "feedback": ("get", "post", False),
    "detail": ("get", "post", False),
    "reschedule": ("get", "delete", True),
    "cancel": ("post", "delete", True),
    "scorecard": ("get", "delete", False),
    "home": ("get", "post", False),
    "availability": ("get", "post", False),
    "window_add": ("post", "get", False),
    "window_edit": ("get", "delete", False),
    "window_delete": ("post", "get", False),
    "time_off_add": ("post", "get", False),
    "settings": ("post", "get", False),
}
MANAGER_VIEWS = [name for name, (_, _, manager) in VIEWS.items() if manager]
# Views about one application/interview: another posting's hiring manager gets 404.
OBJECT_VIEWS = [
    "plan",
    "round_edit",
    "round_delete",
    "criterion_add",
    "criterion_edit",
    "criterion_delete",
    "application",
    "schedule",
    "link_create",
    "decision",
    "feedback",
    "detail",
    "reschedule",
    "cancel",
    "scorecard",
    "window_edit",
    "window_delete",
]


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, urls, name):
    method = VIEWS[name][0]
    response = getattr(client, method)(urls[name])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", VIEWS)
def test_the_wrong_method_is_refused_with_405(client_for, recruiter, urls, name):
    wrong = VIEWS[name][1]
    response = getattr(client_for(recruiter), wrong)(urls[name])
    assert response.status_code == 405


@pytest.mark.parametrize("name", VIEWS)
def test_a_user_without_a_role_gets_403(client_for, no_role_user, urls, name):
    method = VIEWS[name][0]
    assert getattr(client_for(no_role_user), method)(urls[name]).status_code == 403


@pytest.mark.parametrize("name", MANAGER_VIEWS)
def test_an_interviewer_gets_403_on_manager_pages(client_for, interviewer, urls, name):
    method = VIEWS[name][0]
    assert getattr(client_for(interviewer), method)(urls[name]).status_code == 403


@pytest.mark.parametrize("name", OBJECT_VIEWS)
def test_another_postings_hiring_manager_gets_404(client_for, outsider_manager, urls, name):
    method = VIEWS[name][0]
    assert getattr(client_for(outsider_manager), method)(urls[name]).status_code == 404


@pytest.mark.parametrize("name", ["detail", "scorecard", "feedback"])
def test_an_interviewer_not_on_the_panel_gets_404(client_for, stranger_interviewer, urls, name):
    assert client_for(stranger_interviewer).get(urls[name]).status_code == 404


def test_a_hiring_manager_not_on_the_panel_cannot_write_a_scorecard(client_for, hiring_manager, urls):
    assert client_for(hiring_manager).get(urls["scorecard"]).status_code == 403


def test_an_unknown_interview_is_404(client_for, recruiter):
    assert client_for(recruiter).get("/interviews/00000000-0000-0000-0000-000000000000/").status_code == 404


# --- Happy paths, fragments, full pages --------------------------------------------------------
def test_the_interviewer_home_lists_upcoming_interviews_and_links_the_scorecard(client_for, interviewer, interview):
    response = client_for(interviewer).get("/interviews/")
    assert response.status_code == 200
    assert interview.application.candidate.full_name in response.content.decode()
    assert reverse("interviews:scorecard", args=[interview.public_id]) in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_the_availability_page_shows_the_week_with_weekdays_only(client_for, interviewer, panel):
    response = client_for(interviewer).get("/interviews/availability/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h3>Friday</h3>" in body and "Saturday" not in body and "Sunday" not in body
    assert body.count('data-testid="window"') == 5


def test_adding_a_window_over_htmx_returns_the_week_fragment(client_for, interviewer):
    client = client_for(interviewer)
    response = client.post(
        "/interviews/availability/windows/", {"weekday": "1", "start": "19:00", "end": "20:00"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="week"')
    assert "<html" not in body and "19:00–20:00" in body
    assert AvailabilityWindow.objects.filter(interviewer=interviewer, weekday=1, start=time(19)).exists()


@pytest.mark.parametrize("weekday", ["5", "6"])
def test_the_form_refuses_saturday_and_sunday_with_a_message(client_for, interviewer, weekday):
    client = client_for(interviewer)
    response = client.post(
        "/interviews/availability/windows/",
        {"weekday": weekday, "start": "10:00", "end": "12:00"},
        HTTP_HX_REQUEST="true",
    )
    assert "Monday to Friday only" in response.content.decode()
    assert not AvailabilityWindow.objects.filter(interviewer=interviewer, weekday__gte=5).exists()
    plain = client.post(
        "/interviews/availability/windows/", {"weekday": weekday, "start": "10:00", "end": "12:00"}, follow=True
    )
    assert "Monday to Friday only" in plain.content.decode()


def test_a_window_must_end_after_it_starts(client_for, interviewer):
    before = AvailabilityWindow.objects.count()
    response = client_for(interviewer).post(
        "/interviews/availability/windows/", {"weekday": "0", "start": "12:00", "end": "10:00"}, HTTP_HX_REQUEST="true"
    )
    assert "must end after it starts" in response.content.decode()
    assert AvailabilityWindow.objects.count() == before


def test_editing_a_window_shows_its_form_then_saves_it(client_for, interviewer, urls):
    client = client_for(interviewer)
    fragment = client.get(urls["window_edit"], HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "Save" in fragment.content.decode()
    page = client.get(urls["window_edit"])
    assert "<html" in page.content.decode()
    response = client.post(urls["window_edit"], {"weekday": "2", "start": "10:00", "end": "13:00"})
    assert response.status_code == 302
    window = AvailabilityWindow.objects.get(pk=urls["window_edit"].rstrip("/").split("/")[-1])
    assert (window.weekday, window.start, window.end) == (2, time(10), time(13))


def test_deleting_a_window_removes_only_my_own(client_for, interviewer, second_interviewer, urls):
    theirs = AvailabilityWindow.objects.filter(interviewer=second_interviewer).first()
    client = client_for(interviewer)
    assert client.post(reverse("interviews:window_delete", args=[theirs.pk])).status_code == 404
    assert client.post(urls["window_delete"], HTTP_HX_REQUEST="true").status_code == 200
    assert AvailabilityWindow.objects.filter(interviewer=interviewer).count() == 4


def test_time_off_covers_whole_local_days(client_for, interviewer):
    client = client_for(interviewer)
    response = client.post(
        "/interviews/availability/time-off/", {"first_day": "2030-03-04", "last_day": "2030-03-05", "reason": "Leave"}
    )
    assert response.status_code == 302
    entry = TimeOff.objects.get(interviewer=interviewer)
    assert (entry.ends_at - entry.starts_at).days == 2
    assert entry.starts_at.isoformat().startswith("2030-03-03T18:30")  # midnight in Kolkata
    delete = client.post(reverse("interviews:time_off_delete", args=[entry.pk]), HTTP_HX_REQUEST="true")
    assert delete.status_code == 200 and not TimeOff.objects.exists()


def test_settings_set_time_zone_cap_and_buffer(client_for, interviewer):
    client = client_for(interviewer)
    response = client.post(
        "/interviews/availability/settings/", {"time_zone": "Europe/London", "daily_cap": "2", "buffer_minutes": "30"}
    )
    assert response.status_code == 302
    interviewer.refresh_from_db()
    assert interviewer.time_zone == "Europe/London"
    assert interviewer.interview_settings.daily_cap == 2 and interviewer.interview_settings.buffer_minutes == 30
    bad = client.post(
        "/interviews/availability/settings/",
        {"time_zone": "Mars/Olympus", "daily_cap": "2", "buffer_minutes": "30"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choose a time zone" in bad.content.decode()


def test_the_plan_shows_rounds_with_their_criteria(client_for, hiring_manager, urls, tech_round):
    client = client_for(hiring_manager)
    page = client.get(urls["plan"])
    assert page.status_code == 200 and "System design clarity" in page.content.decode()
    fragment = client.get(urls["plan"], HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<section id="rounds"')


def test_a_manager_adds_a_round_with_default_criteria_from_the_evaluation_focus(
    client_for, hiring_manager, posting, urls, panel
):
    posting.evaluation_focus = ["Go concurrency", "PostgreSQL tuning"]
    posting.save(update_fields=["evaluation_focus"])
    stage = posting.stages.get(name="System design")
    response = client_for(hiring_manager).post(
        urls["plan"],
        {
            "name": "System design",
            "stage": stage.pk,
            "duration_minutes": "90",
            "mode": "online",
            "meeting_link": "https://meet.example.com/abc",
            "interviewers_needed": "1",
            "pool": [panel[0].pk],
        },
    )
    assert response.status_code == 302
    created = InterviewRound.objects.get(posting=posting, name="System design")
    assert [c.name for c in created.criteria.all()] == ["Go concurrency", "PostgreSQL tuning"]
    assert list(created.pool.all()) == [panel[0]]


def test_an_online_round_needs_a_link(client_for, hiring_manager, urls):
    response = client_for(hiring_manager).post(
        urls["plan"],
        {
            "name": "Chat",
            "duration_minutes": "30",
            "mode": "online",
            "interviewers_needed": "1",
        },
    )
    assert response.status_code == 400 and "Online rounds need a meeting link" in response.content.decode()


def test_editing_a_round_saves_it(client_for, recruiter, urls, tech_round, panel):
    client = client_for(recruiter)
    assert "<html" not in client.get(urls["round_edit"], HTTP_HX_REQUEST="true").content.decode()
    response = client.post(
        urls["round_edit"],
        {
            "name": "Deep technical",
            "duration_minutes": "75",
            "mode": "in_person",
            "address": "Chennai office",
            "interviewers_needed": "2",
            "pool": [p.pk for p in panel],
        },
    )
    assert response.status_code == 302
    tech_round.refresh_from_db()
    assert (tech_round.name, tech_round.duration_minutes) == ("Deep technical", 75)


def test_criteria_are_edited_over_htmx(client_for, hiring_manager, urls, tech_round):
    client = client_for(hiring_manager)
    added = client.post(urls["criterion_add"], {"name": "Code review", "description": ""}, HTTP_HX_REQUEST="true")
    assert added.status_code == 200 and "Code review" in added.content.decode()
    assert "<html" not in added.content.decode()
    client.post(
        urls["criterion_edit"], {"name": "Systems thinking", "description": "Big picture"}, HTTP_HX_REQUEST="true"
    )
    assert tech_round.criteria.filter(name="Systems thinking").exists()
    client.post(urls["criterion_delete"], HTTP_HX_REQUEST="true")
    assert not tech_round.criteria.filter(name="Systems thinking").exists()


def test_a_round_can_be_removed(client_for, recruiter, urls, tech_round):
    assert client_for(recruiter).post(urls["round_delete"]).status_code == 302
    assert not InterviewRound.objects.filter(pk=tech_round.pk).exists()


def test_the_application_page_lists_rounds_and_booked_interviews(client_for, hiring_manager, urls, interview):
    response = client_for(hiring_manager).get(urls["application"])
    assert response.status_code == 200 and interview.round.name in response.content.decode()


def test_the_schedule_page_proposes_slots_in_both_time_zones(client_for, recruiter, urls, panel):
    client = client_for(recruiter)
    query = f"?panel={panel[0].pk}&panel={panel[1].pk}&candidate_time_zone=Europe/London"
    page = client.get(urls["schedule"] + query)
    body = page.content.decode()
    assert page.status_code == 200 and body.count('data-testid="slot"') == 20
    assert "GMT" in body or "BST" in body
    assert "IST" in body
    fragment = client.get(urls["schedule"] + query, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<section id="proposals"')


def test_the_schedule_page_asks_for_enough_interviewers(client_for, recruiter, urls, panel):
    response = client_for(recruiter).get(urls["schedule"] + f"?panel={panel[0].pk}")
    assert "Choose at least 2 interviewers" in response.content.decode()


def test_booking_from_the_proposals_redirects_to_the_interview(
    client_for, recruiter, application, tech_round, panel, urls
):
    Interview.objects.all().delete()
    start = first_slot(panel, tech_round)
    response = client_for(recruiter).post(
        urls["schedule"],
        {
            "panel": [p.pk for p in panel],
            "candidate_time_zone": "Asia/Kolkata",
            "start": start.isoformat(),
        },
    )
    interview = Interview.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()


def test_a_slot_taken_meanwhile_shows_a_message_and_fresh_proposals(client_for, recruiter, interview, panel, urls):
    response = client_for(recruiter).post(
        urls["schedule"],
        {
            "panel": [p.pk for p in panel],
            "candidate_time_zone": "Asia/Kolkata",
            "start": interview.starts_at.isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "That slot was just taken" in body
    assert 'data-testid="slot"' in body
    assert interview.starts_at.isoformat() not in body


def test_a_nonsense_slot_is_a_clear_400(client_for, recruiter, panel, urls):
    response = client_for(recruiter).post(urls["schedule"], {"panel": [p.pk for p in panel], "start": "yesterday"})
    assert response.status_code == 400 and "Pick one of the proposed slots" in response.content.decode()


def test_creating_a_link_emails_the_candidate(client_for, recruiter, panel, urls, application):
    from recruiting.notifications.models import Notification

    response = client_for(recruiter).post(urls["link_create"], {"panel": [p.pk for p in panel], "valid_days": "7"})
    assert response.status_code == 302
    mail = Notification.objects.get(kind="interview_self_schedule")
    assert mail.to == [application.candidate.email] and "/interviews/book/" in mail.body_text


def test_the_detail_page_shows_both_time_zones(client_for, interviewer, urls, interview):
    response = client_for(interviewer).get(urls["detail"])
    assert response.status_code == 200 and "Asia/Kolkata" in response.content.decode()
    assert "Reschedule" not in response.content.decode()


def test_rescheduling_moves_the_interview(client_for, recruiter, urls, interview, panel):
    client = client_for(recruiter)
    page = client.get(urls["reschedule"])
    assert page.status_code == 200
    fragment = client.get(urls["reschedule"], HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<section id="proposals"')
    slots = [s for s in page.context["proposals"] if s.start != interview.starts_at]
    response = client.post(urls["reschedule"], {"start": slots[-1].value})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == slots[-1].start and interview.sequence == 1


def test_cancelling_frees_the_panel(client_for, recruiter, urls, interview):
    assert client_for(recruiter).post(urls["cancel"], {"reason": "Candidate asked"}).status_code == 302
    interview.refresh_from_db()
    assert interview.status == "cancelled" and not interview.panel.filter(active=True).exists()


def test_no_pay_figures_on_any_interviewer_page(client_for, interviewer, urls, posting):
    client = client_for(interviewer)
    for name in ["home", "availability", "detail", "scorecard", "feedback"]:
        body = client.get(urls[name]).content.decode()
        for figure in ("18,51,368", "1851368", "35,50,754", "3550754", "18.5 L", "35.5 L"):
            assert figure not in body, (name, figure)


def test_the_dashboard_shows_interview_panels(client_for, interviewer, recruiter, interview):
    body = client_for(interviewer).get("/").content.decode()
    assert "My upcoming interviews" in body and "Scorecards to write" in body
    body = client_for(recruiter).get("/").content.decode()
    assert "Upcoming interviews" in body and interview.application.candidate.full_name in body


def test_the_dashboard_shows_next_weeks_interviews_on_a_friday(recruiter, interview):
    from recruiting.interviews.queries import team_upcoming_interviews

    # Three days before the interview (a Friday before a Monday, say): still listed.
    assert list(team_upcoming_interviews(recruiter, now=interview.starts_at - timedelta(days=3))) == [interview]
    assert not list(team_upcoming_interviews(recruiter, now=interview.ends_at + timedelta(days=1)))


def test_a_new_user_with_a_role_has_an_empty_home(client_for):
    user = UserFactory(role="hiring_manager")
    response = client_for(user).get("/interviews/")
    assert response.status_code == 200 and "No interviews booked for you" in response.content.decode()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["home", "application", "decision", "detail"])
def test_pages_cost_the_same_queries_with_more_interviews(
    client_for,
    hiring_manager,
    recruiter,
    application,
    tech_round,
    panel,
    interview,
    urls,
    name,
):
    from tests.interviews.factories import submit

    viewer = panel[0] if name == "home" else hiring_manager
    client = client_for(viewer)
    submit(interview, panel[0])  # one of each kind, so every prefetch already runs
    client.get(urls[name])  # warm caches (holidays, sessions)
    few = _count_queries(client, urls[name])
    for _ in range(3):
        book(application, tech_round, panel, actor=recruiter)
    more = Interview.objects.filter(application=application).exclude(pk=interview.pk)
    for extra in more:
        submit(extra, panel[0])
    many = _count_queries(client, urls[name])
    assert many == few

"""The candidate page: profile, applications, answers, CV, notes, tags, timeline, access."""

from __future__ import annotations

import pytest

from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Activity, Answer, Note
from recruiting.pipelines.services import note_create
from tests.careers.apply_factories import add_question
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory, add_document
from tests.pipelines.factories import interview_for, posting_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(hiring_manager):
    posting = posting_for(hiring_manager, title="Lead Backend Engineer")
    ctc = add_question(posting, text="Expected CTC", kind="money", currency="INR")
    notice = add_question(posting, text="Notice period", kind="duration_days")
    candidate = CandidateFactory(full_name="Priya Raman", email="priya@mail.example.com")
    app = ApplicationFactory(posting=posting, candidate=candidate)
    add_document(candidate, application=app, name="Priya CV.pdf", text="Go and Kafka at scale", status="ready")
    Answer.objects.create(application=app, question=ctc, value="2850000")
    Answer.objects.create(application=app, question=notice, value="30")
    note_create(candidate=candidate, author=hiring_manager, body="Private: very strong system design")
    return app


def url(app, suffix=""):
    return f"/pipelines/candidates/{app.candidate.public_id}/{suffix}"


def test_a_recruiter_sees_profile_applications_answers_pay_cv_notes_and_timeline(client_for, recruiter, application):
    response = client_for(recruiter).get(url(application))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Priya Raman",
        "priya@mail.example.com",
        "Lead Backend Engineer",
        "Expected CTC",
        "₹28,50,000",
        "30 days",
        "Go and Kafka at scale",
        "very strong system design",
        "Applied to Lead Backend Engineer",
    ):
        assert text in body
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_postings_hiring_manager_sees_pay_answers(client_for, hiring_manager, application):
    body = client_for(hiring_manager).get(url(application)).content.decode()
    assert "₹28,50,000" in body


def test_a_manager_the_posting_is_shared_with_sees_pay_like_the_owner(client_for, application):
    """PRODUCT.md: hiring managers see compensation on the postings they own or that are
    shared with them, and on no others."""
    shared = UserFactory(role="hiring_manager")
    application.posting.shared_with.add(shared)
    body = client_for(shared).get(url(application)).content.decode()
    assert "Expected CTC" in body and "28,50,000" in body


def test_a_manager_of_another_posting_never_sees_pay(client_for, application):
    from recruiting.pipelines.services import application_create

    other_manager = UserFactory(role="hiring_manager")
    other_posting = PostingFactory(hiring_manager=other_manager)
    application_create(candidate=application.candidate, posting=other_posting)
    body = client_for(other_manager).get(url(application)).content.decode()
    assert "28,50,000" not in body


def test_an_interviewer_gets_the_reduced_view(client_for, interviewer, application):
    interview_for(application, interviewer)
    response = client_for(interviewer).get(url(application))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Go and Kafka at scale" in body and "Lead Backend Engineer" in body and "Technical interview" in body
    for hidden in ("28,50,000", "Expected CTC", "very strong system design", "priya@mail.example.com", "Timeline"):
        assert hidden not in body
    assert "answers" not in response.context or not any(row["answers"] for row in response.context["applications"])


def test_an_interviewer_cannot_fetch_the_notes_fragment_on_its_own(client_for, interviewer, application):
    interview_for(application, interviewer)
    response = client_for(interviewer).get(url(application) + "?part=notes", HTTP_HX_REQUEST="true")
    assert response.status_code == 403


def test_an_interviewer_who_does_not_interview_the_candidate_gets_404(client_for, interviewer, application):
    assert client_for(interviewer).get(url(application)).status_code == 404


def test_another_postings_manager_gets_404(client_for, outsider_manager, application):
    assert client_for(outsider_manager).get(url(application)).status_code == 404


def test_an_unknown_id_is_404(client_for, recruiter):
    assert client_for(recruiter).get("/pipelines/candidates/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(url(application))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_a_role_is_refused(client_for, no_role_user, application):
    assert client_for(no_role_user).get(url(application)).status_code == 403


def test_posting_to_the_page_is_405(client_for, recruiter, application):
    assert client_for(recruiter).post(url(application)).status_code == 405


def test_the_timeline_fragment_renders_alone(client_for, recruiter, application):
    response = client_for(recruiter).get(url(application) + "?part=timeline", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="timeline"' in body and "<html" not in body and "Applied to Lead Backend Engineer" in body


def test_the_page_runs_the_same_number_of_queries_for_more_history(
    client_for, recruiter, application, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(recruiter)
    with CaptureQueriesContext(connection) as small:
        client.get(url(application))
    for index in range(15):
        note_create(candidate=application.candidate, author=recruiter, body=f"note {index}")
        other = ApplicationFactory(
            candidate=application.candidate, posting=posting_for(UserFactory(role="hiring_manager"))
        )
        add_document(application.candidate, application=other, text=f"CV {index}", status="ready")
    with CaptureQueriesContext(connection) as large:
        client.get(url(application))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_application_url_leads_to_its_place_on_the_candidate_page(client_for, recruiter, application):
    response = client_for(recruiter).get(f"/pipelines/applications/{application.public_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"{url(application)}#application-{application.public_id}"


def test_the_application_url_is_404_for_outsiders(client_for, outsider_manager, application):
    assert client_for(outsider_manager).get(f"/pipelines/applications/{application.public_id}/").status_code == 404


# --- notes and mentions ----------------------------------------------------------------


def test_a_note_mentioning_colleagues_emails_each_of_them_once(client_for, hiring_manager, recruiter, application):
    UserFactory(email="quiet@example.com", full_name="Quiet Person", role="")  # no role: not mentionable
    body = 'Please call @rita.recruiter@example.com and @"Hari Manager" and @quiet@example.com today'
    response = client_for(hiring_manager).post(url(application, "notes/"), {"body": body})
    assert response.status_code == 302
    note = Note.objects.get(body=body)
    assert {u.email for u in note.mentions.all()} == {"rita.recruiter@example.com"}  # the author is not mailed
    mail = Notification.objects.get(kind="mention")
    assert mail.idempotency_key == f"mention:{note.pk}:{recruiter.pk}"
    assert mail.to == ["rita.recruiter@example.com"] and "Priya Raman" in mail.subject


def test_the_author_is_told_when_a_mentioned_person_cannot_see_the_candidate(
    client_for, recruiter, outsider_manager, application
):
    body = f"Could @{outsider_manager.email} look at this?"
    client = client_for(recruiter)
    response = client.post(url(application, "notes/"), {"body": body}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    warning = f"Not told: {outsider_manager.get_full_name()} cannot see this candidate"
    assert warning in response.content.decode()
    assert not Note.objects.get(body=body).mentions.exists()
    assert not Notification.objects.filter(kind="mention").exists()
    followed = client.post(url(application, "notes/"), {"body": body + " again"}, follow=True)
    assert warning in followed.content.decode()


def test_a_note_over_htmx_rerenders_the_notes(client_for, recruiter, application):
    response = client_for(recruiter).post(
        url(application, "notes/"), {"body": "Call back Monday"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="notes"' in body and "Call back Monday" in body and "<html" not in body


def test_an_empty_note_is_refused_with_a_message(client_for, recruiter, application):
    response = client_for(recruiter).post(url(application, "notes/"), {"body": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "required" in response.content.decode()


def test_interviewers_cannot_add_notes(client_for, interviewer, application):
    interview_for(application, interviewer)
    assert client_for(interviewer).post(url(application, "notes/"), {"body": "hi"}).status_code == 403


def test_outsiders_cannot_add_notes(client_for, outsider_manager, application):
    assert client_for(outsider_manager).post(url(application, "notes/"), {"body": "hi"}).status_code == 404


def test_the_notes_url_refuses_get(client_for, recruiter, application):
    assert client_for(recruiter).get(url(application, "notes/")).status_code == 405


# --- tags ------------------------------------------------------------------------------


def test_tags_are_added_and_removed_over_htmx(client_for, recruiter, application):
    client = client_for(recruiter)
    response = client.post(url(application, "tags/"), {"name": "Strong Go", "op": "add"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "strong-go" in response.content.decode()
    assert list(application.candidate.tags.values_list("name", flat=True)) == ["strong-go"]
    response = client.post(url(application, "tags/"), {"name": "strong-go", "op": "remove"}, HTTP_HX_REQUEST="true")
    assert "strong-go" not in response.content.decode()
    assert not application.candidate.tags.exists()
    assert Activity.objects.filter(candidate=application.candidate, kind="candidate.tags").count() == 2


def test_tags_typed_with_commas_become_separate_tags(client_for, recruiter, application):
    client = client_for(recruiter)
    client.post(url(application, "tags/"), {"name": "strong-go, chennai-local,, Immediate Joiner", "op": "add"})
    names = sorted(application.candidate.tags.values_list("name", flat=True))
    assert names == ["chennai-local", "immediate-joiner", "strong-go"]
    client.post(url(application, "tags/"), {"name": "strong-go,chennai-local", "op": "remove"})
    assert list(application.candidate.tags.values_list("name", flat=True)) == ["immediate-joiner"]


def test_a_tag_without_javascript_redirects_back(client_for, hiring_manager, application):
    response = client_for(hiring_manager).post(url(application, "tags/"), {"name": "relocation"})
    assert response.status_code == 302 and application.candidate.tags.filter(name="relocation").exists()


def test_interviewers_and_outsiders_cannot_tag(client_for, interviewer, outsider_manager, application):
    interview_for(application, interviewer)
    assert client_for(interviewer).post(url(application, "tags/"), {"name": "x"}).status_code == 403
    assert client_for(outsider_manager).post(url(application, "tags/"), {"name": "x"}).status_code == 404


# --- profile ---------------------------------------------------------------------------


def test_the_hiring_manager_edits_the_profile(client_for, hiring_manager, application):
    client = client_for(hiring_manager)
    assert client.get(url(application, "edit/")).status_code == 200
    data = {
        "full_name": "Priya  Raman",
        "email": "Priya.R+jobs@gmail.com",
        "phone": "098765 43210",
        "current_role": "Staff Engineer",
        "current_company": "Zentrix",
        "total_years": "8",
        "notice_period_days": "30",
        "location": "Chennai",
        "skills": "Go, Kafka",
    }
    response = client.post(url(application, "edit/"), data)
    assert response.status_code == 302
    candidate = application.candidate
    candidate.refresh_from_db()
    assert (candidate.email_normalised, candidate.phone_normalised) == ("priyar@gmail.com", "+919876543210")
    assert candidate.skills == ["Go", "Kafka"] and candidate.full_name == "Priya Raman"


def test_a_bad_phone_is_refused_on_the_page(client_for, recruiter, application):
    response = client_for(recruiter).post(url(application, "edit/"), {"full_name": "X", "phone": "12"})
    assert response.status_code == 400 and "phone number" in response.content.decode()


def test_interviewers_and_outsiders_cannot_edit(client_for, interviewer, outsider_manager, application):
    interview_for(application, interviewer)
    assert client_for(interviewer).get(url(application, "edit/")).status_code == 403
    assert client_for(outsider_manager).get(url(application, "edit/")).status_code == 404


# --- issue 15 §3: a place to act ------------------------------------------------------------------


def test_managers_move_and_reject_from_the_candidate_page_and_come_back(client_for, hiring_manager, application):
    from recruiting.pipelines.moves import ensure_default_rejection_reasons

    client = client_for(hiring_manager)
    page = client.get(url(application)).content.decode()
    assert 'data-testid="app-actions"' in page and 'data-testid="app-move-select"' in page
    assert 'data-testid="app-schedule"' in page  # the interviews app's slot
    screen = application.posting.stages.get(name="Screen")
    back = url(application) + f"#application-{application.public_id}"
    moved = client.post(
        f"/pipelines/postings/{application.posting.public_id}/board/move/",
        {"application": str(application.public_id), "version": 1, "to_stage": screen.pk, "next": back},
    )
    assert moved.status_code == 302 and moved["Location"] == back
    application.refresh_from_db()
    assert application.stage == screen
    reason = ensure_default_rejection_reasons()[0]
    rejected = client.post(
        f"/pipelines/postings/{application.posting.public_id}/board/reject/",
        {"application": str(application.public_id), "version": 2, "reason": reason.pk, "next": back},
        follow=True,
    )
    assert "Priya Raman rejected" in rejected.content.decode()
    application.refresh_from_db()
    assert application.state == "rejected"
    # Ended: nothing left to move or reject here.
    assert 'data-testid="app-actions"' not in client.get(url(application)).content.decode()


def test_a_next_off_the_site_goes_back_to_the_board(client_for, hiring_manager, application):
    screen = application.posting.stages.get(name="Screen")
    response = client_for(hiring_manager).post(
        f"/pipelines/postings/{application.posting.public_id}/board/move/",
        {"application": str(application.public_id), "version": 1, "to_stage": screen.pk, "next": "//evil.example/"},
    )
    assert response["Location"] == f"/pipelines/postings/{application.posting.public_id}/board/"


def test_interviewers_and_other_managers_get_no_actions(client_for, interviewer, outsider_manager, application):
    interview_for(application, interviewer)
    page = client_for(interviewer).get(url(application)).content.decode()
    assert 'data-testid="app-actions"' not in page
    response = client_for(outsider_manager).get(url(application))
    assert response.status_code == 404 or 'data-testid="app-actions"' not in response.content.decode()


def test_notes_read_in_full_in_the_timeline(client_for, recruiter, application):
    client = client_for(recruiter)
    response = client.post(
        url(application, "notes/"), {"body": "Line one\nLine two of a long note"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="timeline"' in body and "<html" not in body
    assert body.count('data-testid="timeline-note"') == 2  # the fixture's note and this one
    assert "Line one<br>Line two of a long note" in body


def test_one_no_scorecards_line_for_several_applications(client_for, recruiter, application):
    ApplicationFactory(candidate=application.candidate, posting=posting_for(UserFactory(role="hiring_manager")))
    page = client_for(recruiter).get(url(application)).content.decode()
    assert page.count("No scorecards yet.") == 1
    assert "/feedback/" not in page  # nothing to load for either application

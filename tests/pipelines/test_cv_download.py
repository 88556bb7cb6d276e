"""Downloading a CV document: only for users who may see the application it came with."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.interviews.models import Interview, InterviewPanelist
from recruiting.postings.sample_files import make_docx, make_pdf
from tests.careers.apply_factories import _fast_password_hashing  # noqa: F401 - autouse fixture
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, add_document

pytestmark = pytest.mark.django_db

PDF = make_pdf("Priya Raman\nGo, PostgreSQL, Kafka")


def with_cv(application, content: bytes = PDF, name: str = "Priya Raman CV.pdf", kind: str = "pdf"):
    return add_document(application.candidate, content, application=application, name=name, file_type=kind)


@pytest.fixture
def application(hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager)
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Priya Raman"))
    application.cv = with_cv(application)
    return application


def url(document) -> str:
    return reverse("postings:cv_download", args=[document.public_id])


def on_panel(application, interviewer):
    start = timezone.now() + timedelta(days=1)
    interview = Interview.objects.create(
        application=application, title="Technical", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    InterviewPanelist.objects.create(
        interview=interview, interviewer=interviewer, busy=DateTimeTZRange(start, start + timedelta(hours=1))
    )


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["admin_user", "recruiter", "hiring_manager"])
def test_people_who_see_the_application_download_the_cv(request, client_for, application, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url(application.cv))
    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Priya Raman CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_audited(client_for, recruiter, application):
    client_for(recruiter).get(url(application.cv))
    event = AuditEvent.objects.get(action="cv.download")
    assert event.actor == recruiter
    assert event.object_id == str(application.candidate.public_id)
    assert event.after["document"] == str(application.cv.public_id)


def test_an_interviewer_on_an_interview_downloads_the_cv(client_for, interviewer, application):
    on_panel(application, interviewer)
    response = client_for(interviewer).get(url(application.cv))
    assert response.status_code == 200
    assert body_of(response) == PDF


def test_an_interviewer_gets_only_the_cv_of_the_application_they_interview_on(client_for, interviewer, application):
    other = ApplicationFactory(candidate=application.candidate)
    other_cv = with_cv(other, make_pdf("Sent to another posting"), name="other.pdf")
    on_panel(application, interviewer)
    assert client_for(interviewer).get(url(application.cv)).status_code == 200
    assert client_for(interviewer).get(url(other_cv)).status_code == 404


def test_a_hiring_manager_gets_only_the_cvs_sent_to_their_postings(client_for, hiring_manager, application):
    other = ApplicationFactory(candidate=application.candidate)  # another manager's posting
    other_cv = with_cv(other, make_pdf("Sent to another posting"), name="other.pdf")
    client = client_for(hiring_manager)
    assert client.get(url(application.cv)).status_code == 200
    assert client.get(url(other_cv)).status_code == 404


def test_a_cv_a_recruiter_added_to_the_person_is_for_everyone_who_sees_them(
    client_for, hiring_manager, interviewer, outsider_manager, application
):
    own = add_document(application.candidate, make_pdf("Sourced CV"), name="sourced.pdf")
    on_panel(application, interviewer)
    assert client_for(hiring_manager).get(url(own)).status_code == 200
    assert client_for(interviewer).get(url(own)).status_code == 200
    assert client_for(outsider_manager).get(url(own)).status_code == 404


def test_an_interviewer_without_an_interview_gets_404(client_for, interviewer, application):
    assert client_for(interviewer).get(url(application.cv)).status_code == 404


def test_another_postings_hiring_manager_gets_404(client_for, outsider_manager, application):
    PostingFactory(hiring_manager=outsider_manager)
    assert client_for(outsider_manager).get(url(application.cv)).status_code == 404


def test_a_user_without_a_role_is_refused(client_for, no_role_user, application):
    assert client_for(no_role_user).get(url(application.cv)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(url(application.cv))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_download_accepts_only_get(client_for, recruiter, application):
    assert client_for(recruiter).post(url(application.cv)).status_code == 405


def test_an_htmx_request_gets_the_same_attachment(client_for, recruiter, application):
    response = client_for(recruiter).get(url(application.cv), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_candidate_id_is_not_a_document_id(client_for, recruiter, application):
    assert client_for(recruiter).get(url(application.candidate)).status_code == 404


def test_an_unknown_candidate_is_404(client_for, recruiter):
    assert client_for(recruiter).get("/postings/cv/7c9e6679-7425-40de-944b-e07fc1f90ae7/").status_code == 404


def test_a_missing_file_is_404_not_500(client_for, recruiter, application, settings):
    application.cv.file.storage.delete(application.cv.file.name)
    assert client_for(recruiter).get(url(application.cv)).status_code == 404


def test_a_docx_gets_its_content_type_and_a_safe_name(client_for, recruiter):
    docx = make_docx(["Arun Kumar", "Go and Kafka"])
    document = with_cv(ApplicationFactory(), docx, name='..\\..\\"résumé"; rm -rf.exe', kind="docx")
    response = client_for(recruiter).get(url(document))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''r%C3%A9sum%C3%A9%20rm%20-rf.docx" in disposition
    assert "\\" not in disposition and ".." not in disposition
    assert body_of(response) == docx


def test_the_download_uses_a_fixed_number_of_queries(client_for, recruiter, application, django_assert_max_num_queries):
    client = client_for(recruiter)
    with django_assert_max_num_queries(5):
        client.get(url(application.cv))

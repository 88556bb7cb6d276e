"""Downloading a CV: only for users who may see one of the candidate's applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.interviews.models import Interview, InterviewPanelist
from recruiting.postings.sample_files import make_docx, make_pdf
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory
from tests.postings.apply_factories import _fast_password_hashing  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db

PDF = make_pdf("Priya Raman\nGo, PostgreSQL, Kafka")


def with_cv(candidate, content: bytes = PDF, name: str = "Priya Raman CV.pdf", kind: str = "pdf"):
    candidate.cv.save("ignored", ContentFile(content), save=False)
    candidate.cv_filename = name
    candidate.cv_kind = kind
    candidate.save(update_fields=["cv", "cv_filename", "cv_kind"])
    return candidate


@pytest.fixture
def application(hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager)
    return ApplicationFactory(posting=posting, candidate=with_cv(CandidateFactory(full_name="Priya Raman")))


def url(candidate) -> str:
    return reverse("postings:cv_download", args=[candidate.public_id])


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["admin_user", "recruiter", "hiring_manager"])
def test_people_who_see_the_application_download_the_cv(request, client_for, application, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url(application.candidate))
    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Priya Raman CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_audited(client_for, recruiter, application):
    client_for(recruiter).get(url(application.candidate))
    event = AuditEvent.objects.get(action="cv.download")
    assert event.actor == recruiter
    assert event.object_id == str(application.candidate.public_id)


def test_an_interviewer_on_an_interview_downloads_the_cv(client_for, interviewer, application):
    start = timezone.now() + timedelta(days=1)
    interview = Interview.objects.create(
        application=application, title="Technical", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    InterviewPanelist.objects.create(
        interview=interview, interviewer=interviewer, busy=DateTimeTZRange(start, start + timedelta(hours=1))
    )
    response = client_for(interviewer).get(url(application.candidate))
    assert response.status_code == 200
    assert body_of(response) == PDF


def test_an_interviewer_without_an_interview_gets_404(client_for, interviewer, application):
    assert client_for(interviewer).get(url(application.candidate)).status_code == 404


def test_another_postings_hiring_manager_gets_404(client_for, outsider_manager, application):
    PostingFactory(hiring_manager=outsider_manager)
    assert client_for(outsider_manager).get(url(application.candidate)).status_code == 404


def test_a_user_without_a_role_is_refused(client_for, no_role_user, application):
    assert client_for(no_role_user).get(url(application.candidate)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(url(application.candidate))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_download_accepts_only_get(client_for, recruiter, application):
    assert client_for(recruiter).post(url(application.candidate)).status_code == 405


def test_an_htmx_request_gets_the_same_attachment(client_for, recruiter, application):
    response = client_for(recruiter).get(url(application.candidate), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_candidate_without_a_cv_is_404(client_for, recruiter):
    application = ApplicationFactory()
    assert client_for(recruiter).get(url(application.candidate)).status_code == 404


def test_an_unknown_candidate_is_404(client_for, recruiter):
    assert client_for(recruiter).get("/postings/cv/7c9e6679-7425-40de-944b-e07fc1f90ae7/").status_code == 404


def test_a_missing_file_is_404_not_500(client_for, recruiter, application, settings):
    application.candidate.cv.storage.delete(application.candidate.cv.name)
    assert client_for(recruiter).get(url(application.candidate)).status_code == 404


def test_a_docx_gets_its_content_type_and_a_safe_name(client_for, recruiter):
    docx = make_docx(["Arun Kumar", "Go and Kafka"])
    candidate = with_cv(CandidateFactory(), docx, name='..\\..\\"résumé"; rm -rf.exe', kind="docx")
    ApplicationFactory(candidate=candidate)
    response = client_for(recruiter).get(url(candidate))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''r%C3%A9sum%C3%A9%20rm%20-rf.docx" in disposition
    assert "\\" not in disposition and ".." not in disposition
    assert body_of(response) == docx


def test_the_download_uses_a_fixed_number_of_queries(client_for, recruiter, application, django_assert_max_num_queries):
    client = client_for(recruiter)
    with django_assert_max_num_queries(5):
        client.get(url(application.candidate))

"""Applications through the API: lists with filters and cursors in a constant number of
queries, creation by an agency with a CV, moves and rejections with If-Match."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruiting.audit.models import AuditEvent
from recruiting.pipelines.models import Application, Document, StageTransition
from recruiting.pipelines.moves import application_move
from recruiting.postings.sample_files import make_pdf
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager)


@pytest.fixture
def manager_api(api, make_token, hiring_manager):
    return api(make_token(hiring_manager))


def _stage(posting, name):
    return posting.stages.get(name=name)


def test_the_list_filters_by_posting_state_and_stage(manager_api, posting, hiring_manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    application_move(application=second, to_stage=_stage(posting, "Screen"), actor=hiring_manager, expected_version=1)
    ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    url = reverse("api:applications")
    by_posting = manager_api.get(url, {"posting": posting.public_id}).json()["items"]
    assert {item["id"] for item in by_posting} == {str(first.public_id), str(second.public_id)}
    by_stage = manager_api.get(url, {"stage": _stage(posting, "Screen").pk}).json()["items"]
    assert [item["id"] for item in by_stage] == [str(second.public_id)]
    assert manager_api.get(url, {"state": "rejected"}).json()["items"] == []


def test_cursor_pages_walk_every_application_once(manager_api, posting):
    made = {str(ApplicationFactory(posting=posting).public_id) for _ in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = manager_api.get(reverse("api:applications"), params).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and len(seen) == 7 and set(seen) == made


@pytest.mark.parametrize("count", [2, 40])
def test_the_list_costs_the_same_queries_for_few_and_many(manager_api, posting, count, django_assert_num_queries):
    for _ in range(count):
        ApplicationFactory(posting=posting)
    manager_api.get(reverse("api:postings"))  # last_used_at is written at most once a minute
    # 1 the token with its account, 1 the token's postings (its limit), 1 the page of
    # applications with candidate, posting, stage and reason joined.
    with django_assert_num_queries(3):
        response = manager_api.get(reverse("api:applications"), {"limit": 50})
    assert len(response.json()["items"]) == count


def test_reading_one_gives_its_version_as_etag(manager_api, posting):
    application = ApplicationFactory(posting=posting)
    response = manager_api.get(reverse("api:application", args=[application.public_id]))
    assert response.status_code == 200 and response["ETag"] == '"v1"'
    assert response.json()["candidate"]["name"] == application.candidate.full_name


def _move(client, application, stage, etag):
    headers = {"If-Match": etag} if etag else {}
    return client.post(
        reverse("api:application_move", args=[application.public_id]), {"stage": stage.pk}, headers=headers
    )


def test_a_move_with_the_current_etag_goes_through_the_board_s_service(manager_api, posting, hiring_manager):
    application = ApplicationFactory(posting=posting)
    response = _move(manager_api, application, _stage(posting, "Screen"), '"v1"')
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"v2"' and response.json()["stage"]["name"] == "Screen"
    transition = StageTransition.objects.filter(application=application).latest("at")
    assert transition.to_stage.name == "Screen" and transition.by == hiring_manager
    assert AuditEvent.objects.filter(action="application.move").exists()


def test_a_stale_etag_is_412_saying_what_happened(manager_api, posting, recruiter):
    application = ApplicationFactory(posting=posting)
    application_move(application=application, to_stage=_stage(posting, "Screen"), actor=recruiter, expected_version=1)
    response = _move(manager_api, application, _stage(posting, "Applied"), '"v1"')
    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    assert "Rita Recruiter moved" in response.json()["detail"]
    assert Application.objects.get(pk=application.pk).stage.name == "Screen"


def test_a_move_without_if_match_is_428(manager_api, posting):
    application = ApplicationFactory(posting=posting)
    assert _move(manager_api, application, _stage(posting, "Screen"), None).status_code == 428
    assert _move(manager_api, application, _stage(posting, "Screen"), "W/whatever").status_code == 412


def test_a_stage_of_another_posting_is_a_field_error(manager_api, posting, hiring_manager):
    application = ApplicationFactory(posting=posting)
    foreign = _stage(PostingFactory(hiring_manager=hiring_manager), "Screen")
    response = _move(manager_api, application, foreign, '"v1"')
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stage"


def test_reject_needs_a_known_reason_and_records_it(manager_api, posting):
    application = ApplicationFactory(posting=posting)
    url = reverse("api:application_reject", args=[application.public_id])
    bad = manager_api.post(url, {"reason": "Too tall"}, headers={"If-Match": '"v1"'})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    response = manager_api.post(url, {"reason": "skills mismatch", "note": "No Go"}, headers={"If-Match": '"v1"'})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "rejected" and body["rejection_reason"] == "Skills mismatch"
    again = manager_api.post(url, {"reason": "Other"}, headers={"If-Match": '"v2"'})
    assert again.status_code == 409


def test_an_interviewer_token_cannot_move(api, make_token, posting, interviewer):
    application = ApplicationFactory(posting=posting)
    client = api(make_token(interviewer))
    assert _move(client, application, _stage(posting, "Screen"), '"v1"').status_code == 404


def test_an_agency_sends_a_candidate_with_a_cv(manager_api, posting, hiring_manager):
    cv = SimpleUploadedFile("asha.pdf", make_pdf("Asha Rao\nPython, Django"), content_type="application/pdf")
    data = {
        "posting": str(posting.public_id),
        "full_name": "Asha Rao",
        "email": "asha.rao@mail.example.com",
        "phone": "+91 98400 12345",
        "source": "agency",
        "source_name": "TalentBridge",
        "cv": cv,
    }
    response = manager_api.post(reverse("api:application_create"), data, json=False)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "agency" and body["source_detail"] == "TalentBridge"
    application = Application.objects.get(public_id=body["id"])
    assert application.created_by == hiring_manager
    assert Document.objects.filter(application=application, file_type="pdf").count() == 1
    # The same person for the same posting again: the application we hold, unchanged.
    data["cv"] = SimpleUploadedFile("asha.pdf", make_pdf("Asha"), content_type="application/pdf")
    again = manager_api.post(reverse("api:application_create"), data, json=False)
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_a_bad_cv_and_missing_contact_are_field_errors(manager_api, posting):
    data = {
        "posting": str(posting.public_id),
        "full_name": "Asha Rao",
        "source": "job_board",
        "source_name": "Naukri",
        "cv": SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
    }
    response = manager_api.post(reverse("api:application_create"), data, json=False)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"cv", "email"} <= fields
    assert not Application.objects.exists()


def test_an_outsider_cannot_add_to_our_posting(api, make_token, posting, outsider_manager):
    data = {"posting": str(posting.public_id), "full_name": "X", "email": "x@mail.example.com", "source": "sourced"}
    response = api(make_token(outsider_manager)).post(reverse("api:application_create"), data, json=False)
    assert response.status_code == 404


def test_the_existing_person_keeps_their_profile(manager_api, posting):
    person = CandidateFactory(
        full_name="Asha Rao", email="asha@mail.example.com", email_normalised="asha@mail.example.com"
    )
    data = {
        "posting": str(posting.public_id),
        "full_name": "Someone Else",
        "email": "ASHA@mail.example.com",
        "source": "sourced",
    }
    response = manager_api.post(reverse("api:application_create"), data, json=False)
    assert response.status_code == 201
    assert response.json()["candidate"]["id"] == str(person.public_id)
    person.refresh_from_db()
    assert person.full_name == "Asha Rao"


def test_rejection_reasons_are_listed(manager_api):
    names = [r["name"] for r in manager_api.get(reverse("api:rejection_reasons")).json()]
    assert "Skills mismatch" in names

"""Documents kept per application (ADR 6): the migration of the old single CV, the
database keeping documents immutable and with their application's person, who sees
which document, and e-mails going to the address given with an application."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Application, Candidate, Document, DuplicateSuggestion
from recruiting.pipelines.moves import application_reject, ensure_default_rejection_reasons
from recruiting.pipelines.search import candidate_search
from recruiting.pipelines.services import application_create, candidate_merge
from recruiting.postings.sample_files import make_pdf
from recruiting.privacy.services import candidate_erase, candidate_export
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory, add_document
from tests.interviews.factories import book, make_interviewer, make_round
from tests.pipelines.factories import interview_for, posting_for, searchable

BEFORE = [("pipelines", "0006_default_rejection_reasons")]


def files_under(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


# --- The migration of existing data ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_candidate_cv_becomes_a_document_of_their_applications(settings, recruiter):
    posting_a, posting_b = PostingFactory(title="Lead Backend Engineer"), PostingFactory(title="SRE")
    stage_a, stage_b = posting_a.stages.order_by("order")[0], posting_b.stages.order_by("order")[0]
    stored = default_storage.save("cvs/legacy-priya", ContentFile(make_pdf("Priya Raman\nGo")))
    lone = default_storage.save("cvs/legacy-sourced", ContentFile(make_pdf("Arun\nRust")))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        OldCandidate, OldApplication = (
            old.get_model("pipelines", "Candidate"),
            old.get_model("pipelines", "Application"),
        )
        priya = OldCandidate.objects.create(
            full_name="Priya Raman",
            email="priya@example.com",
            email_normalised="priya@example.com",
            phone="+919876543210",
            phone_normalised="+919876543210",
            cv=stored,
            cv_filename="Priya CV.pdf",
            cv_kind="pdf",
            cv_text="Priya Raman Go",
            cv_status="ready",
        )
        now = priya.created_at
        for posting, stage in ((posting_a, stage_a), (posting_b, stage_b)):
            OldApplication.objects.create(
                candidate=priya, posting_id=posting.pk, stage_id=stage.pk, stage_entered_at=now
            )
        arun = OldCandidate.objects.create(
            full_name="Arun Kumar", cv=lone, cv_filename="arun.pdf", cv_kind="", cv_status="processing"
        )
        nobody = OldCandidate.objects.create(full_name="No CV", phone="098765 43210", phone_normalised="+919876543210")
        files_before = sorted(files_under(settings.MEDIA_ROOT))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    documents = Document.objects.filter(candidate_id=priya.pk).order_by("application__posting__title")
    assert [(d.application.posting.title, d.file.name) for d in documents] == [
        ("Lead Backend Engineer", stored),
        ("SRE", stored),
    ]
    for document in documents:
        assert (document.original_filename, document.file_type, document.text, document.text_status) == (
            "Priya CV.pdf",
            "pdf",
            "Priya Raman Go",
            "ready",
        )
        assert document.carried_over and document.uploaded_at
    [sourced] = Document.objects.filter(candidate_id=arun.pk)
    assert (sourced.application, sourced.file.name, sourced.file_type, sourced.text_status) == (
        None,
        lone,
        "pdf",
        "processing",
    )
    assert not Document.objects.filter(candidate_id=nobody.pk).exists()
    assert sorted(files_under(settings.MEDIA_ROOT)) == files_before  # no file copied or moved
    # Duplicates already in the data are suggestions now, by the same rule as new ones.
    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.candidate_id, suggestion.existing_id, suggestion.reasons) == (
        nobody.pk,
        priya.pk,
        ["same phone"],
    )
    # The carried-over file downloads through the new view, and is exported once.
    client_staff = UserFactory(role="recruiter", email="rita2@example.com")
    from django.test import Client

    client = Client()
    client.force_login(client_staff)
    response = client.get(reverse("postings:cv_download", args=[documents[0].public_id]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(candidate_export(candidate=Candidate.objects.get(pk=priya.pk), actor=None)))
    assert sorted(archive.namelist()) == ["Priya CV.pdf", "candidate.json"]


# --- The database keeps documents as they were sent ------------------------------------------


@pytest.mark.django_db
def test_a_stored_document_cannot_be_rewritten():
    document = add_document(CandidateFactory(), make_pdf("Go"))
    for change in ({"original_filename": "other.pdf"}, {"file": "cvs/other"}, {"sha256": "0" * 64}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)
    Document.objects.filter(pk=document.pk).update(text="Go", text_status="ready")  # reading it is allowed
    assert Document.objects.get(pk=document.pk).text == "Go"


@pytest.mark.django_db
def test_a_document_moves_with_its_application_when_the_database_moves_it():
    application = ApplicationFactory()
    document = add_document(application.candidate, application=application)
    other = CandidateFactory()
    Application.objects.filter(pk=application.pk).update(candidate=other)
    assert Document.objects.get(pk=document.pk).candidate == other


@pytest.mark.django_db
def test_a_document_cannot_claim_an_application_of_someone_else():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        add_document(CandidateFactory(), application=application)


# --- Who sees which document -----------------------------------------------------------------


@pytest.mark.django_db
def test_an_interviewer_sees_only_the_cv_of_the_application_they_interview_on(client_for, interviewer, hiring_manager):
    mine = ApplicationFactory(posting=posting_for(hiring_manager), candidate=CandidateFactory(full_name="Asha Rao"))
    elsewhere = ApplicationFactory(candidate=mine.candidate)
    add_document(mine.candidate, application=mine, name="for-my-panel.pdf", text="Kafka", status="ready")
    add_document(mine.candidate, application=elsewhere, name="sent-elsewhere.pdf", text="Secret", status="ready")
    interview_for(mine, interviewer)
    body = client_for(interviewer).get(mine.candidate.get_absolute_url()).content.decode()
    assert "for-my-panel.pdf" in body and "sent-elsewhere.pdf" not in body and "Secret" not in body


@pytest.mark.django_db
def test_a_hiring_managers_snippet_comes_only_from_cvs_sent_to_their_postings(hiring_manager):
    person = searchable(full_name="Asha Rao")
    mine = ApplicationFactory(posting=posting_for(hiring_manager), candidate=person)
    elsewhere = ApplicationFactory(candidate=person)
    add_document(person, application=mine, text="Kafka streams for payments", status="ready")
    add_document(person, application=elsewhere, text="Kafka and a salary of 90 lakh", status="ready")
    from recruiting.pipelines.services import candidate_refresh_search

    candidate_refresh_search([person.pk])
    [hit] = candidate_search(user=hiring_manager, query="kafka").hits
    assert "payments" in hit.snippet and "lakh" not in hit.snippet


# --- E-mails go to the address given with the application -----------------------------------


@pytest.mark.django_db
def test_rejections_invitations_and_links_go_to_the_address_on_the_application(recruiter, hiring_manager):
    from recruiting.interviews.services import scheduling_link_create

    person = CandidateFactory(full_name="Priya Raman", email="priya@old-job.example.com")
    posting = posting_for(hiring_manager)
    application, _ = application_create(
        candidate=person, posting=posting, applicant_name="Priya R", applicant_email="priya.r@gmail.com"
    )
    panelist = make_interviewer(email="pia@example.com")
    interview_round = make_round(posting, pool=[panelist], actor=recruiter)
    book(application, interview_round, [panelist], actor=recruiter)
    scheduling_link_create(application=application, round=interview_round, panel=[panelist], actor=recruiter)
    reason = ensure_default_rejection_reasons()[0]
    application_reject(application=application, reason=reason, actor=recruiter, send_email=True)
    to_candidate = {n.kind: n.to for n in Notification.objects.exclude(to=["pia@example.com"])}
    assert to_candidate == {
        "interview_invite": ["priya.r@gmail.com"],
        "interview_self_schedule": ["priya.r@gmail.com"],
        "rejection": ["priya.r@gmail.com"],
    }
    assert not Notification.objects.filter(to__contains=["priya@old-job.example.com"]).exists()


@pytest.mark.django_db
def test_an_application_without_an_address_of_its_own_uses_the_persons():
    application = ApplicationFactory(candidate=CandidateFactory(email="only@example.com"))
    assert application.applicant_email == "" and application.contact_email == "only@example.com"


# --- Erasure and merges ----------------------------------------------------------------------


@pytest.mark.django_db
def test_erasure_keeps_a_file_another_persons_document_still_points_at(admin_user, settings):
    shared = default_storage.save("cvs/shared-legacy", ContentFile(make_pdf("Shared")))
    first, second = CandidateFactory(), CandidateFactory()
    for person in (first, second):
        Document.objects.create(
            candidate=person, file=shared, original_filename="cv.pdf", file_type="pdf", uploaded_at=person.created_at
        )
    own = add_document(first, make_pdf("Own"))
    own_path = Path(settings.MEDIA_ROOT) / own.file.name
    candidate_erase(candidate=first, actor=admin_user, reason="Request")
    assert not Document.objects.filter(candidate=first).exists()
    assert not own_path.exists()
    assert (Path(settings.MEDIA_ROOT) / shared).exists()


@pytest.mark.django_db
def test_the_merged_persons_page_lists_the_cvs_of_both(client_for, recruiter):
    keep, dupe = CandidateFactory(full_name="Asha Rao"), CandidateFactory(full_name="Asha R")
    add_document(keep, application=ApplicationFactory(candidate=keep), name="keep.pdf")
    add_document(dupe, application=ApplicationFactory(candidate=dupe), name="dupe.pdf")
    candidate_merge(source=dupe, target=keep, actor=recruiter)
    body = client_for(recruiter).get(keep.get_absolute_url()).content.decode()
    assert body.count('data-testid="document"') == 2 and "dupe.pdf" in body

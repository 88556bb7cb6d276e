"""Recruiter-added candidates and CSV import (mapping, preview, a background job with a record per row, report)."""

from __future__ import annotations

from contextlib import ExitStack
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import TestCase

from recruiting.pipelines import importer
from recruiting.pipelines.models import Application, BackgroundJob, Candidate, DuplicateSuggestion, ImportBatch
from recruiting.postings.sample_files import make_pdf
from tests.factories import CandidateFactory
from tests.pipelines.factories import posting_for

pytestmark = pytest.mark.django_db
IMPORT = "/pipelines/candidates/import/"
ADD = "/pipelines/candidates/new/"

CSV = """Name,E-mail address,Mobile,Designation,Experience,Job,Tags
Asha Rao,asha@example.com,+91 98765 43210,Backend Engineer,6,Backend Engineer,"relocation, strong-go"
,nobody@example.com,,,,,
Bala Kumar,not-an-email,,,,Backend Engineer,
Chitra Iyer,chitra@example.com,,,,Astronaut,
Existing Person,EXISTING@example.com,,,,Backend Engineer,
Dev Patel,dev@example.com,,,lots,,
Asha Again,ASHA@example.com,,,,,
"""


@pytest.fixture
def posting(hiring_manager):
    return posting_for(hiring_manager, title="Backend Engineer")


def confirm(client, batch, **kwargs):
    """Confirm an import; its job runs on commit, in-process as without a broker."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"{IMPORT}{batch.public_id}/confirm/", **kwargs)


def upload(client, text=CSV, **data):
    file = SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")
    return client.post(IMPORT, {"file": file, **data})


def test_the_mapping_is_guessed_from_the_headers():
    mapping = importer.guess_mapping(["Name", "E-mail address", "Mobile", "Designation", "Experience", "Job", "Tags"])
    assert mapping == {
        "full_name": "Name",
        "email": "E-mail address",
        "phone": "Mobile",
        "current_role": "Designation",
        "total_years": "Experience",
        "posting": "Job",
        "tags": "Tags",
    }


def test_the_preview_reports_each_rejected_row_and_why(client_for, recruiter, posting):
    existing = CandidateFactory(
        full_name="Existing Person", email="existing@example.com", email_normalised="existing@example.com"
    )
    client = client_for(recruiter)
    response = upload(client)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    rows = {row.line: row for row in preview.context["preview"]}
    assert rows[2].status == "new" and rows[2].posting_title == "Backend Engineer"
    assert "missing name" in rows[3].reasons
    assert any("bad e-mail" in r for r in rows[4].reasons)
    assert any("unknown posting" in r for r in rows[5].reasons)
    assert rows[6].status == "linked" and rows[6].duplicate_of == str(existing.public_id)
    assert any("bad years" in r for r in rows[7].reasons)
    assert "same person as line 2" in rows[8].reasons
    assert preview.context["summary"] == {"rows": 7, "new": 1, "linked": 1, "rejected": 5}
    assert not Candidate.objects.filter(full_name="Asha Rao").exists()  # nothing saved yet
    assert batch.content  # kept in the database between steps


def test_confirming_imports_the_valid_rows_and_keeps_a_report(client_for, recruiter, posting):
    existing = CandidateFactory(
        full_name="Existing Person", email="existing@example.com", email_normalised="existing@example.com"
    )
    client = client_for(recruiter)
    upload(client)
    batch = ImportBatch.objects.get()
    response = confirm(client, batch)
    assert response.status_code == 302 and response["Location"] == BackgroundJob.objects.get().get_absolute_url()
    asha = Candidate.objects.get(full_name="Asha Rao")
    assert asha.phone_normalised == "+919876543210"
    assert set(asha.tags.values_list("name", flat=True)) == {"relocation", "strong-go"}
    assert Application.objects.get(candidate=asha).source == "import"
    assert Application.objects.filter(candidate=existing, posting=posting).exists()
    assert Candidate.objects.count() == 2
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.content == "" and len(batch.report) == 7
    report = client.get(f"{IMPORT}{batch.public_id}/", follow=True)
    assert report.status_code == 200 and "unknown posting" in report.content.decode()
    assert 'data-testid="job-remaining">0<' in report.content.decode()


def test_rows_sharing_a_phone_are_different_people_suggested_as_duplicates(client_for, recruiter):
    known = CandidateFactory(full_name="Known", phone="+919812345678", phone_normalised="+919812345678")
    client = client_for(recruiter)
    upload(
        client,
        text="Name,Email,Phone\nFirst,first@example.com,098123 45678\nSecond,second@example.com,+91 98123 45678\n",
    )
    batch = ImportBatch.objects.get()
    rows = {row.line: row for row in client.get(f"{IMPORT}{batch.public_id}/").context["preview"]}
    assert rows[2].status == rows[3].status == "new"
    assert "possible duplicate of Known (same phone)" in rows[2].notes
    confirm(client, batch)
    first, second = Candidate.objects.get(full_name="First"), Candidate.objects.get(full_name="Second")
    # Stored as the apply form stores a phone: E.164, whatever way it was typed.
    assert first.phone == second.phone == "+919812345678"
    assert first.applications.count() == 0 or first.applications.get().applicant_phone == "+919812345678"
    assert sorted(DuplicateSuggestion.objects.values_list("candidate", "existing", "reasons")) == [
        (first.pk, known.pk, ["same phone"]),
        (second.pk, known.pk, ["same phone"]),
    ]


@pytest.mark.parametrize("where", ["reading the row", "writing the chunk"])
def test_a_row_that_cannot_be_saved_is_refused_and_reported_the_others_imported(client_for, recruiter, posting, where):
    """A row that fails on its own is refused with the reason: in the chunk written
    together (its values), or, when the chunk's write fails as a whole, in the row-by-row
    retry of that chunk."""
    client = client_for(recruiter)
    upload(client, text="Name,Email\nOne Person,one@example.com\nTwo Person,two@example.com\n")
    batch = ImportBatch.objects.get()
    real_intake, real_write = importer._row_intake, importer._write_row

    def line_3_fails(real):
        def flaky(result, **kwargs):
            if result.line == 3:
                raise RuntimeError("disk on fire")
            return real(result, **kwargs)

        return flaky

    with ExitStack() as patches:
        if where == "reading the row":
            patches.enter_context(mock.patch.object(importer, "_row_intake", side_effect=line_3_fails(real_intake)))
        else:
            failed = IntegrityError("a concurrent writer")
            patches.enter_context(mock.patch.object(importer, "intake_many", side_effect=failed))
            patches.enter_context(mock.patch.object(importer, "_write_row", side_effect=line_3_fails(real_write)))
        response = confirm(client, batch)
    content = client.get(response["Location"]).content.decode()
    assert "could not be saved (disk on fire)" in content
    assert list(Candidate.objects.values_list("full_name", flat=True)) == ["One Person"]
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert batch.report[1]["status"] == "rejected" and "could not be saved (disk on fire)" in batch.report[1]["reasons"]
    job = batch.job
    assert (job.status, job.done, job.refused) == ("done", 2, 1)


def test_changing_the_mapping_updates_the_preview_over_htmx(client_for, recruiter):
    client = client_for(recruiter)
    upload(client, text="Who,Mail\nOne Person,one@example.com\n")
    batch = ImportBatch.objects.get()
    assert "full_name" not in batch.mapping
    response = client.post(f"{IMPORT}{batch.public_id}/", {"full_name": "Who", "email": "Mail"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert response.context["summary"]["new"] == 1


def test_a_file_that_is_not_text_is_refused_on_the_page(client_for, recruiter):
    file = SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00binary", content_type="text/csv")
    response = client_for(recruiter).post(IMPORT, {"file": file})
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_imports_are_for_recruiters_and_their_own_batches(
    client_for, recruiter, admin_user, hiring_manager, interviewer
):
    client = client_for(recruiter)
    upload(client, text="Name,Email\nOne,one@example.com\n")
    batch = ImportBatch.objects.get()
    assert client_for(hiring_manager).get(IMPORT).status_code == 403
    assert client_for(interviewer).get(IMPORT).status_code == 403
    from tests.factories import UserFactory

    other = UserFactory(role="recruiter")
    assert client_for(other).get(f"{IMPORT}{batch.public_id}/").status_code == 404
    assert client_for(admin_user).get(f"{IMPORT}{batch.public_id}/").status_code == 200
    assert client_for(other).get(f"{IMPORT}{batch.public_id}/confirm/").status_code == 405


# --- recruiter-added candidates ---------------------------------------------------------


def test_a_recruiter_adds_a_referred_candidate_with_a_cv_to_a_posting(
    client_for, recruiter, hiring_manager, posting, django_capture_on_commit_callbacks
):
    client = client_for(recruiter)
    assert client.get(ADD).status_code == 200
    cv = SimpleUploadedFile("cv.pdf", make_pdf("Rust and embedded firmware"), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD,
            {
                "full_name": "Nila Varma",
                "email": "nila@example.com",
                "phone": "",
                "current_role": "Firmware Engineer",
                "total_years": "4",
                "notice_period_days": "30",
                "source": "referral",
                "referrer": hiring_manager.pk,
                "posting": str(posting.public_id),
                "cv": cv,
            },
        )
    assert response.status_code == 302
    candidate = Candidate.objects.get(full_name="Nila Varma")
    application = Application.objects.get(candidate=candidate)
    assert (application.source, application.referred_by) == ("referral", hiring_manager)
    document = candidate.documents.get()  # kept with the application it came with
    assert document.application == application and document.original_filename == "cv.pdf"
    assert document.text_status == "ready" and "embedded firmware" in document.text  # eager task ran on commit
    assert (application.applicant_name, application.applicant_email) == ("Nila Varma", "nila@example.com")


def test_a_cv_added_without_a_posting_belongs_to_the_person(client_for, recruiter):
    cv = SimpleUploadedFile("cv.pdf", make_pdf("Haskell"), content_type="application/pdf")
    client_for(recruiter).post(
        ADD, {"full_name": "Nila Varma", "email": "nila@example.com", "source": "sourced", "cv": cv}
    )
    document = Candidate.objects.get().documents.get()
    assert document.application is None and document.uploaded_by == recruiter


def test_adding_someone_already_known_links_to_them_and_changes_nothing_about_them(client_for, recruiter):
    existing = CandidateFactory(
        full_name="Known Person", email="known@example.com", email_normalised="known@example.com", current_role=""
    )
    response = client_for(recruiter).post(
        ADD, {"full_name": "Known", "email": "Known@example.com", "current_role": "CTO", "source": "sourced"}
    )
    assert response["Location"] == existing.get_absolute_url()
    assert Candidate.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.full_name, existing.current_role) == ("Known Person", "")


def test_adding_someone_with_a_known_phone_only_is_a_new_person_and_a_suggestion(client_for, recruiter):
    existing = CandidateFactory(phone="+919876543210", phone_normalised="+919876543210")
    response = client_for(recruiter).post(
        ADD,
        {"full_name": "Other Person", "email": "other@example.com", "phone": "098765 43210", "source": "sourced"},
        follow=True,
    )
    new = Candidate.objects.get(full_name="Other Person")
    assert response.redirect_chain[-1][0] == new.get_absolute_url()
    assert "Possibly the same person as" in response.content.decode()
    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.candidate, suggestion.existing, suggestion.reasons) == (new, existing, ["same phone"])


def test_the_add_form_explains_what_is_missing(client_for, recruiter):
    bad_cv = SimpleUploadedFile("cv.pdf", b"MZ not a cv", content_type="application/pdf")
    response = client_for(recruiter).post(ADD, {"full_name": "X", "source": "agency", "cv": bad_cv})
    body = response.content.decode()
    assert response.status_code == 400
    assert "e-mail address or a phone" in body and "Name the agency" in body and "PDF or Word" in body


def test_the_add_form_reads_like_the_other_forms(client_for, recruiter):
    body = client_for(recruiter).get(ADD).content.decode()
    assert "Full name:" not in body and ">Full name</label>" in body
    assert 'class="source-detail for-referral' in body and 'class="source-detail for-agency' in body


def test_only_recruiters_add_candidates(client_for, hiring_manager, interviewer, client):
    assert client_for(hiring_manager).get(ADD).status_code == 403
    assert client_for(interviewer).post(ADD, {}).status_code == 403
    assert client.get(ADD).status_code in (302, 403)


def test_a_cv_added_for_an_application_we_already_had_is_the_persons(client_for, recruiter, posting):
    from recruiting.pipelines.services import application_create

    known = CandidateFactory(email="known@example.com", email_normalised="known@example.com")
    application, _ = application_create(candidate=known, posting=posting)
    cv = SimpleUploadedFile("cv.pdf", make_pdf("Newer CV"), content_type="application/pdf")
    client_for(recruiter).post(
        ADD,
        {
            "full_name": "Known",
            "email": "known@example.com",
            "source": "sourced",
            "posting": str(posting.public_id),
            "cv": cv,
        },
    )
    document = known.documents.get()
    assert document.application is None  # not what that application was sent with
    assert not application.documents.exists()


def test_bad_cells_and_headers_are_reported_row_by_row_never_a_500(client_for, recruiter, posting):
    long_header = "H" * 4000
    text = (
        f"Name,Email,Phone,Experience,Notice period,City,{long_header},👩🏽‍💻,Name,\n"
        "Asha \u202eoaR\u200f 👩🏽‍💻,asha@example.com,,6,30,Chennai,x,y,dup,\n"
        f"{'N' * 4000},long@example.com,,,,,,,,\n"
        "Bala,bala@example.com,,100000000000000000000000000,,,,,,\n"
        "Chitra,chitra@example.com,,-1,-1,,,,,\n"
        "Dev,dev@example.com,,NaN,Infinity,,,,,\n"
        f"Esha,{'e' * 4000}@example.com,{'9' * 4000},,,{'C' * 4000},,,,\n"
        "Farah,farah@example.com,,9999-12-30,0001-01-01,,,,,\n"
    )
    client = client_for(recruiter)
    response = upload(client, text=text)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    rows = {row.line: row for row in preview.context["preview"]}
    assert rows[2].status == "new"  # emoji and right-to-left marks are a name like any other
    assert "full name longer than 150 characters" in rows[3].reasons
    assert any("bad years" in r for r in rows[4].reasons)
    assert any("bad years" in r for r in rows[5].reasons) and any("bad notice" in r for r in rows[5].reasons)
    assert any("bad years" in r for r in rows[6].reasons) and any("bad notice" in r for r in rows[6].reasons)
    assert any("bad e-mail" in r for r in rows[7].reasons) and "city longer than 120 characters" in rows[7].reasons
    assert any("bad years" in r for r in rows[8].reasons)
    # The long header can be mapped like any other; without the bad number columns mapped,
    # only the over-long name and the bad e-mail are still refused.
    mapped = client.post(
        f"{IMPORT}{batch.public_id}/", {"full_name": "Name", "email": "Email", "location": long_header}
    )
    assert mapped.status_code in (200, 302)
    assert confirm(client, batch).status_code == 302
    asha = Candidate.objects.get(email="asha@example.com")
    assert asha.full_name == "Asha \u202eoaR\u200f 👩🏽‍💻" and asha.location == "x"
    assert set(Candidate.objects.values_list("email", flat=True)) == {
        f"{name}@example.com" for name in ("asha", "bala", "chitra", "dev", "farah")
    }

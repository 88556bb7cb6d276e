"""Data protection: the export of a candidate's data, erasure, the retention job and the
admin-only pages."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.interviews.models import Interview, Scorecard, ScorecardRating
from recruiting.interviews.services import scheduling_link_create
from recruiting.notifications.models import Notification
from recruiting.pipelines.knockouts import application_evaluate_knockouts
from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    Note,
    StageTransition,
)
from recruiting.pipelines.moves import application_reject, ensure_default_rejection_reasons
from recruiting.pipelines.search import candidate_search
from recruiting.pipelines.services import (
    application_create,
    candidate_merge,
    candidate_refresh_search,
    candidates_tag,
    note_create,
)
from recruiting.postings.models import ConsentText
from recruiting.postings.sample_files import make_pdf
from recruiting.privacy.services import (
    ERASED_FLAG,
    ErasureRefused,
    candidate_erase,
    candidate_export,
    candidates_anonymise_expired,
)
from recruiting.privacy.tasks import anonymise_expired_candidates
from tests.careers.apply_factories import add_question
from tests.factories import ApplicationFactory, CandidateFactory, add_document
from tests.interviews.factories import book, make_interviewer, make_round, submit
from tests.pipelines.factories import posting_for, with_cv

pytestmark = pytest.mark.django_db

CONSENT = "We use your details only to consider you for roles with us."
# Anything of these left anywhere after an erasure is a leak.
PERSONAL = ("Meera", "Krishnan", "meera.k", "9812345678", "Zentrix", "Pune")


def _reason(name: str = "Skills mismatch"):
    return next(r for r in ensure_default_rejection_reasons() if r.name == name)


def _apply(candidate, posting, *, consent_version: int | None = None) -> Application:
    application, _ = application_create(
        candidate=candidate,
        posting=posting,
        consent_version=consent_version,
        applicant_name=candidate.full_name,
        applicant_email=candidate.email.replace("@", "+jobs@"),
        applicant_phone=candidate.phone,
    )
    return application


def _mark_all_sent() -> None:
    """What the outbox worker would have done by now (tests never commit, so it does not run)."""
    Notification.objects.filter(status="queued", send_after__isnull=True).update(status="sent", sent_at=timezone.now())


@pytest.fixture
def person(hiring_manager, recruiter):
    """Meera applied with consent, a CV and answers (one knocks her out), has notes, a
    tag, a booked interview with a scorecard, a self-scheduling link and e-mails; then
    she was rejected, with a rejection e-mail still waiting to go."""
    posting = posting_for(hiring_manager, title="Platform Engineer", pay_max=3_000_000)
    ctc = add_question(posting, text="Expected CTC", kind="money", currency="INR", knockout_band_max=True)
    notice = add_question(posting, text="Notice period", kind="duration_days", knockout_op="lte", knockout_value="30")
    why = add_question(posting, text="Why us?", kind="text")
    ConsentText.objects.create(version=7, text=CONSENT)
    candidate = CandidateFactory(
        full_name="Meera Krishnan",
        email="meera.k@mail.example.com",
        email_normalised="meera.k@mail.example.com",
        phone="+919812345678",
        phone_normalised="+919812345678",
        current_role="Staff Engineer",
        current_company="Zentrix",
        location="Pune",
        skills=["Go", "Kafka"],
    )
    application = _apply(candidate, posting, consent_version=7)
    add_document(
        candidate,
        make_pdf("Meera Krishnan\nKafka"),
        application=application,
        name="Meera Krishnan CV.pdf",
        text="Meera Krishnan, Pune. Kafka streams at Zentrix.",
        status="ready",
    )
    Answer.objects.create(application=application, question=ctc, value="4500000")
    Answer.objects.create(application=application, question=notice, value="60")
    Answer.objects.create(application=application, question=why, value="Your Kafka team in Pune")
    application_evaluate_knockouts(application=application, reason="Answers given when applying")
    note_create(candidate=candidate, author=recruiter, body="Meera asked about relocating to Pune")
    candidates_tag(candidates=[candidate], add=["pune-only"], actor=recruiter)
    interviewer = make_interviewer(email="iris.panel@example.com", full_name="Iris Panel")
    tech = make_round(posting, pool=[interviewer], actor=recruiter)
    interview = book(application, tech, [interviewer], actor=recruiter)
    booked_for = (interview.starts_at, interview.ends_at)
    submit(interview, interviewer, notes="Meera explained Kafka partitions well")  # moves it into the past
    # ...and back: erasure must cancel an upcoming interview.
    Interview.objects.filter(pk=interview.pk).update(starts_at=booked_for[0], ends_at=booked_for[1])
    link, _ = scheduling_link_create(application=application, round=tech, panel=[interviewer], actor=recruiter)
    _mark_all_sent()
    application_reject(
        application=application,
        reason=_reason(),
        note="Meera only wants Pune",
        actor=recruiter,
        send_email=True,
    )
    candidate_refresh_search([candidate.pk])
    candidate.refresh_from_db()
    return {
        "candidate": candidate,
        "application": application,
        "interview": interview,
        "link": link,
        "posting": posting,
        "interviewer": interviewer,
    }


def _open(data: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, json.loads(archive.read("candidate.json"))


def _everything_about(candidate) -> str:
    """Every stored row that could hold this person's data, as one string."""
    apps = Application.objects.filter(candidate=candidate)
    rows = [
        list(Candidate.objects.filter(pk=candidate.pk).values()),
        list(apps.values()),
        list(Document.objects.filter(candidate=candidate).values()),
        list(Answer.objects.filter(application__in=apps).values()),
        list(Note.objects.filter(candidate=candidate).values()),
        list(Activity.objects.filter(candidate=candidate).values()),
        list(StageTransition.objects.filter(application__in=apps).values()),
        list(Interview.objects.filter(application__in=apps).values()),
        list(Scorecard.objects.filter(interview__application__in=apps).values()),
        list(ScorecardRating.objects.filter(scorecard__interview__application__in=apps).values()),
        list(Notification.objects.values()),
        list(candidate.tags.values()),
        list(AuditEvent.objects.filter(action="candidate.erase").values()),
    ]
    return json.dumps(rows, default=str)


# --- Export --------------------------------------------------------------------------


def test_the_export_holds_everything_about_the_person_and_the_cv(person, admin_user):
    candidate = person["candidate"]
    archive, data = _open(candidate_export(candidate=candidate, actor=admin_user))

    assert set(archive.namelist()) == {"candidate.json", "Meera Krishnan CV.pdf"}
    assert archive.read("Meera Krishnan CV.pdf").startswith(b"%PDF-")
    assert {"candidate", "merged_records", "applications", "notes", "timeline", "emails"} <= set(data)
    profile = data["candidate"]
    assert (profile["full_name"], profile["email"], profile["phone"]) == (
        "Meera Krishnan",
        "meera.k@mail.example.com",
        "+919812345678",
    )
    assert profile["tags"] == ["pune-only"]
    [document] = data["documents"]
    assert document["file_in_export"] == "Meera Krishnan CV.pdf"
    assert document["application"] == data["applications"][0]["public_id"]
    assert document["text"].startswith("Meera Krishnan, Pune") and document["sha256"]
    [application] = data["applications"]
    assert application["given_with_application"]["email"] == "meera.k+jobs@mail.example.com"
    assert application["posting"]["title"] == "Platform Engineer"
    assert (application["state"], application["stage"]) == ("rejected", "Applied")
    assert application["consent"]["consent_version"] == 7
    assert application["consent"]["text"] == CONSENT
    assert application["consent"]["consent_at"]
    assert {a["question"]: a["value"] for a in application["answers"]} == {
        "Expected CTC": "4500000",
        "Notice period": "60",
        "Why us?": "Your Kafka team in Pune",
    }
    assert [step["to_state"] for step in application["stage_history"]] == ["active", "rejected"]
    [interview] = application["interviews"]
    assert interview["starts_at"] and interview["ends_at"]
    assert interview["scorecards"][0]["notes"] == "Meera explained Kafka partitions well"
    assert interview["scorecards"][0]["ratings"]
    assert [note["body"] for note in data["notes"]] == ["Meera asked about relocating to Pune"]
    assert "application.created" in {item["kind"] for item in data["timeline"]}
    kinds = {mail["kind"]: mail for mail in data["emails"]}
    assert {"interview_invite", "interview_self_schedule", "rejection"} <= set(kinds)
    assert kinds["rejection"]["status"] == "queued" and kinds["interview_invite"]["sent_at"]


def test_an_export_is_audited_without_its_content(person, admin_user):
    candidate_export(candidate=person["candidate"], actor=admin_user)
    event = AuditEvent.objects.get(action="candidate.export")
    assert event.actor == admin_user
    assert event.object_id == str(person["candidate"].public_id)
    assert event.after["applications"] == 1 and event.after["cv_files"] == 1
    assert "meera.k" not in json.dumps(event.after)


def test_an_export_of_a_merged_person_includes_what_was_merged_in(person, admin_user, recruiter, hiring_manager):
    keep = person["candidate"]
    dupe = CandidateFactory(full_name="Meera K", email="meera.work@mail.example.com", location="Pune")
    with_cv(dupe, make_pdf("Meera K, older CV"), name="Meera Krishnan CV.pdf")
    other = _apply(dupe, posting_for(hiring_manager, title="SRE"))
    note_create(candidate=dupe, author=recruiter, body="Referred by a colleague")
    candidate_merge(source=dupe, target=keep, actor=recruiter)

    archive, data = _open(candidate_export(candidate=keep, actor=admin_user))

    assert [record["email"] for record in data["merged_records"]] == ["meera.work@mail.example.com"]
    assert str(other.public_id) in {application["public_id"] for application in data["applications"]}
    assert "Referred by a colleague" in {note["body"] for note in data["notes"]}
    # Two CVs with one name: both kept, neither overwrites the other.
    assert sorted(archive.namelist()) == ["Meera Krishnan CV (2).pdf", "Meera Krishnan CV.pdf", "candidate.json"]
    assert data["merges"][0]["from"] == str(dupe.public_id)


# --- Erasure -------------------------------------------------------------------------


def test_erasure_removes_every_personal_field(person, admin_user):
    candidate = person["candidate"]
    _mark_all_sent()

    assert candidate_erase(candidate=candidate, actor=admin_user, reason="Request by e-mail, 3 March") is True

    candidate.refresh_from_db()
    assert candidate.full_name == f"Erased candidate #{candidate.public_id.hex[:8]}"
    for field in ("email", "email_normalised", "phone", "phone_normalised", "current_role", "current_company"):
        assert getattr(candidate, field) == "", field
    assert (candidate.location, candidate.skills) == ("", [])
    assert not Document.objects.filter(candidate=candidate).exists()
    application = Application.objects.get(candidate=candidate)
    assert (application.applicant_name, application.applicant_email, application.applicant_phone) == ("", "", "")
    assert candidate.anonymised_at is not None
    assert not candidate.tags.exists() and not Note.objects.filter(candidate=candidate).exists()
    stored = _everything_about(candidate)
    leaks = [word for word in PERSONAL if word.lower() in stored.lower()]
    assert leaks == []


def test_erasure_deletes_the_cv_file_from_storage(person, admin_user, settings):
    candidate = person["candidate"]
    path = Path(settings.MEDIA_ROOT) / candidate.documents.get().file.name
    assert path.exists()
    candidate_erase(candidate=candidate, actor=admin_user, reason="Request")
    assert not path.exists()


def test_an_erased_person_is_out_of_search(person, admin_user, recruiter):
    candidate = person["candidate"]
    assert [hit.candidate.pk for hit in candidate_search(user=recruiter, query="Meera Krishnan").hits] == [candidate.pk]
    candidate_erase(candidate=candidate, actor=admin_user, reason="Request")
    assert candidate_search(user=recruiter, query="Meera Krishnan").hits == []
    assert candidate_search(user=recruiter, query="Kafka").hits == []
    row = Candidate.objects.filter(pk=candidate.pk).values("search_vector", "search_head").get()
    assert row == {"search_vector": None, "search_head": None}


def test_erasure_keeps_the_statistics(person, admin_user):
    application = person["application"]
    before = {
        "applications": list(Application.objects.values_list("pk", "posting", "stage", "state", "rejection_reason")),
        "transitions": list(StageTransition.objects.values_list("pk", "to_stage", "to_state", "at")),
        "ratings": list(ScorecardRating.objects.values_list("pk", "rating")),
        "recommendations": list(Scorecard.objects.values_list("pk", "recommendation")),
        "answers": Answer.objects.count(),
        "flags": len(Application.objects.get(pk=application.pk).knockout_flags),
    }
    assert before["flags"] == 2

    candidate_erase(candidate=person["candidate"], actor=admin_user, reason="Request")

    application.refresh_from_db()
    assert (
        list(Application.objects.values_list("pk", "posting", "stage", "state", "rejection_reason"))
        == before["applications"]
    )
    assert list(StageTransition.objects.values_list("pk", "to_stage", "to_state", "at")) == before["transitions"]
    assert list(ScorecardRating.objects.values_list("pk", "rating")) == before["ratings"]
    assert list(Scorecard.objects.values_list("pk", "recommendation")) == before["recommendations"]
    assert Answer.objects.count() == before["answers"]
    # Closed answers stay; free text and money go.
    assert dict(Answer.objects.values_list("question__kind", "value")) == {
        "money": None,
        "text": None,
        "duration_days": "60",
    }
    assert application.is_flagged and len(application.knockout_flags) == 2
    assert ERASED_FLAG in application.knockout_flags
    assert StageTransition.objects.filter(to_state="rejected").get().reason == "Skills mismatch"


def test_erasure_cancels_pending_emails_revokes_links_and_blanks_sent_mail(person, admin_user):
    candidate = person["candidate"]
    email = candidate.email
    rejection = Notification.objects.get(kind="rejection")
    assert rejection.status == "queued"

    candidate_erase(candidate=candidate, actor=admin_user, reason="Request")

    rejection.refresh_from_db()
    assert rejection.status == "cancelled"
    assert not Notification.objects.filter(to__contains=[email]).exists()
    invite = Notification.objects.get(kind="interview_invite", to=[])
    assert (invite.status, invite.subject, invite.body_text, invite.attachments) == ("sent", "(erased)", "", [])
    person["link"].refresh_from_db()
    assert person["link"].revoked_at is not None
    assert Scorecard.objects.get().notes == ""
    assert set(ScorecardRating.objects.values_list("evidence", flat=True)) == {""}


def test_erasure_cancels_upcoming_interviews_and_tells_the_panel_without_the_name(person, admin_user):
    interview = person["interview"]
    candidate_erase(candidate=person["candidate"], actor=admin_user, reason="Request")
    interview.refresh_from_db()
    assert interview.status == "cancelled" and interview.title == "Technical"
    cancellation = Notification.objects.get(kind="interview_cancelled")
    assert cancellation.to == ["iris.panel@example.com"] and cancellation.status == "queued"
    assert "Meera" not in cancellation.body_text + cancellation.subject


def test_the_erasure_audit_row_holds_counts_only(person, admin_user):
    candidate_erase(candidate=person["candidate"], actor=admin_user, reason="Request by e-mail")
    event = AuditEvent.objects.get(action="candidate.erase")
    assert event.actor == admin_user
    assert event.before["applications"] == 1 and event.before["notes"] == 1 and event.before["cv_files"] == 1
    assert all(isinstance(value, int) for value in event.before.values())
    assert event.after["reason"] == "Request by e-mail"
    assert "Meera" not in event.object_label


def test_it_refuses_to_erase_a_person_with_an_active_application(hiring_manager, admin_user):
    candidate = CandidateFactory(full_name="Arjun Rao")
    application = ApplicationFactory(candidate=candidate, posting=posting_for(hiring_manager))

    with pytest.raises(ErasureRefused, match="still active"):
        candidate_erase(candidate=candidate, actor=admin_user, reason="Request")

    candidate.refresh_from_db()
    assert candidate.full_name == "Arjun Rao" and candidate.anonymised_at is None
    assert not AuditEvent.objects.filter(action="candidate.erase").exists()

    assert candidate_erase(candidate=candidate, actor=admin_user, reason="Request", force=True) is True
    application.refresh_from_db()
    assert application.state == "withdrawn"
    assert application.transitions.filter(to_state="withdrawn").exists()


def test_erasing_twice_changes_nothing_the_second_time(person, admin_user):
    candidate = person["candidate"]
    candidate_erase(candidate=candidate, actor=admin_user, reason="Request")
    snapshot = _everything_about(candidate)
    assert candidate_erase(candidate=candidate, actor=admin_user, reason="Request") is False
    assert _everything_about(candidate) == snapshot
    assert AuditEvent.objects.filter(action="candidate.erase").count() == 1


def test_erasing_a_person_erases_the_records_merged_into_them(person, admin_user, recruiter):
    keep = person["candidate"]
    dupe = CandidateFactory(full_name="Meera K", email="meera.work@mail.example.com", location="Pune")
    with_cv(dupe, make_pdf("old CV"), name="old.pdf")
    merge = candidate_merge(source=dupe, target=keep, actor=recruiter)

    with pytest.raises(ErasureRefused, match="merged into"):
        candidate_erase(candidate=dupe, actor=admin_user, reason="Request")
    candidate_erase(candidate=keep, actor=admin_user, reason="Request")

    dupe.refresh_from_db()
    assert dupe.anonymised_at is not None and dupe.email == "" and not dupe.documents.exists()
    assert dupe.full_name.startswith("Erased candidate #")
    merge.refresh_from_db()
    assert "Meera" not in json.dumps(merge.snapshot)


def test_an_erasure_needs_a_reason(person, admin_user):
    with pytest.raises(ErasureRefused, match="why"):
        candidate_erase(candidate=person["candidate"], actor=admin_user, reason="  ")


# --- Retention -----------------------------------------------------------------------


@pytest.fixture
def retention(settings, hiring_manager):
    settings.RETENTION_DAYS_REJECTED = 30
    now = timezone.now()
    posting = posting_for(hiring_manager)
    second = posting_for(hiring_manager)

    def ended(name: str, *, days_ago: int, state: str = "rejected", posting=posting):
        candidate = CandidateFactory(full_name=name)
        application = _apply(candidate, posting)
        if state == "rejected":
            application_reject(application=application, reason=_reason())
        else:
            application.state = state
            application.save(update_fields=["state"])
        StageTransition.objects.filter(application=application, to_state=state).update(
            at=now - timedelta(days=days_ago)
        )
        return candidate

    people = {
        "expired": ended("Expired Person", days_ago=31),
        "recent": ended("Recent Person", days_ago=29),
        "active": CandidateFactory(full_name="Active Person"),
        "hired_too": ended("Hired Too", days_ago=90),
    }
    # Withdrawn long ago without a transition into that state: its updated_at counts.
    withdrawn = CandidateFactory(full_name="Withdrawn Person")
    application = _apply(withdrawn, posting)
    Application.objects.filter(pk=application.pk).update(state="withdrawn", updated_at=now - timedelta(days=40))
    people["withdrawn_long_ago"] = withdrawn
    # The latest of two ended applications decides.
    twice = ended("Applied Twice", days_ago=100)
    second_app = _apply(twice, second)
    application_reject(application=second_app, reason=_reason())
    StageTransition.objects.filter(application=second_app, to_state="rejected").update(at=now - timedelta(days=10))
    people["twice"] = twice
    old = _apply(people["active"], second)
    Application.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=400))
    hired = _apply(people["hired_too"], second)
    Application.objects.filter(pk=hired.pk).update(state="hired", updated_at=now - timedelta(days=400))
    never_applied = CandidateFactory(full_name="Never Applied")
    Candidate.objects.filter(pk=never_applied.pk).update(updated_at=now - timedelta(days=400))
    return now, people


def test_the_retention_job_anonymises_exactly_the_expired_people(retention):
    now, people = retention
    assert candidates_anonymise_expired(now=now) == 2
    anonymised = set(Candidate.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    assert anonymised == {people["expired"].pk, people["withdrawn_long_ago"].pk}
    event = AuditEvent.objects.filter(action="candidate.erase").first()
    assert event.actor is None and "Retention" in event.after["reason"]


def test_the_retention_boundary_is_the_configured_number_of_days(retention, settings):
    now, people = retention
    # One day later, the 29-day-old rejection is 30 days old: still not *more* than 30 days.
    assert candidates_anonymise_expired(now=now + timedelta(days=1)) == 2
    assert Candidate.objects.get(pk=people["recent"].pk).anonymised_at is None
    # Two days later it is 31 days old.
    assert candidates_anonymise_expired(now=now + timedelta(days=2)) == 1
    assert Candidate.objects.get(pk=people["recent"].pk).anonymised_at is not None


def test_the_retention_job_does_nothing_the_second_time(retention):
    now, _ = retention
    candidates_anonymise_expired(now=now)
    assert candidates_anonymise_expired(now=now) == 0


def test_the_beat_task_runs_the_retention_job(retention):
    assert anonymise_expired_candidates() == 2


# --- Pages ---------------------------------------------------------------------------


def page(candidate, action: str = "") -> str:
    return f"/pipelines/candidates/{candidate.public_id}/privacy/" + (f"{action}/" if action else "")


def test_an_admin_sees_what_is_held_and_the_actions(client_for, admin_user, person):
    response = client_for(admin_user).get(page(person["candidate"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Meera Krishnan" in body and "meera.k@mail.example.com" in body
    assert "Platform Engineer" in body and "v7" in body and CONSENT in body
    assert 'data-testid="export"' in body and 'data-testid="erase-submit"' in body
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager", "interviewer"])
@pytest.mark.parametrize("action", ["", "export", "erase"])
def test_other_roles_are_refused(client_for, request, person, role, action):
    client = client_for(request.getfixturevalue(role))
    url = page(person["candidate"], action)
    response = client.get(url) if not action else client.post(url, {"confirm": "ERASE", "reason": "x"})
    assert response.status_code == 403
    assert Candidate.objects.get(pk=person["candidate"].pk).anonymised_at is None
    assert not AuditEvent.objects.filter(action__in=["candidate.export", "candidate.erase"]).exists()


@pytest.mark.parametrize("action", ["", "export", "erase"])
def test_anonymous_visitors_are_sent_to_sign_in(client, person, action):
    url = page(person["candidate"], action)
    response = client.get(url) if not action else client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("method", "action"), [("post", ""), ("get", "export"), ("get", "erase")])
def test_the_wrong_method_is_405(client_for, admin_user, person, method, action):
    response = getattr(client_for(admin_user), method)(page(person["candidate"], action))
    assert response.status_code == 405


@pytest.mark.parametrize("action", ["", "export", "erase"])
def test_an_unknown_candidate_is_404(client_for, admin_user, action):
    ghost = Candidate(public_id=uuid.uuid4())
    client = client_for(admin_user)
    response = client.get(page(ghost, action)) if not action else client.post(page(ghost, action))
    assert response.status_code == 404


def test_the_export_downloads_as_a_zip_attachment(client_for, admin_user, person):
    candidate = person["candidate"]
    response = client_for(admin_user).post(page(candidate, "export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="candidate-{candidate.public_id}.zip"'
    archive, data = _open(b"".join(response.streaming_content))
    assert data["candidate"]["email"] == "meera.k@mail.example.com"
    assert "Meera Krishnan CV.pdf" in archive.namelist()
    assert AuditEvent.objects.filter(action="candidate.export", actor=admin_user).count() == 1


@pytest.mark.parametrize("typed", ["", "erase", "yes"])
def test_an_erasure_without_the_typed_confirmation_is_refused(client_for, admin_user, person, typed):
    response = client_for(admin_user).post(page(person["candidate"], "erase"), {"confirm": typed, "reason": "Request"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was erased" in body and "Type ERASE" in body
    assert Candidate.objects.get(pk=person["candidate"].pk).anonymised_at is None


def test_an_admin_erases_and_comes_back_to_the_page_with_a_message(client_for, admin_user, person):
    client = client_for(admin_user)
    candidate = person["candidate"]
    response = client.post(page(candidate, "erase"), {"confirm": "ERASE", "reason": "Request by e-mail"})
    assert response.status_code == 302 and response["Location"] == page(candidate)
    body = client.get(page(candidate)).content.decode()
    assert "Personal data erased" in body and 'data-testid="erased"' in body
    assert "Meera" not in body
    # Erased people leave the candidate pages.
    assert client.get(f"/pipelines/candidates/{candidate.public_id}/").status_code == 404


def test_an_active_application_needs_the_force_box(client_for, admin_user, hiring_manager):
    candidate = CandidateFactory(full_name="Arjun Rao")
    ApplicationFactory(candidate=candidate, posting=posting_for(hiring_manager))
    client = client_for(admin_user)
    refused = client.post(page(candidate, "erase"), {"confirm": "ERASE", "reason": "Request"})
    assert refused.status_code == 400 and "still active" in refused.content.decode()
    assert 'name="force"' in refused.content.decode()
    done = client.post(page(candidate, "erase"), {"confirm": "ERASE", "reason": "Request", "force": "on"})
    assert done.status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).anonymised_at is not None


def test_a_refused_erasure_over_htmx_rerenders_the_form_only(client_for, admin_user, person):
    response = client_for(admin_user).post(
        page(person["candidate"], "erase"), {"confirm": "no", "reason": "Request"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="erase"' in body and "<html" not in body and "Type ERASE" in body
    assert "HX-Request" in response["Vary"]


def test_a_merged_away_record_points_to_the_one_it_went_into(client_for, admin_user, person, recruiter):
    dupe = CandidateFactory(full_name="Meera K")
    candidate_merge(source=dupe, target=person["candidate"], actor=recruiter)
    client = client_for(admin_user)
    body = client.get(page(dupe)).content.decode()
    assert 'data-testid="merged"' in body and page(person["candidate"]) in body
    refused = client.post(page(dupe, "erase"), {"confirm": "ERASE", "reason": "Request"})
    assert refused.status_code == 400 and "merged into" in refused.content.decode()
    assert CandidateMerge.objects.get().source.anonymised_at is None


def test_the_page_runs_the_same_number_of_queries_for_more_applications(client_for, admin_user, hiring_manager):
    ConsentText.objects.create(version=3, text=CONSENT)
    candidate = CandidateFactory(full_name="Arjun Rao")
    _apply(candidate, posting_for(hiring_manager), consent_version=3)
    client = client_for(admin_user)
    client.get(page(candidate))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(page(candidate)).status_code == 200
    for _ in range(9):
        application = _apply(candidate, posting_for(hiring_manager), consent_version=3)
        note_create(candidate=candidate, author=admin_user, body="Another note")
        application_reject(application=application, reason=_reason())
    with CaptureQueriesContext(connection) as ten:
        assert client.get(page(candidate)).content.decode().count('data-testid="consent-row"') == 10
    assert len(ten.captured_queries) == len(one.captured_queries)


def _admin_request(user):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/pipelines/candidate/")
    request.user = user
    request._messages = CookieStorage(request)
    return request


def test_the_admin_action_opens_the_privacy_page_of_one_person(admin_user, person):
    from django.contrib import admin

    from recruiting.privacy.views import open_privacy_page

    model_admin = admin.site._registry[Candidate]
    candidate = person["candidate"]
    response = open_privacy_page(model_admin, _admin_request(admin_user), Candidate.objects.filter(pk=candidate.pk))
    assert response.status_code == 302 and response["Location"] == page(candidate)
    CandidateFactory(full_name="Someone Else")
    several = open_privacy_page(model_admin, _admin_request(admin_user), Candidate.objects.all())
    assert several is None


def test_the_admin_action_is_for_admins_only(recruiter, person):
    from django.contrib import admin

    from recruiting.privacy.views import open_privacy_page

    model_admin = admin.site._registry[Candidate]
    queryset = Candidate.objects.filter(pk=person["candidate"].pk)
    assert open_privacy_page(model_admin, _admin_request(recruiter), queryset) is None


def test_earlier_audit_rows_lose_the_name_but_keep_who_did_what(person, admin_user):
    from recruiting.audit.services import audit_record

    candidate = person["candidate"]
    name, email = candidate.full_name, candidate.email
    audit_record(actor=admin_user, action="cv.download", obj=candidate, after={"to": email})
    candidate_erase(candidate=candidate, actor=admin_user, reason="Request by e-mail on 20 Nov 2026")
    download = AuditEvent.objects.get(action="cv.download")
    assert name not in download.object_label
    assert email not in str(download.after)
    assert download.actor == admin_user
    assert not AuditEvent.objects.filter(object_label__icontains=name).exists()

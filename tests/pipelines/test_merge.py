"""Merging duplicates and undoing the merge exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recruiting.audit.models import AuditEvent
from recruiting.pipelines.models import Activity, Answer, Application, Candidate, CandidateMerge, Document, Note, Stage
from recruiting.pipelines.services import (
    MergeRefused,
    candidate_merge,
    candidate_merge_undo,
    candidates_tag,
    note_create,
)
from tests.careers.apply_factories import add_question
from tests.factories import ApplicationFactory, CandidateFactory, add_document
from tests.pipelines.factories import posting_for

pytestmark = pytest.mark.django_db


def state_of(*people) -> dict:
    """Everything a merge may touch, as plain data."""
    ids = [p.pk for p in people]
    return {
        "people": list(
            Candidate.objects.filter(pk__in=ids)
            .order_by("pk")
            .values(
                "pk",
                "email",
                "phone",
                "phone_normalised",
                "current_company",
                "total_years",
                "location",
                "skills",
                "merged_into",
            )
        ),
        "documents": sorted(
            Document.objects.filter(candidate__in=ids).values_list("pk", "candidate", "application", "file")
        ),
        "applications": sorted(Application.objects.filter(candidate__in=ids).values_list("pk", "candidate", "state")),
        "notes": sorted(Note.objects.filter(candidate__in=ids).values_list("pk", "candidate")),
        "activities": sorted(
            Activity.objects.filter(candidate__in=ids)
            .exclude(kind__startswith="candidate.merge")
            .values_list("pk", "candidate")
        ),
        "tags": sorted(Candidate.tags.through.objects.filter(candidate__in=ids).values_list("candidate", "tag")),
        "answers": sorted(
            Answer.objects.filter(application__candidate__in=ids).values_list("pk", "application__candidate")
        ),
    }


@pytest.fixture
def pair(hiring_manager, recruiter):
    """Two records of one person, who applied to one shared posting twice and to one
    other posting each."""
    shared = posting_for(hiring_manager, title="Backend Engineer")
    question = add_question(shared, text="Expected CTC", kind="money")
    keep = CandidateFactory(full_name="Priya Raman", email="priya@mail.example.com", current_company="", location="")
    dupe = CandidateFactory(
        full_name="Priya R",
        email="Priya@Mail.example.com",
        current_company="Zentrix",
        location="Chennai",
        total_years=Decimal("6.5"),
        skills=["Go"],
    )
    keep_total_years = Decimal("7.5")
    Candidate.objects.filter(pk=keep.pk).update(total_years=keep_total_years)
    shared_keep = ApplicationFactory(candidate=keep, posting=shared)
    shared_dupe = ApplicationFactory(candidate=dupe, posting=shared)
    Answer.objects.create(application=shared_dupe, question=question, value="100")
    add_document(keep, application=shared_keep, name="keep.pdf", text="Go", status="ready")
    add_document(dupe, application=shared_dupe, name="dupe.pdf", text="Kafka", status="ready")
    add_document(dupe, name="sourced.pdf", text="Rust", status="ready")  # added by a recruiter, no application
    # The duplicate's application is further along: it should be the one kept.
    Application.objects.filter(pk=shared_dupe.pk).update(stage=Stage.objects.get(posting=shared, name="Technical"))
    ApplicationFactory(candidate=keep, posting=posting_for(hiring_manager))
    only_dupe = ApplicationFactory(candidate=dupe, posting=posting_for(hiring_manager))
    note_create(candidate=dupe, author=recruiter, body="Met at a meetup")
    note_create(candidate=dupe, application=shared_dupe, author=recruiter, body="Good screen")
    candidates_tag(candidates=[dupe], add=["referral", "strong-go"], actor=recruiter)
    candidates_tag(candidates=[keep], add=["referral"], actor=recruiter)
    keep.refresh_from_db()
    dupe.refresh_from_db()
    return {"keep": keep, "dupe": dupe, "shared_keep": shared_keep, "shared_dupe": shared_dupe, "only_dupe": only_dupe}


def test_a_merge_moves_applications_notes_history_and_tags(pair, recruiter):
    keep, dupe = pair["keep"], pair["dupe"]
    merge = candidate_merge(source=dupe, target=keep, actor=recruiter)
    keep.refresh_from_db()
    dupe.refresh_from_db()
    assert dupe.merged_into == keep
    assert Application.objects.get(pk=pair["only_dupe"].pk).candidate == keep
    # Both applied to the shared posting: the more advanced application is kept, the other withdrawn.
    kept = Application.objects.get(pk=pair["shared_dupe"].pk)
    dropped = Application.objects.get(pk=pair["shared_keep"].pk)
    assert (kept.candidate, kept.state) == (keep, "active")
    assert (dropped.candidate, dropped.state) == (dupe, "withdrawn")
    assert Answer.objects.get(application=kept).application.candidate == keep
    assert set(Note.objects.filter(candidate=keep).values_list("body", flat=True)) == {"Met at a meetup", "Good screen"}
    assert set(keep.tags.values_list("name", flat=True)) == {"referral", "strong-go"}
    assert (keep.current_company, keep.location, keep.total_years) == ("Zentrix", "Chennai", Decimal("7.5"))
    assert keep.skills == ["Go"]
    # Each document stays with its application; the one added to the person moves with them.
    owners = dict(Document.objects.values_list("original_filename", "candidate"))
    assert owners == {"dupe.pdf": keep.pk, "keep.pdf": dupe.pk, "sourced.pdf": keep.pk}
    assert merge.snapshot["tags_added"] and AuditEvent.objects.filter(action="candidate.merge").exists()
    assert keep.activities.filter(kind="candidate.merged").exists()


def test_undo_restores_everything_exactly(pair, recruiter):
    keep, dupe = pair["keep"], pair["dupe"]
    before = state_of(keep, dupe)
    merge = candidate_merge(source=dupe, target=keep, actor=recruiter)
    assert state_of(keep, dupe) != before
    candidate_merge_undo(merge=merge, actor=recruiter)
    assert state_of(keep, dupe) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == recruiter
    assert AuditEvent.objects.filter(action="candidate.merge_undo").exists()


def test_a_merge_can_be_undone_only_once(pair, recruiter):
    merge = candidate_merge(source=pair["dupe"], target=pair["keep"], actor=recruiter)
    candidate_merge_undo(merge=merge, actor=recruiter)
    with pytest.raises(MergeRefused):
        candidate_merge_undo(merge=merge, actor=recruiter)


def test_merging_someone_already_merged_or_into_themselves_is_refused(pair, recruiter):
    candidate_merge(source=pair["dupe"], target=pair["keep"], actor=recruiter)
    with pytest.raises(MergeRefused):
        candidate_merge(source=pair["dupe"], target=pair["keep"], actor=recruiter)
    with pytest.raises(MergeRefused):
        candidate_merge(source=pair["keep"], target=pair["keep"], actor=recruiter)


def test_undo_is_refused_when_the_target_was_merged_on(pair, recruiter):
    merge = candidate_merge(source=pair["dupe"], target=pair["keep"], actor=recruiter)
    third = CandidateFactory()
    candidate_merge(source=pair["keep"], target=third, actor=recruiter)
    with pytest.raises(MergeRefused):
        candidate_merge_undo(merge=merge, actor=recruiter)


# --- views -----------------------------------------------------------------------------


def merge_url(candidate):
    return f"/pipelines/candidates/{candidate.public_id}/merge/"


def undo_url(candidate):
    return f"/pipelines/candidates/{candidate.public_id}/undo-merge/"


def test_a_recruiter_merges_and_undoes_from_the_pages(client_for, recruiter, pair):
    keep, dupe = pair["keep"], pair["dupe"]
    client = client_for(recruiter)
    page = client.get(keep.get_absolute_url()).content.decode()
    assert "Possible duplicates" in page and "Priya R" in page and "same e-mail" in page
    response = client.post(merge_url(keep), {"duplicate": str(dupe.public_id)})
    assert response.status_code == 302 and CandidateMerge.objects.filter(source=dupe, undone_at=None).exists()
    merged_page = client.get(dupe.get_absolute_url())
    assert merged_page.status_code == 200 and "was merged into" in merged_page.content.decode()
    assert "Undo merge" in client.get(keep.get_absolute_url()).content.decode()
    response = client.post(undo_url(dupe))
    assert response.status_code == 302
    dupe.refresh_from_db()
    assert dupe.merged_into is None


def test_hiring_managers_and_interviewers_cannot_merge(client_for, hiring_manager, interviewer, pair):
    data = {"duplicate": str(pair["dupe"].public_id)}
    assert client_for(hiring_manager).post(merge_url(pair["keep"]), data).status_code == 403
    assert client_for(interviewer).post(merge_url(pair["keep"]), data).status_code == 403
    assert client_for(hiring_manager).post(undo_url(pair["dupe"])).status_code == 403
    assert not CandidateMerge.objects.exists()


def test_merge_refuses_get_and_unknown_people(client_for, recruiter, pair):
    client = client_for(recruiter)
    assert client.get(merge_url(pair["keep"])).status_code == 405
    assert client.post(merge_url(pair["keep"]), {"duplicate": "not-a-uuid"}).status_code == 404
    assert client.post(undo_url(pair["keep"])).status_code == 404  # nothing to undo


def test_a_refused_merge_shows_a_message(client_for, recruiter, pair):
    response = client_for(recruiter).post(
        merge_url(pair["keep"]), {"duplicate": str(pair["keep"].public_id)}, follow=True
    )
    assert "cannot be merged into themselves" in response.content.decode()


def test_a_merged_persons_page_is_404_for_hiring_managers(client_for, recruiter, hiring_manager, pair):
    candidate_merge(source=pair["dupe"], target=pair["keep"], actor=recruiter)
    assert client_for(hiring_manager).get(pair["dupe"].get_absolute_url()).status_code == 404

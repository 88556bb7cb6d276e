"""Blind CV review for a posting: who sees the redacted CV and the candidate as an
initial and a number, and the redacted text and PDF themselves (`redaction.py` does the
removing)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from recruiting.audit.services import audit_record
from recruiting.interviews import access
from recruiting.interviews.models import PostingInterviewSettings
from recruiting.interviews.redaction import EMAIL, PHONE, redact
from recruiting.postings.sample_files import make_pdf


def posting_settings(posting) -> PostingInterviewSettings:
    """The posting's interview settings (unsaved defaults when never set)."""
    try:
        return posting.interview_settings
    except PostingInterviewSettings.DoesNotExist:
        return PostingInterviewSettings(posting=posting)


@transaction.atomic
def posting_blind_review_set(*, posting, blind_cv: bool, redact_colleges: bool, actor: Any) -> PostingInterviewSettings:
    """Turn blind CV review on or off for a posting (and whether colleges go too)."""
    prefs, _ = PostingInterviewSettings.objects.get_or_create(posting=posting)
    prefs.blind_cv, prefs.redact_colleges = blind_cv, redact_colleges
    prefs.save(update_fields=["blind_cv", "redact_colleges"])
    audit_record(
        actor=actor,
        action="posting.blind_review",
        obj=posting,
        after={"blind_cv": blind_cv, "redact_colleges": redact_colleges},
    )
    return prefs


def names_hidden_for(application, users) -> set[int]:
    """The pks of `users` who see `application`'s candidate as an initial and a number:
    on a blind posting, everyone but its managers until every scorecard they owe on the
    application is submitted (the rule of `access.can_see_feedback`, as for the CV). One
    query for the setting unless the posting was loaded with `interview_settings`; the
    per-person check runs only on a blind posting."""
    if not posting_settings(application.posting).blind_cv:
        return set()
    return {user.pk for user in users if not access.can_see_feedback(user, application)}


def hides_name_from(user, application) -> bool:
    """Pages, e-mails and calendar invitations for `user` name the candidate
    `candidate_label(application)` instead of their name."""
    return bool(names_hidden_for(application, [user]))


def name_for(user, application) -> str:
    """The candidate as `user` may see them: their name, or the blind label."""
    if hides_name_from(user, application):
        return candidate_label(application)
    return application.candidate.full_name


def list_name_for(user, application) -> str:
    """The candidate in a list of many rows, without a query (rows load
    `posting__interview_settings`; recruiters and the posting's hiring manager need not):
    the name for those two, the label for anyone else on a blind posting, even after
    their scorecard (the safe side; one interview's pages use `name_for`)."""
    posting = application.posting
    if user.has_role("recruiter") or posting.hiring_manager_id == user.pk:
        return application.candidate.full_name
    try:
        blind = posting.interview_settings.blind_cv
    except PostingInterviewSettings.DoesNotExist:
        blind = False
    return candidate_label(application) if blind else application.candidate.full_name


def cv_blind_for(user, application) -> bool:
    """On a blind posting an interviewer sees the redacted CV until every scorecard they
    owe on the application is submitted (the blind rule of `access.can_see_feedback`)."""
    return hides_name_from(user, application)


def candidate_label(application) -> str:
    """The candidate as an initial and a number: "P. #1042"."""
    name = (application.contact_name or application.candidate.full_name or "?").strip()
    return f"{name[:1].upper()}. #{application.pk}"


def redacted_text(application, document) -> str:
    prefs = posting_settings(application.posting)
    candidate = application.candidate
    text = document.text or ""
    # The exact details given with the application go whatever their form in the CV.
    for value, token in ((application.contact_email, EMAIL), (candidate.email, EMAIL)):
        if value:
            text = text.replace(value, token)
    for value in (application.applicant_phone, candidate.phone):
        if value and len(value) >= 10:
            text = text.replace(value, PHONE)
    return redact(text, names=[candidate.full_name, application.contact_name], colleges=prefs.redact_colleges)


def redacted_pdf(application, document) -> bytes:
    """A PDF made from the redacted text alone (so no photo or hidden layer survives)."""
    return make_pdf(redacted_text(application, document))


def document_veto(user, document) -> str | None:
    """Registered with `core.vetoes`: the original CV of a blind posting is not for an
    interviewer who has not submitted their scorecard yet."""
    application = getattr(document, "application", None)
    if application is None or not user.is_authenticated or user.has_role("recruiter"):
        return None
    if cv_blind_for(user, application):
        return "blind CV review"
    return None


def candidate_mask(user, applications) -> str | None:
    """Registered with `core.vetoes`: the candidate page shows an interviewer the blind
    label when any application they see it through hides the name from them."""
    if not user.is_authenticated or user.has_role("recruiter"):
        return None
    for application in applications:
        if hides_name_from(user, application):
            return candidate_label(application)
    return None

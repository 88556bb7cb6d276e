"""Accepting an application: `application_submit`, used by the careers site's apply
form, demo data and anything else that applies on someone's behalf; and
`candidate_add_by_recruiter`, a person a recruiter found, by the same identity rule.

One transaction finds the person by e-mail (ADR 6) or creates one, creates the
application with the contact details given, keeps the CV as a document of that
application, stores the answers, evaluates knock-outs (rejecting when the posting says
so) and queues the confirmation e-mail and CV text extraction after commit. A
double-submitted form (the same `submission_key`) is one application.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from recruiting.core.contact import normalise_phone
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.cv import check_cv
from recruiting.pipelines.documents import document_store
from recruiting.pipelines.knockouts import application_evaluate_knockouts
from recruiting.pipelines.models import Answer, Application, Candidate, RejectionReason, Source
from recruiting.pipelines.moves import application_reject
from recruiting.pipelines.services import application_create, candidate_for_applicant
from recruiting.postings.models import ConsentText, KnockoutAction, Posting, QuestionKind, ScreeningQuestion

logger = logging.getLogger(__name__)

KNOCKOUT_REASON_NAME = "Knock-out"
DEFAULT_CONSENT_TEXT = (
    "I agree that the company may store and process the personal data in this application "
    "(my CV, contact details and answers) to consider me for this and similar roles. I can ask "
    "for a copy of my data or for it to be deleted at any time, and it is deleted automatically "
    "some time after the hiring process ends."
)


def consent_current() -> ConsentText:
    """The consent text shown on the form: the latest version, or a first one."""
    consent = ConsentText.objects.order_by("-version").first()
    if consent is None:
        consent, _ = ConsentText.objects.get_or_create(version=1, defaults={"text": DEFAULT_CONSENT_TEXT})
    return consent


class NotAcceptingApplications(Exception):
    """The posting is not open (draft, paused or closed)."""


class AlreadyApplied(Exception):
    """The person already has an application to this posting."""

    def __init__(self, application) -> None:
        super().__init__("already applied")
        self.application = application


def already_applied_notify(*, application) -> None:
    """Tell the applicant that we already have their application, at the address given
    with that (earlier) application, never at one typed now; at most one such e-mail a
    day per application."""
    address = application.contact_email
    if not address:
        return
    today = timezone.localdate()
    with transaction.atomic():
        notification_queue(
            key=f"already-applied:{application.public_id}:{today.isoformat()}",
            kind="already_applied",
            to=[address],
            context={"name": application.contact_name, "posting_title": application.posting.title},
            related=application,
        )


@dataclass(frozen=True)
class SubmitResult:
    application: Any
    created: bool  # False: the same form was submitted before (same submission key)


def confirmation_key(application) -> str:
    return f"apply-confirmation:{application.public_id}"


def knockout_rejection_key(application) -> str:
    """The outbox key of the delayed knock-out rejection; cancel it with
    `notification_cancel(key=knockout_rejection_key(application))`."""
    return f"knockout-rejection:{application.public_id}"


def _profile_from_answers(answers: Sequence[tuple[ScreeningQuestion, Any]]) -> dict[str, Any]:
    """Candidate profile fields the board shows (notice period, years) taken from answers."""
    fields: dict[str, Any] = {}
    for question, value in answers:
        if value in (None, ""):
            continue
        text = question.text.lower()
        if question.kind == QuestionKind.DURATION_DAYS and "notice" in text and "notice_period_days" not in fields:
            fields["notice_period_days"] = min(int(Decimal(value)), 32767)
        elif (
            question.kind == QuestionKind.YEARS
            and not question.skill
            and "experience" in text
            and "total_years" not in fields
        ):
            fields["total_years"] = min(Decimal(value), Decimal("99.9"))
    return fields


def _reject_for_knockout(*, application, flags: Sequence[str], notify: bool) -> None:
    reason, _ = RejectionReason.objects.get_or_create(name=KNOCKOUT_REASON_NAME)
    rejected = application_reject(
        application=application,
        reason=reason,
        note="; ".join(flags)[:500],
        actor=None,
        send_email=False,  # our own knock-out wording goes out below, after the posting's delay
    )
    application.state = rejected.state
    application.rejection_reason = rejected.rejection_reason
    application.rejection_note = rejected.rejection_note
    application.version = rejected.version
    if notify and application.contact_email:
        posting = application.posting
        notification_queue(
            key=knockout_rejection_key(application),
            kind="knockout_rejection",
            to=[application.contact_email],
            context={"first_name": _first_name(application.contact_name), "posting_title": posting.title},
            send_after=timezone.now() + dt.timedelta(hours=posting.rejection_delay_hours),
            related=application,
        )


def _first_name(full_name: str) -> str:
    return (full_name.split() or ["there"])[0]


def application_submit(
    *,
    posting: Posting,
    full_name: str,
    email: str,
    phone: str,
    cv_file: Any,
    cv_kind: str,
    answers: Sequence[tuple[ScreeningQuestion, Any]],
    consent_version: int | None,
    submission_key: str | None = None,
    source: str = "careers",
    source_detail: str = "",
    referred_by: Any | None = None,
    actor: Any | None = None,
    notify: bool = True,
    profile: dict[str, Any] | None = None,
) -> SubmitResult:
    """Accept one application: the person (found by e-mail only, else new: ADR 6), the
    application with the contact details given, its CV as a document of its own,
    answers, knock-outs, a confirmation e-mail to the address given, CV text extraction.

    `cv_file` must already have passed `check_cv` (`cv_kind` is its answer). The same
    `submission_key` twice returns the first application (`created=False`); a person
    who already applied to `posting` raises AlreadyApplied and nothing is stored; a
    posting that is not open raises NotAcceptingApplications.
    Atomic; the CV file written to storage is removed again if anything fails.
    `profile` gives a new person's fields (current_role, location, skills ...); an
    existing person is never changed. `notify=False` queues no e-mails (demo data).
    """
    if submission_key:
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return SubmitResult(existing, False)
    if posting.status != Posting.Status.OPEN:
        raise NotAcceptingApplications(posting.status)

    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _submit(
                posting=posting,
                full_name=full_name,
                email=email,
                phone=phone,
                cv_file=cv_file,
                cv_kind=cv_kind,
                answers=answers,
                consent_version=consent_version,
                submission_key=submission_key,
                source=source,
                source_detail=source_detail,
                referred_by=referred_by,
                actor=actor,
                notify=notify,
                stored=stored,
                profile=profile or {},
            )
    except BaseException as exc:
        # The database rolled back; the file system does not, so undo the CV write by hand.
        from django.core.files.storage import default_storage

        for name in stored:
            default_storage.delete(name)
        if isinstance(exc, AlreadyApplied) and submission_key and exc.application.submission_key == submission_key:
            # The same form sent twice at once: the person lock made us wait for the first.
            return SubmitResult(exc.application, False)
        raise
    return SubmitResult(application, True)


def _submit(
    *,
    posting,
    full_name,
    email,
    phone,
    cv_file,
    cv_kind,
    answers,
    consent_version,
    submission_key,
    source,
    source_detail,
    referred_by,
    actor,
    notify,
    stored: list[str],
    profile: dict[str, Any],
):
    # Only the e-mail names the person: the existing one is used as is, anyone else is
    # new (a shared phone or similar name is a duplicate suggestion). ADR 6.
    candidate, created = candidate_for_applicant(
        full_name=full_name, email=email, phone=phone, actor=actor, **{**profile, **_profile_from_answers(answers)}
    )
    if not created:
        earlier = Application.objects.filter(candidate=candidate, posting=posting).first()
        if earlier is not None:
            raise AlreadyApplied(earlier)

    application, _ = application_create(
        candidate=candidate,
        posting=posting,
        source=source,
        actor=actor,
        source_detail=source_detail,
        referred_by=referred_by,
        consent_version=consent_version,
        submission_key=submission_key,
        applicant_name=full_name,
        applicant_email=email,
        applicant_phone=(normalise_phone(phone) or phone) if phone else "",
    )
    if cv_file is not None:
        # A new document of this application; whatever the person sent before stays.
        document_store(candidate=candidate, application=application, upload=cv_file, file_type=cv_kind, stored=stored)
    Answer.objects.bulk_create(
        Answer(application=application, question=question, value=value)
        for question, value in answers
        if value is not None
    )
    flags = application_evaluate_knockouts(application=application, reason="Answers given when applying")
    if notify and application.contact_email:
        notification_queue(
            key=confirmation_key(application),
            kind="apply_confirmation",
            to=[application.contact_email],
            context={"first_name": _first_name(application.contact_name), "posting_title": posting.title},
            related=application,
        )
    if flags and posting.knockout_action == KnockoutAction.REJECT:
        _reject_for_knockout(application=application, flags=flags, notify=notify)
    return application


# ---------------------------------------------------------------------------------------
# People added by a recruiter
# ---------------------------------------------------------------------------------------


@transaction.atomic
def candidate_add_by_recruiter(
    *,
    actor: Any,
    full_name: str,
    email: str = "",
    phone: str = "",
    posting=None,
    source: str = Source.SOURCED,
    source_detail: str = "",
    referred_by=None,
    cv=None,
    cv_type: str = "",
    **profile: Any,
) -> tuple[Candidate, Application | None, bool]:
    """Add a person found by a recruiter, by the same rule as the apply form (ADR 6): the
    existing person with the same e-mail gets the application, unchanged; anybody else is
    a new person (a matching phone or name becomes a duplicate suggestion). Optionally
    into a posting's first stage, and with a CV, kept as a document of that application
    (or of the person when there is none). Returns (candidate, application or None,
    created)."""
    candidate, created = candidate_for_applicant(full_name=full_name, email=email, phone=phone, actor=actor, **profile)
    application, applied_now = None, False
    if posting is not None:
        application, applied_now = application_create(
            candidate=candidate,
            posting=posting,
            source=source,
            actor=actor,
            source_detail=source_detail,
            referred_by=referred_by,
            applicant_name=full_name,
            applicant_email=email,
            applicant_phone=(normalise_phone(phone) or phone) if phone else "",
        )
    if cv is not None:
        # A CV goes with the application it came with; one for an application we already
        # had was not sent with it, so it is the person's.
        document_store(
            candidate=candidate,
            application=application if applied_now else None,
            upload=cv,
            file_type=cv_type or check_cv(cv),
            actor=actor,
        )
    return candidate, application, created

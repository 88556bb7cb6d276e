"""Erasing a person (India's DPDP Act 2023, GDPR, ADR 4), across every app: pipelines'
records through `pipelines.privacy`, the outbox through `notifications.privacy`, and the
apps above through the privacy parts they register (core.privacy).

Erasure anonymises in place rather than deleting rows. Applications, stage transitions,
interview times, ratings and recommendations stay, stripped of whatever identifies the
person, so funnels, time in stage, source and rating statistics still add up.

Decisions (see also the docstring of `candidate_erase`):
- Kept on an anonymised record: years of experience, notice period, answers of the
  closed kinds (numbers, durations, years, yes/no, choices), the stage history and the
  rejection reason. Text, money and date answers are nulled: free text identifies, money
  is compensation, and a date may be a birth date. Their rows stay, so answer counts and
  the number of knock-outs per question still add up.
- A knock-out flag produced by a nulled answer is replaced by a neutral text; the number
  of flags and `is_flagged` are kept.
- Documents (CVs, ADR 6) are deleted, rows and files: nothing in them is statistics. The
  files are deleted inside the transaction, after every row has been written: a failed
  commit then leaves a row pointing at a missing file (the next erase finishes the job),
  never a stored CV that no row points at any more. A file another person's document
  still points at (a carried-over CV shared by a merge) stays.
- The name, e-mail and phone given with each application are blanked like the person's.
- Records merged into another are the same person: export and erasure cover the whole
  merge group. A merged-away record cannot be erased on its own (erase the one it went into).
- The audit log is append-only and is not rewritten here.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.audit.services import audit_record, audit_redact
from recruiting.core.privacy import Subject, privacy_modules
from recruiting.notifications.privacy import notifications_erase
from recruiting.pipelines import signals as pipeline_signals
from recruiting.pipelines.models import (
    Answer,
    Application,
    Candidate,
    Document,
    Note,
    RejectionReason,
)
from recruiting.pipelines.moves import application_withdraw
from recruiting.pipelines.privacy import (
    ERASED_ANSWER_KINDS,
    delete_document_files,
    emails_of,
    erased_name,
    merge_group,
    personal_strings,
    scrub_import_reports,
    scrub_knockouts,
    scrub_merges,
    scrub_timeline,
    scrub_transitions,
)
from recruiting.pipelines.services import activity_record
from recruiting.privacy.holdings import held_counts

logger = logging.getLogger(__name__)


class ErasureRefused(ValueError):
    """An erasure that cannot be done as asked; str(exc) says why, for the page."""


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor: Any, reason: str, force: bool = False) -> bool:
    """Erase the personal data of the person behind `candidate` (their whole merge group)
    by anonymising in place. Returns True when it erased, False when the person had been
    erased already (nothing changes then: idempotent).

    Name → "Erased candidate #<short id>"; e-mail, phone (and their keys), role,
    company, location, skills, tags, search vectors and the contact details given with
    each application blanked; documents (CV files and text) and notes deleted; text/money/date answers nulled; timeline lines, scorecard free text, stage
    reasons, merge snapshots, import reports and e-mails scrubbed; pending e-mails to them
    cancelled; self-scheduling links revoked; upcoming interviews cancelled.

    Refuses (ErasureRefused, a ValueError) without a reason, for a record merged into
    another, and while an application is active unless `force` — then the active
    applications are withdrawn first, so the board and the funnels stay consistent.
    The audit row (`candidate.erase`) holds counts, never personal data."""
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ErasureRefused("Say why the data is erased (for example, the person's request and its date).")
    locked = Candidate.objects.select_for_update(of=("self",)).select_related("merged_into").get(pk=candidate.pk)
    if locked.anonymised_at is not None:
        candidate.refresh_from_db()
        return False
    if locked.merged_into_id is not None:
        raise ErasureRefused(
            f"This record was merged into {locked.merged_into.full_name}. Erase that record: it covers this one too."
        )
    group = merge_group(locked)
    ids = [person.pk for person in group]
    list(Candidate.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    app_ids = list(Application.objects.filter(candidate_id__in=ids).values_list("pk", flat=True))
    emails = emails_of(group)
    counts = held_counts(ids, app_ids, emails)
    active = list(Application.objects.filter(pk__in=app_ids, state=Application.State.ACTIVE))
    if active and not force:
        raise ErasureRefused(
            f"{len(active)} application(s) of this person are still active. Reject or withdraw them first, "
            "or confirm that they should be withdrawn as part of the erasure."
        )
    now = timezone.now()
    label = erased_name(locked)
    personal = personal_strings(group)
    stored_files = set(Document.objects.filter(candidate_id__in=ids).values_list("file", flat=True))
    note_ids = [str(pk) for pk in Note.objects.filter(candidate_id__in=ids).values_list("pk", flat=True)]
    # The people first: what is written from here on (withdrawals, interview
    # cancellations to the panel, their audit rows) carries the erased name, and no
    # e-mail goes to the person's address.
    for person in group:
        Candidate.objects.filter(pk=person.pk).update(
            full_name=erased_name(person),
            email="",
            email_normalised="",
            phone="",
            phone_normalised="",
            current_role="",
            current_company="",
            location="",
            skills=[],
            # Out of every search at once, not only filtered out by `anonymised_at`.
            search_vector=None,
            search_head=None,
            anonymised_at=now,
            updated_at=now,
        )
    Candidate.tags.through.objects.filter(candidate_id__in=ids).delete()
    Document.objects.filter(candidate_id__in=ids).delete()
    Application.objects.filter(pk__in=app_ids).update(applicant_name="", applicant_email="", applicant_phone="")
    for application in active:
        application_withdraw(application=application, actor=actor, reason="Personal data erased")
    subject = Subject(
        candidate_ids=ids, application_ids=app_ids, emails=emails, actor=actor, now=now, label=label, personal=personal
    )
    related = Q(related_type=Application._meta.label_lower, related_id__in=[str(pk) for pk in app_ids]) | Q(
        related_type=Note._meta.label_lower, related_id__in=note_ids
    )
    # Each app above erases what it holds (interviews: titles, scorecards, links ...).
    for module in privacy_modules():
        if hasattr(module, "erase"):
            for label_lower, pks in module.erase(subject=subject):
                related |= Q(related_type=label_lower, related_id__in=[str(pk) for pk in pks])
    notifications_erase(emails=emails, related=related, now=now, cancel_related_types=[Note._meta.label_lower])
    scrub_knockouts(app_ids)
    Answer.objects.filter(application_id__in=app_ids, question__kind__in=ERASED_ANSWER_KINDS).update(value=None)
    Application.objects.filter(pk__in=app_ids).exclude(rejection_note="").update(rejection_note="", updated_at=now)
    scrub_transitions(app_ids, set(RejectionReason.objects.values_list("name", flat=True)))
    scrub_timeline(ids, personal, label)
    scrub_merges(ids, label)
    scrub_import_reports(group, personal, label)
    Note.objects.filter(candidate_id__in=ids).delete()
    # Earlier audit rows keep who did what and when, without the person's name or address.
    audit_redact(personal=personal, label=label)
    locked.refresh_from_db()
    activity_record(
        candidate=locked,
        actor=actor,
        kind="candidate.erased",
        summary="Personal data erased",
        restricted=True,
        at=now,
    )
    audit_record(
        actor=actor,
        action="candidate.erase",
        obj=locked,
        before=counts,
        after={"reason": reason, "withdrawn": len(active), "records": len(group)},
    )
    # Apps above (webhooks) hear of each erased record, in this transaction.
    for person in group:
        pipeline_signals.candidate_erased.send(sender=Candidate, candidate=person, actor=actor)
    delete_document_files(stored_files)
    candidate.refresh_from_db()
    return True

"""Data protection for candidates (India's DPDP Act 2023, GDPR): export everything we hold
about a person, erase it, and anonymise rejected people once the retention period ends.

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

import io
import json
import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from recruiting.audit.services import audit_record, audit_redact
from recruiting.core.access import public_id_or_404
from recruiting.notifications.models import Notification
from recruiting.pipelines import signals
from recruiting.pipelines.models import (
    Activity,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    ImportBatch,
    Note,
    RejectionReason,
    StageTransition,
)
from recruiting.pipelines.moves import application_withdraw
from recruiting.pipelines.services import activity_record
from recruiting.postings.models import Answer, ConsentText, KnockoutEvaluation, QuestionKind

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "recruiting.candidate-export/1"
# Free text identifies, money is compensation, a date may be a birth date.
ERASED_ANSWER_KINDS = (QuestionKind.TEXT, QuestionKind.MONEY, QuestionKind.DATE)
ERASED_FLAG = "Knock-out (answer erased)"
ERASED_TEXT = "(erased)"
RETENTION_REASON = "Retention period ended ({days} days after the last application closed)"
ENDED_STATES = (Application.State.REJECTED, Application.State.WITHDRAWN)
OPEN_STATES = (Application.State.ACTIVE, Application.State.HIRED)
PENDING = (Notification.Status.QUEUED, Notification.Status.RETRYING)
# Timeline lines whose summary and data name nothing but stages, postings, sources,
# colleagues and times: kept as they are.
_SAFE_ACTIVITY_KINDS = frozenset(
    {
        "application.created",
        "application.move",
        "application.hired",
        "application.reopen",
        "candidate.created",
        "candidate.erased",
        "cv.uploaded",
        "cv.unreadable",
        "email.rejection_queued",
        "email.rejection_cancelled",
        "interview.booked",
        "interview.link_sent",
        "scorecard.submit",
        "scorecard.edit",
    }
)
_STAGE_KEYS = ("from_stage", "to_stage", "from_state", "to_state")
# Transition reasons written by the system, free of personal data.
_SAFE_TRANSITION_REASON = re.compile(
    r"^(Applied via [\w ,.-]+|Hired|Candidates' merge undone|Duplicate of [0-9a-f-]{36} \(candidates merged\))$"
)


class ErasureRefused(ValueError):
    """An erasure that cannot be done as asked; str(exc) says why, for the page."""


def erased_name(candidate: Candidate) -> str:
    """What an erased person is called from now on: stable, unique, meaningless."""
    return f"Erased candidate #{candidate.public_id.hex[:8]}"


# ---------------------------------------------------------------------------------------
# Access and reading
# ---------------------------------------------------------------------------------------


def get_candidate_for_privacy(user, public_id) -> Candidate:
    """The candidate `public_id` for the data-protection page: admins only (403 for any
    other role), every record including merged-away and already-erased ones (404 when
    there is no such record)."""
    if not (user.is_authenticated and user.is_admin):
        raise PermissionDenied("Only admins handle data-protection requests.")
    candidate = Candidate.objects.select_related("merged_into").filter(public_id=public_id_or_404(public_id)).first()
    if candidate is None:
        raise Http404("No such candidate")
    return candidate


def merge_group(candidate: Candidate) -> list[Candidate]:
    """`candidate` followed by every record merged into it, directly or through another
    merged record: one query per level of merging."""
    group = [candidate]
    seen = {candidate.pk}
    frontier = [candidate.pk]
    while frontier:
        found = list(Candidate.objects.filter(merged_into_id__in=frontier).exclude(pk__in=seen).order_by("pk"))
        group += found
        seen.update(person.pk for person in found)
        frontier = [person.pk for person in found]
    return group


def _emails_of(people: Iterable[Candidate]) -> list[str]:
    """The person's addresses: their records' and those given with their applications."""
    people = list(people)
    given = Application.objects.filter(candidate__in=[p.pk for p in people]).exclude(applicant_email="")
    found: list[str] = []
    for address in (
        *(value for person in people for value in (person.email.strip(), person.email_normalised)),
        *given.order_by("pk").values_list("applicant_email", flat=True),
    ):
        if address and address not in found:
            found.append(address)
    return found


def _addressed_to(emails: Sequence[str]) -> Q:
    """Outbox rows with one of `emails` among their recipients (JSON containment)."""
    condition = Q(pk__in=[])
    for address in emails:
        condition |= Q(to__contains=[address])
    return condition


def candidate_holdings(candidate: Candidate) -> dict[str, Any]:
    """What we hold about the person behind `candidate` (their whole merge group), for
    the data-protection page: the records, the applications with their consent, and
    counts. A constant number of queries, however many applications there are."""
    group = merge_group(candidate)
    ids = [person.pk for person in group]
    applications = list(
        Application.objects.filter(candidate_id__in=ids)
        .select_related("posting", "stage", "rejection_reason")
        .order_by("created_at", "pk")
    )
    texts = dict(
        ConsentText.objects.filter(version__in={a.consent_version for a in applications if a.consent_version})
        .values_list("version", "text")
        .order_by()
    )
    for application in applications:
        application.consent_text = texts.get(application.consent_version, "")
    app_ids = [a.pk for a in applications]
    counts = held_counts(ids, app_ids, _emails_of(group))
    tags = list(Candidate.tags.through.objects.filter(candidate_id__in=ids).values_list("tag__name", flat=True))
    return {
        "group": group,
        "merged_records": group[1:],
        "applications": applications,
        "counts": counts,
        "tags": sorted(set(tags)),
        "documents": list(
            Document.objects.filter(candidate_id__in=ids).select_related("application__posting").defer("text")
        ),
    }


def held_counts(candidate_ids: Sequence[int], application_ids: Sequence[int], emails: Sequence[str]) -> dict[str, int]:
    """How many rows of each kind hold data about these records: numbers only, never
    content (this is what the erasure's audit row keeps)."""
    from recruiting.interviews.models import Interview, SchedulingLink, Scorecard

    return {
        "records": len(candidate_ids),
        "applications": len(application_ids),
        "active_applications": Application.objects.filter(
            pk__in=application_ids, state=Application.State.ACTIVE
        ).count(),
        "answers": Answer.objects.filter(application_id__in=application_ids).count(),
        "notes": Note.objects.filter(candidate_id__in=candidate_ids).count(),
        "timeline": Activity.objects.filter(candidate_id__in=candidate_ids).count(),
        "interviews": Interview.objects.filter(application_id__in=application_ids).count(),
        "scorecards": Scorecard.objects.filter(interview__application_id__in=application_ids).count(),
        "scheduling_links": SchedulingLink.objects.filter(application_id__in=application_ids).count(),
        "emails": Notification.objects.filter(_addressed_to(emails)).count() if emails else 0,
        "cv_files": Document.objects.filter(candidate_id__in=candidate_ids).count(),
    }


# ---------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------


def _person(person: Candidate) -> dict[str, Any]:
    return {
        "public_id": person.public_id,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "current_role": person.current_role,
        "current_company": person.current_company,
        "location": person.location,
        "total_years": person.total_years,
        "notice_period_days": person.notice_period_days,
        "skills": list(person.skills or []),
        "tags": [tag.name for tag in person.tags.all()],
        "created_at": person.created_at,
        "updated_at": person.updated_at,
        "merged_into": person.merged_into.public_id if person.merged_into_id else None,
        "anonymised_at": person.anonymised_at,
    }


def _scorecard(card) -> dict[str, Any]:
    return {
        "interviewer": str(card.interviewer),
        "recommendation": card.get_recommendation_display(),
        "notes": card.notes,
        "submitted_at": card.submitted_at,
        "edited_after_submission": card.edited_after_submission,
        "ratings": [
            {"criterion": rating.criterion.name, "rating": rating.rating, "evidence": rating.evidence}
            for rating in card.ratings.all()
        ],
    }


def _application(application: Application, consent_texts: dict[int, str]) -> dict[str, Any]:
    return {
        "public_id": application.public_id,
        "posting": {"title": application.posting.title, "public_id": application.posting.public_id},
        "stage": application.stage.name,
        "state": application.state,
        "source": application.get_source_display(),
        "source_detail": application.source_detail,
        "applied_at": application.created_at,
        "given_with_application": {
            "name": application.applicant_name,
            "email": application.applicant_email,
            "phone": application.applicant_phone,
        },
        "stage_entered_at": application.stage_entered_at,
        "updated_at": application.updated_at,
        "rejection_reason": application.rejection_reason.name if application.rejection_reason else None,
        "rejection_note": application.rejection_note,
        "knockout_flags": list(application.knockout_flags or []),
        "consent": {
            "consent_at": application.consent_at,
            "consent_version": application.consent_version,
            "text": consent_texts.get(application.consent_version, "") if application.consent_version else "",
        },
        "answers": [
            {"question": answer.question.text, "kind": answer.question.kind, "value": answer.value}
            for answer in application.answers.all()
        ],
        "stage_history": [
            {
                "at": step.at,
                "from_stage": step.from_stage.name if step.from_stage else None,
                "to_stage": step.to_stage.name,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "reason": step.reason,
            }
            for step in application.transitions.all()
        ],
        "interviews": [
            {
                "title": interview.title,
                "round": interview.round.name if interview.round else None,
                "starts_at": interview.starts_at,
                "ends_at": interview.ends_at,
                "status": interview.status,
                "location": interview.location,
                "meeting_url": interview.meeting_url,
                "time_zone": interview.candidate_time_zone,
                "scorecards": [_scorecard(card) for card in interview.submitted_scorecards],
            }
            for interview in application.interviews.all()
        ],
    }


def _export_applications(ids: Sequence[int]) -> list[Application]:
    from recruiting.interviews.models import Interview, Scorecard, ScorecardRating

    scorecards = (
        Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
        .select_related("interviewer")
        .prefetch_related(Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion")))
    )
    interviews = Interview.objects.select_related("round").prefetch_related(
        Prefetch("scorecards", queryset=scorecards, to_attr="submitted_scorecards")
    )
    return list(
        Application.objects.filter(candidate_id__in=ids)
        .select_related("posting", "stage", "rejection_reason")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("question__order", "pk")),
            Prefetch("transitions", queryset=StageTransition.objects.select_related("from_stage", "to_stage")),
            Prefetch("interviews", queryset=interviews),
        )
        .order_by("created_at", "pk")
    )


def _safe_entry_name(name: str, fallback: str, taken: set[str]) -> str:
    """The applicant's own file name, made harmless as a ZIP entry (no folders, no
    control characters) and unique within the archive."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".") or fallback
    entry, counter = base, 2
    while entry in taken:
        stem, dot, suffix = base.rpartition(".")
        entry = f"{stem} ({counter}).{suffix}" if dot and stem else f"{base} ({counter})"
        counter += 1
    taken.add(entry)
    return entry


def _document(document: Document, entry: str | None) -> dict[str, Any]:
    return {
        "public_id": document.public_id,
        "application": document.application.public_id if document.application_id else None,
        "posting": document.application.posting.title if document.application_id else None,
        "original_name": document.original_filename,
        "file_type": document.file_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_at": document.uploaded_at,
        "carried_over": document.carried_over,
        "text_status": document.text_status,
        "text": document.text,
        "file_in_export": entry,
    }


def _read_documents(documents: Sequence[Document]) -> tuple[dict[int, str], dict[str, bytes], list[str]]:
    """The files of the documents: entry name per document, bytes per entry, and the
    names of files that could not be read (listed in the export instead of failing it).
    A file several documents share (a carried-over CV) is in the archive once."""
    taken = {"candidate.json"}
    entries: dict[int, str] = {}
    files: dict[str, bytes] = {}
    by_stored_name: dict[str, str] = {}
    missing: list[str] = []
    for document in documents:
        if document.file.name in by_stored_name:
            entries[document.pk] = by_stored_name[document.file.name]
            continue
        try:
            with document.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            logger.warning("Document %s could not be read for an export", document.pk)
            missing.append(document.original_filename or "cv")
            continue
        entry = _safe_entry_name(document.original_filename, f"cv.{document.file_type or 'bin'}", taken)
        entries[document.pk] = by_stored_name[document.file.name] = entry
        files[entry] = content
    return entries, files, missing


@transaction.atomic
def candidate_export(*, candidate: Candidate, actor: Any) -> bytes:
    """Everything held about the person behind `candidate`, as a ZIP built in memory:
    `candidate.json` (profile, records merged into it, applications with consent and the
    contact details given with each, stage history, answers and interviews with submitted
    scorecards, documents with their text, notes, timeline and the e-mails sent to them)
    and each document's file under the name the sender gave it.

    Internal notes and scorecards are the person's data too (opinions about them), but
    name colleagues: the admin reviews the archive before handing it over. Audited as
    `candidate.export` (what was exported, counted)."""
    group = merge_group(candidate)
    ids = [person.pk for person in group]
    people = {
        person.pk: person
        for person in Candidate.objects.filter(pk__in=ids).select_related("merged_into").prefetch_related("tags")
    }
    applications = _export_applications(ids)
    versions = {a.consent_version for a in applications if a.consent_version}
    consent_texts = dict(ConsentText.objects.filter(version__in=versions).values_list("version", "text").order_by())
    emails = _emails_of(group)
    documents = list(
        Document.objects.filter(candidate_id__in=ids)
        .select_related("application__posting")
        .order_by("uploaded_at", "pk")
    )
    entries, files, missing = _read_documents(documents)
    notes = Note.objects.filter(candidate_id__in=ids).select_related("author", "application__posting")
    timeline = Activity.objects.filter(candidate_id__in=ids).select_related("actor", "application__posting")
    sent = Notification.objects.filter(_addressed_to(emails)).order_by("created_at") if emails else []
    merges = CandidateMerge.objects.filter(target_id__in=ids).select_related("source", "target")
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "candidate": _person(people[candidate.pk]),
        "merged_records": [_person(people[p.pk]) for p in group[1:]],
        "merges": [
            {
                "merged_at": merge.created_at,
                "from": merge.source.public_id,
                "into": merge.target.public_id,
                "undone_at": merge.undone_at,
            }
            for merge in merges
        ],
        "applications": [_application(application, consent_texts) for application in applications],
        "documents": [_document(document, entries.get(document.pk)) for document in documents],
        "notes": [
            {
                "created_at": note.created_at,
                "author": str(note.author) if note.author else None,
                "posting": note.application.posting.title if note.application else None,
                "body": note.body,
            }
            for note in notes
        ],
        "timeline": [
            {
                "at": item.at,
                "kind": item.kind,
                "summary": item.summary,
                "posting": item.application.posting.title if item.application else None,
                "by": str(item.actor) if item.actor else None,
            }
            for item in timeline
        ],
        "emails": [
            {
                "subject": mail.subject,
                "kind": mail.kind,
                "status": mail.status,
                "created_at": mail.created_at,
                "sent_at": mail.sent_at,
            }
            for mail in sent
        ],
        "cv_files_unreadable": missing,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("candidate.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n")
        for entry, content in files.items():
            archive.writestr(entry, content)
    audit_record(
        actor=actor,
        action="candidate.export",
        obj=candidate,
        after={
            "records": len(group),
            "applications": len(applications),
            "notes": len(data["notes"]),
            "emails": len(data["emails"]),
            "cv_files": len(files),
        },
    )
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# Erasure
# ---------------------------------------------------------------------------------------


def _redact(text: str, personal: Sequence[str], label: str) -> str:
    for value in personal:
        text = re.sub(re.escape(value), label, text, flags=re.IGNORECASE)
    return text


def _scrubbed_activity(item: Activity, personal: Sequence[str], label: str) -> tuple[str, dict]:
    """The summary and data a timeline line keeps once the person is erased."""
    kind, data = item.kind, dict(item.data or {})
    stages = {key: data[key] for key in _STAGE_KEYS if key in data}
    if kind in _SAFE_ACTIVITY_KINDS:
        return item.summary, data
    if kind == "note.added":
        return "Note added (erased)", {}
    if kind == "candidate.tags":
        return "Tags changed (erased)", {}
    if kind == "candidate.updated":
        # The old values are personal; which fields changed is not.
        return item.summary, {"fields": data.get("fields", [])}
    if kind == "application.flags":
        return "Knock-out flags changed (details erased)", {"flags": len(data.get("after") or [])}
    if kind == "application.reject":
        reason = f" ({data['reason']})" if data.get("reason") else ""
        keep = {key: data[key] for key in ("reason", "email") if key in data}
        return f"Rejected in {data.get('to_stage', 'a stage')}{reason}", {**stages, **keep}
    if kind == "application.withdraw":
        return f"Withdrawn in {data.get('to_stage', 'a stage')}", stages
    if kind == "candidate.merged":
        return "Merged with a duplicate record (erased)", {"merge": data.get("merge")}
    if kind == "candidate.merge_undone":
        return "Merge with a duplicate record undone (erased)", {"merge": data.get("merge")}
    # Anything else (interview titles carry the name, for one): names, e-mail and phone
    # replaced; only references to other rows kept from its data.
    keep = {key: data[key] for key in ("interview", "merge") if key in data}
    return _redact(item.summary, personal, label)[:300], keep


def _scrub_timeline(ids: Sequence[int], personal: Sequence[str], label: str) -> None:
    changed = []
    for item in Activity.objects.filter(candidate_id__in=ids).only("pk", "kind", "summary", "data"):
        summary, data = _scrubbed_activity(item, personal, label)
        if (summary, data) != (item.summary, item.data):
            item.summary, item.data = summary, data
            changed.append(item)
    Activity.objects.bulk_update(changed, ["summary", "data"], batch_size=500)


def _scrub_knockouts(app_ids: Sequence[int]) -> None:
    """Keep each application's number of knock-out flags; a flag that quotes an answer
    being nulled becomes a neutral text (the same in the flag history)."""
    from recruiting.postings.knockouts import evaluate_answer

    applications = (
        Application.objects.filter(pk__in=app_ids)
        .select_related("posting")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
    )
    kept_by_app: dict[int, set[str]] = {}
    changed = []
    for application in applications:
        kept = {
            reason
            for answer in application.answers.all()
            if answer.question.kind not in ERASED_ANSWER_KINDS
            and (reason := evaluate_answer(answer.question, answer.value, application.posting))
        }
        kept_by_app[application.pk] = kept
        flags = [flag if flag in kept else ERASED_FLAG for flag in application.knockout_flags or []]
        if flags != list(application.knockout_flags or []):
            application.knockout_flags = flags
            changed.append(application)
    Application.objects.bulk_update(changed, ["knockout_flags"])
    history = list(KnockoutEvaluation.objects.filter(application_id__in=app_ids))
    for row in history:
        kept = kept_by_app.get(row.application_id, set())
        row.flags_before = [flag if flag in kept else ERASED_FLAG for flag in row.flags_before or []]
        row.flags_after = [flag if flag in kept else ERASED_FLAG for flag in row.flags_after or []]
    KnockoutEvaluation.objects.bulk_update(history, ["flags_before", "flags_after"])


def _scrub_transitions(app_ids: Sequence[int], reason_names: set[str]) -> None:
    """Stage history stays (funnels, time in stage); free-text reasons go. A rejection
    keeps its reason's name, which is a fixed list, not text about the person."""
    changed = []
    for step in StageTransition.objects.filter(application_id__in=app_ids).exclude(reason="").only("pk", "reason"):
        if _SAFE_TRANSITION_REASON.match(step.reason):
            continue
        name = step.reason.partition(": ")[0]
        step.reason = name if name in reason_names else ""
        changed.append(step)
    StageTransition.objects.bulk_update(changed, ["reason"], batch_size=500)


def _scrub_notifications(*, emails: Sequence[str], related: Q, now: datetime) -> None:
    """E-mails to the person: pending ones cancelled; their recipients, subjects, bodies
    and attachments blanked. E-mails about them to colleagues (mentions in notes,
    interview invitations): bodies blanked once they have gone out; pending calendar
    updates still go, so panelists' calendars stay right."""
    blank = {"subject": ERASED_TEXT, "body_text": "", "body_html": "", "attachments": []}
    if emails:
        addressed = Notification.objects.filter(_addressed_to(emails))
        addressed.filter(status__in=PENDING).update(status=Notification.Status.CANCELLED, updated_at=now)
        keys = {address.lower() for address in emails}
        rows = list(addressed.only("pk", "to", "idempotency_key"))
        for row in rows:
            row.to = [address for address in row.to or [] if address.lower() not in keys]
            # Keys may embed the address; the row's own id keeps the key unique.
            row.idempotency_key = _redact(row.idempotency_key, emails, f"erased-{row.pk}")[:200]
            row.subject, row.body_text, row.body_html, row.attachments = ERASED_TEXT, "", "", []
            row.updated_at = now
        Notification.objects.bulk_update(rows, ["to", "idempotency_key", *blank, "updated_at"])
    about = Notification.objects.filter(related)
    about.filter(status__in=PENDING, related_type=Note._meta.label_lower).update(
        status=Notification.Status.CANCELLED, updated_at=now
    )
    about.exclude(status__in=PENDING).update(**blank, updated_at=now)


def _scrub_interviews(app_ids: Sequence[int], *, actor: Any, now: datetime) -> tuple[list[int], list[int]]:
    """Titles (which carry the name) reset to the round's name; upcoming interviews
    cancelled (the panel is told, its time is free again); scorecards keep ratings and
    recommendation, lose their free text (in earlier revisions too); unused
    self-scheduling links revoked. Returns the ids of the interviews and of the links."""
    from recruiting.interviews.models import (
        Interview,
        InterviewRound,
        SchedulingLink,
        Scorecard,
        ScorecardRating,
        ScorecardRevision,
    )
    from recruiting.interviews.services import interview_cancel

    interviews = Interview.objects.filter(application_id__in=app_ids)
    round_name = InterviewRound.objects.filter(pk=OuterRef("round_id")).values("name")[:1]
    interviews.update(title=Coalesce(Subquery(round_name), Value("Interview")), updated_at=now)
    for interview in interviews.filter(status=Interview.Status.SCHEDULED, starts_at__gt=now):
        interview_cancel(interview=interview, actor=actor, reason="The candidate is no longer in the process.")
    Scorecard.objects.filter(interview__application_id__in=app_ids).update(notes="", updated_at=now)
    ScorecardRating.objects.filter(scorecard__interview__application_id__in=app_ids).update(evidence="")
    revisions = list(ScorecardRevision.objects.filter(scorecard__interview__application_id__in=app_ids))
    for revision in revisions:
        previous = dict(revision.previous or {})
        previous["notes"] = ""
        previous["ratings"] = [{**rating, "evidence": ""} for rating in previous.get("ratings") or []]
        revision.previous = previous
    ScorecardRevision.objects.bulk_update(revisions, ["previous"])
    links = SchedulingLink.objects.filter(application_id__in=app_ids)
    links.filter(revoked_at__isnull=True, used_at__isnull=True).update(revoked_at=now, updated_at=now)
    return list(interviews.values_list("pk", flat=True)), list(links.values_list("pk", flat=True))


# What the undo of a merge would put back: blanks, so undoing a merge of erased records
# restores nothing personal (and still writes valid values).
_MERGE_FIELD_BLANKS: dict[str, Any] = {
    "total_years": None,
    "notice_period_days": None,
    "skills": [],
}


def _scrub_merges(ids: Sequence[int], label: str) -> None:
    merges = list(CandidateMerge.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids)))
    for merge in merges:
        snapshot = dict(merge.snapshot or {})
        snapshot["source_name"] = snapshot["target_name"] = label
        snapshot["fields_before"] = {
            name: _MERGE_FIELD_BLANKS.get(name, "") for name in (snapshot.get("fields_before") or {})
        }
        merge.snapshot = snapshot
    CandidateMerge.objects.bulk_update(merges, ["snapshot"])


def _scrub_import_reports(group: Sequence[Candidate], personal: Sequence[str], label: str) -> None:
    """Import reports name each row's person; lines about this person are redacted."""
    names = {person.full_name.lower() for person in group if person.full_name}
    public_ids = {str(person.public_id) for person in group}
    condition = Q(pk__in=[])
    for person in group:
        condition |= Q(report__contains=[{"name": person.full_name}])
        condition |= Q(report__contains=[{"duplicate_of": str(person.public_id)}])
    for batch in ImportBatch.objects.filter(condition).only("pk", "report"):
        lines = []
        for line in batch.report:
            if isinstance(line, dict) and (
                str(line.get("name", "")).lower() in names or line.get("duplicate_of") in public_ids
            ):
                line = {**line, "name": label, "duplicate_name": label if line.get("duplicate_name") else ""}
                line["reasons"] = [_redact(str(reason), personal, label) for reason in line.get("reasons") or []]
                line["notes"] = [_redact(str(note), personal, label) for note in line.get("notes") or []]
            lines.append(line)
        ImportBatch.objects.filter(pk=batch.pk).update(report=lines, updated_at=timezone.now())


def _delete_document_files(stored_names: set[str]) -> None:
    """Delete the files no remaining document points at. Called after the rows are
    deleted; see the module docstring for why this happens inside the transaction."""
    field = Document._meta.get_field("file")
    still_used = set(Document.objects.filter(file__in=stored_names).values_list("file", flat=True))
    for name in sorted(stored_names - still_used):
        field.storage.delete(name)


def _personal_strings(group: Sequence[Candidate]) -> list[str]:
    values = set()
    given = Application.objects.filter(candidate__in=[person.pk for person in group]).values_list(
        "applicant_name", "applicant_email", "applicant_phone"
    )
    for person in group:
        for value in (person.full_name, person.email, person.email_normalised, person.phone, person.phone_normalised):
            value = (value or "").strip()
            if len(value) >= 3:
                values.add(value)
    for row in given:
        values.update(value.strip() for value in row if len(value.strip()) >= 3)
    # Longest first, so "Priya Raman" goes before a shorter value inside it.
    return sorted(values, key=len, reverse=True)


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
    emails = _emails_of(group)
    counts = held_counts(ids, app_ids, emails)
    active = list(Application.objects.filter(pk__in=app_ids, state=Application.State.ACTIVE))
    if active and not force:
        raise ErasureRefused(
            f"{len(active)} application(s) of this person are still active. Reject or withdraw them first, "
            "or confirm that they should be withdrawn as part of the erasure."
        )
    now = timezone.now()
    label = erased_name(locked)
    personal = _personal_strings(group)
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
    interview_ids, link_ids = _scrub_interviews(app_ids, actor=actor, now=now)
    from recruiting.interviews.models import Interview, SchedulingLink  # interviews depends on us: import late

    related = (
        Q(related_type=Application._meta.label_lower, related_id__in=[str(pk) for pk in app_ids])
        | Q(related_type=Note._meta.label_lower, related_id__in=note_ids)
        | Q(related_type=Interview._meta.label_lower, related_id__in=[str(pk) for pk in interview_ids])
        | Q(related_type=SchedulingLink._meta.label_lower, related_id__in=[str(pk) for pk in link_ids])
    )
    _scrub_notifications(emails=emails, related=related, now=now)
    _scrub_knockouts(app_ids)
    Answer.objects.filter(application_id__in=app_ids, question__kind__in=ERASED_ANSWER_KINDS).update(value=None)
    Application.objects.filter(pk__in=app_ids).exclude(rejection_note="").update(rejection_note="", updated_at=now)
    _scrub_transitions(app_ids, set(RejectionReason.objects.values_list("name", flat=True)))
    _scrub_timeline(ids, personal, label)
    _scrub_merges(ids, label)
    _scrub_import_reports(group, personal, label)
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
    for person in group:
        signals.candidate_erased.send(sender=Candidate, candidate=person, actor=actor)
    _delete_document_files(stored_files)
    candidate.refresh_from_db()
    return True


# ---------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------


def candidates_due_for_anonymisation(*, now: datetime | None = None) -> QuerySet[Candidate]:
    """People not yet anonymised, none of whose applications (their merged records'
    included) is active or hired, whose last application ended more than
    `settings.RETENTION_DAYS_REJECTED` days before `now`. An application ended at its
    latest transition into its present state (rejected/withdrawn), else its updated_at.
    People who never applied are not covered (they have no application to end)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS_REJECTED)
    ended_at = (
        StageTransition.objects.filter(application=OuterRef("pk"), to_state=OuterRef("state"))
        .order_by("-at")
        .values("at")[:1]
    )
    theirs = Q(candidate=OuterRef("pk")) | Q(candidate__merged_into=OuterRef("pk"))
    last_ended = (
        Application.objects.filter(theirs)
        .annotate(ended_at=Coalesce(Subquery(ended_at), F("updated_at")))
        .order_by("-ended_at")
        .values("ended_at")[:1]
    )
    still_open = Application.objects.filter(theirs, state__in=OPEN_STATES)
    return (
        Candidate.objects.filter(anonymised_at__isnull=True, merged_into__isnull=True)
        .annotate(last_ended_at=Subquery(last_ended))
        .filter(~Exists(still_open), last_ended_at__lt=cutoff)
    )


def candidates_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise everybody `candidates_due_for_anonymisation` finds, one transaction per
    person (one failure does not undo the others). Returns how many were anonymised."""
    due = candidates_due_for_anonymisation(now=now)
    reason = RETENTION_REASON.format(days=settings.RETENTION_DAYS_REJECTED)
    erased = 0
    for pk in list(due.values_list("pk", flat=True).order_by("pk")):
        try:
            with transaction.atomic():
                # Checked again under the person's lock: an application may have been
                # reopened since the list was read.
                person = Candidate.objects.select_for_update().filter(pk=pk).first()
                if person is None or not due.filter(pk=pk).exists():
                    continue
                erased += candidate_erase(candidate=person, actor=None, reason=reason)
        except ErasureRefused as exc:
            logger.warning("Retention: candidate %s not anonymised: %s", pk, exc)
        except Exception:
            logger.exception("Retention: anonymising candidate %s failed", pk)
    return erased

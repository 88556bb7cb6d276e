"""The export of everything held about a person, as a ZIP (DPDP Act 2023, GDPR)."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.core.privacy import Subject, privacy_modules
from recruiting.notifications.models import Notification
from recruiting.notifications.privacy import addressed_to
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
from recruiting.pipelines.privacy import (
    emails_of,
    merge_group,
)
from recruiting.postings.models import ConsentText

logger = logging.getLogger(__name__)


EXPORT_FORMAT = "recruiting.candidate-export/1"


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


def _application(application: Application, consent_texts: dict[int, str], added: dict[str, Any]) -> dict[str, Any]:
    """One application in the export; `added` holds what the apps above add to it
    (interviews with their scorecards ...)."""
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
        **added,
    }


def _export_applications(ids: Sequence[int]) -> list[Application]:
    return list(
        Application.objects.filter(candidate_id__in=ids)
        .select_related("posting", "stage", "rejection_reason")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("question__order", "pk")),
            Prefetch("transitions", queryset=StageTransition.objects.select_related("from_stage", "to_stage")),
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
    subject = Subject(candidate_ids=ids, application_ids=[a.pk for a in applications], emails=emails_of(group))
    added: dict[int, dict[str, Any]] = {application.pk: {} for application in applications}
    for module in privacy_modules():
        if hasattr(module, "export_applications"):
            for pk, keys in module.export_applications(subject=subject).items():
                added[pk].update(keys)
    versions = {a.consent_version for a in applications if a.consent_version}
    consent_texts = dict(ConsentText.objects.filter(version__in=versions).values_list("version", "text").order_by())
    emails = emails_of(group)
    documents = list(
        Document.objects.filter(candidate_id__in=ids)
        .select_related("application__posting")
        .order_by("uploaded_at", "pk")
    )
    entries, files, missing = _read_documents(documents)
    notes = Note.objects.filter(candidate_id__in=ids).select_related("author", "application__posting")
    timeline = Activity.objects.filter(candidate_id__in=ids).select_related("actor", "application__posting")
    sent = Notification.objects.filter(addressed_to(emails)).order_by("created_at") if emails else []
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
        "applications": [
            _application(application, consent_texts, added[application.pk]) for application in applications
        ],
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

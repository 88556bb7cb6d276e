"""What pipelines holds about a person and how it is erased, for data protection
(recruiting.privacy calls these): the merge group, the person's addresses, and scrubbing
the timeline, knock-out flags, stage reasons, merge snapshots and import reports of
anonymised records (ADR 4)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from recruiting.core.privacy import redact
from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    ImportBatch,
    KnockoutEvaluation,
    StageTransition,
)
from recruiting.postings.knockouts import evaluate_answer
from recruiting.postings.models import QuestionKind

# Free text identifies, money is compensation, a date may be a birth date.
ERASED_ANSWER_KINDS = (QuestionKind.TEXT, QuestionKind.MONEY, QuestionKind.DATE)
ERASED_FLAG = "Knock-out (answer erased)"
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


def erased_name(candidate: Candidate) -> str:
    """What an erased person is called from now on: stable, unique, meaningless."""
    return f"Erased candidate #{candidate.public_id.hex[:8]}"


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


def emails_of(people: Iterable[Candidate]) -> list[str]:
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


def scrubbed_activity(item: Activity, personal: Sequence[str], label: str) -> tuple[str, dict]:
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
    return redact(item.summary, personal, label)[:300], keep


def scrub_timeline(ids: Sequence[int], personal: Sequence[str], label: str) -> None:
    changed = []
    for item in Activity.objects.filter(candidate_id__in=ids).only("pk", "kind", "summary", "data"):
        summary, data = scrubbed_activity(item, personal, label)
        if (summary, data) != (item.summary, item.data):
            item.summary, item.data = summary, data
            changed.append(item)
    Activity.objects.bulk_update(changed, ["summary", "data"], batch_size=500)


def scrub_knockouts(app_ids: Sequence[int]) -> None:
    """Keep each application's number of knock-out flags; a flag that quotes an answer
    being nulled becomes a neutral text (the same in the flag history)."""
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


def scrub_transitions(app_ids: Sequence[int], reason_names: set[str]) -> None:
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


# What the undo of a merge would put back: blanks, so undoing a merge of erased records
# restores nothing personal (and still writes valid values).
_MERGE_FIELD_BLANKS: dict[str, Any] = {
    "total_years": None,
    "notice_period_days": None,
    "skills": [],
}


def scrub_merges(ids: Sequence[int], label: str) -> None:
    merges = list(CandidateMerge.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids)))
    for merge in merges:
        snapshot = dict(merge.snapshot or {})
        snapshot["source_name"] = snapshot["target_name"] = label
        snapshot["fields_before"] = {
            name: _MERGE_FIELD_BLANKS.get(name, "") for name in (snapshot.get("fields_before") or {})
        }
        merge.snapshot = snapshot
    CandidateMerge.objects.bulk_update(merges, ["snapshot"])


def scrub_import_reports(group: Sequence[Candidate], personal: Sequence[str], label: str) -> None:
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
                line["reasons"] = [redact(str(reason), personal, label) for reason in line.get("reasons") or []]
                line["notes"] = [redact(str(note), personal, label) for note in line.get("notes") or []]
            lines.append(line)
        ImportBatch.objects.filter(pk=batch.pk).update(report=lines, updated_at=timezone.now())


def delete_document_files(stored_names: set[str]) -> None:
    """Delete the files no remaining document points at. Called after the rows are
    deleted; see recruiting.privacy.erasure for why this happens inside the transaction."""
    field = Document._meta.get_field("file")
    still_used = set(Document.objects.filter(file__in=stored_names).values_list("file", flat=True))
    for name in sorted(stored_names - still_used):
        field.storage.delete(name)


def personal_strings(group: Sequence[Candidate]) -> list[str]:
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

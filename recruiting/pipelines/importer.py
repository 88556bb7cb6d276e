"""CSV import of candidates: column mapping, per-row validation, a background import in chunks.

Steps: the upload is stored in an ImportBatch row (never on disk) → columns are mapped
(guessed from the headers, editable) → every row is validated and previewed → on confirm
a background job (jobs.py) writes the valid rows, a chunk per transaction, each row with
its record: a chunk's rows together (services.intake_many, a fixed number of queries per
chunk), or one by one if that fails. Each row gets a report line saying what happened
to it and why.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines.jobs import job_create, job_process
from recruiting.pipelines.models import Application, Candidate, ImportBatch, Source
from recruiting.pipelines.models_jobs import BackgroundJob, JobRow
from recruiting.pipelines.services import (
    Intake,
    application_create,
    candidate_for_applicant,
    candidate_refresh_search,
    candidates_tag,
    intake_many,
)
from recruiting.postings.models import Posting

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
PREVIEW_ROWS = 20

# field -> (label, header spellings we recognise; compared without case, spaces or punctuation)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Full name", ("fullname", "name", "candidate", "candidatename")),
    "email": ("E-mail", ("email", "emailaddress", "mail", "emailid")),
    "phone": ("Phone", ("phone", "mobile", "phonenumber", "mobilenumber", "contact", "contactnumber")),
    "current_role": ("Current role", ("currentrole", "role", "designation", "title", "jobtitle")),
    "current_company": ("Current company", ("currentcompany", "company", "employer", "organisation", "organization")),
    "total_years": (
        "Total years",
        ("totalyears", "experience", "years", "yearsofexperience", "totalexperience", "exp"),
    ),
    "notice_period_days": ("Notice period (days)", ("noticeperioddays", "noticeperiod", "notice", "noticedays")),
    "location": ("City", ("location", "city", "currentlocation")),
    "skills": ("Skills", ("skills", "keyskills", "skillset")),
    "tags": ("Tags", ("tags", "labels")),
    "posting": ("Posting", ("posting", "job", "position", "opening", "appliedfor", "requisition")),
    "source": ("Source", ("source", "channel")),
    "source_detail": ("Agency / job board", ("agency", "jobboard", "sourcedetail", "vendor")),
}
# The longest cell each field keeps (its column's length): a longer one rejects the row
# with the reason, rather than being cut short without a word.
CELL_LIMITS = {
    "full_name": 150,
    "email": 254,
    "phone": 32,
    "current_role": 150,
    "current_company": 150,
    "location": 120,
    "posting": 200,
    "source_detail": 150,
    "skills": 2000,
    "tags": 1000,
}
SOURCE_WORDS = {
    "referral": Source.REFERRAL,
    "referred": Source.REFERRAL,
    "agency": Source.AGENCY,
    "vendor": Source.AGENCY,
    "jobboard": Source.JOB_BOARD,
    "naukri": Source.JOB_BOARD,
    "linkedin": Source.JOB_BOARD,
    "sourced": Source.SOURCED,
    "careers": Source.CAREERS,
    "careerspage": Source.CAREERS,
}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


class ImportError_(ValueError):  # noqa: N801 - not the builtin ImportError
    """The file cannot be imported at all (no header, too many rows)."""


def read_csv(text: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a CSV text; the delimiter (comma, semicolon, tab) is sniffed."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportError_("The file has no header row.") from None
    if not any(headers):
        raise ImportError_("The first row should hold the column names.")
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportError_(f"The file has more than {MAX_ROWS} rows; split it into smaller files.")
    return headers, rows


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field -> header for the headers we recognise; each header is used once."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    squashed = {_squash(h): h for h in headers if h}
    for name, (_label, spellings) in FIELDS.items():
        for spelling in spellings:
            header = squashed.get(spelling)
            if header and header not in used:
                mapping[name] = header
                used.add(header)
                break
    return mapping


@dataclass
class RowResult:
    line: int
    values: dict[str, Any]
    status: str = "new"  # new | linked | rejected
    reasons: list[str] = field(default_factory=list)
    duplicate_of: str = ""  # public_id of the existing person
    duplicate_name: str = ""
    posting_id: int | None = None
    posting_title: str = ""
    notes: list[str] = field(default_factory=list)  # said about an accepted row

    @property
    def ok(self) -> bool:
        return self.status != "rejected"


def _cell(row: list[str], headers: list[str], header: str | None) -> str:
    if not header or header not in headers:
        return ""
    index = headers.index(header)
    return " ".join(row[index].split()) if index < len(row) else ""


def validate_rows(batch: ImportBatch, *, actor) -> list[RowResult]:
    """Check every row of the batch as it would be imported now."""
    headers, rows = read_csv(batch.content)
    mapping = batch.mapping or {}
    postings = list(Posting.objects.manageable_by(actor).only("pk", "public_id", "title"))
    by_key = {str(p.public_id): p for p in postings} | {p.title.lower(): p for p in postings}
    results: list[RowResult] = []
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        values = {name: _cell(row, headers, mapping.get(name)) for name in FIELDS}
        result = RowResult(line=number, values=values)
        reasons = result.reasons
        if not values["full_name"]:
            reasons.append("missing name")
        for name, limit in CELL_LIMITS.items():
            if len(values[name]) > limit:
                reasons.append(f"{FIELDS[name][0].lower()} longer than {limit} characters")
        email = values["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(f"bad e-mail “{email[:80]}”")
        phone = values["phone"]
        phone_key = normalise_phone(phone) if phone else None
        if phone and not phone_key:
            reasons.append(f"bad phone “{phone[:40]}”")
        if not email and not phone:
            reasons.append("no e-mail or phone")
        for name, kind in (("total_years", "years"), ("notice_period_days", "notice period")):
            if values[name]:
                try:
                    number_value = Decimal(values[name].lower().replace("years", "").replace("days", "").strip())
                    if number_value < 0 or number_value > (60 if name == "total_years" else 365):
                        raise InvalidOperation
                except InvalidOperation:
                    reasons.append(f"bad {kind} “{values[name][:20]}”")
        if values["source"] and _squash(values["source"]) not in SOURCE_WORDS:
            reasons.append(f"unknown source “{values['source'][:40]}”")
        posting = None
        if values["posting"]:
            posting = by_key.get(values["posting"]) or by_key.get(values["posting"].lower())
            if posting is None:
                reasons.append(f"unknown posting “{values['posting'][:80]}”")
        elif batch.posting_id:
            posting = next((p for p in postings if p.pk == batch.posting_id), None)
        if posting is not None:
            result.posting_id, result.posting_title = posting.pk, posting.title
        email_key = normalise_email(email) if email else ""
        if email_key and email_key in seen_email:
            reasons.append(f"same person as line {seen_email[email_key]}")
        elif phone_key and phone_key in seen_phone:
            # A phone is not a person (ADR 6): imported, and suggested as a duplicate.
            result.notes.append(f"possible duplicate of line {seen_phone[phone_key]} (same phone)")
        if email_key:
            seen_email.setdefault(email_key, number)
        if phone_key:
            seen_phone.setdefault(phone_key, number)
        values["_email_key"], values["_phone_key"] = email_key, phone_key or ""
        if reasons:
            result.status = "rejected"
        results.append(result)
    _mark_existing(results)
    return results


def _mark_existing(results: list[RowResult]) -> None:
    """One query: which rows are people we already have. Only the same e-mail links a row
    to an existing person (ADR 6); the same phone is a new person, suggested to a
    recruiter as a possible duplicate."""
    emails = {r.values["_email_key"] for r in results if r.ok and r.values["_email_key"]}
    phones = {r.values["_phone_key"] for r in results if r.ok and r.values["_phone_key"]}
    if not emails and not phones:
        return
    people = list(
        Candidate.objects.active()
        .filter(Q(email_normalised__in=emails) | Q(phone_normalised__in=phones))
        .order_by("created_at", "pk")
    )
    by_email: dict[str, Candidate] = {}
    by_phone: dict[str, Candidate] = {}
    for person in people:
        if person.email_normalised:
            by_email.setdefault(person.email_normalised, person)
        if person.phone_normalised:
            by_phone.setdefault(person.phone_normalised, person)
    applied = set(
        Application.objects.filter(candidate__in=[c.pk for c in people]).values_list("candidate_id", "posting_id")
    )
    for result in results:
        if not result.ok:
            continue
        person = by_email.get(result.values["_email_key"])
        if person is None:
            same_phone = by_phone.get(result.values["_phone_key"])
            if same_phone is not None:
                result.notes.append(f"possible duplicate of {same_phone.full_name} (same phone)")
            continue
        result.status = "linked"
        result.duplicate_of, result.duplicate_name = str(person.public_id), person.full_name
        result.reasons.append(f"same e-mail as existing candidate {person.full_name} → linked")
        if result.posting_id and (person.pk, result.posting_id) in applied:
            result.reasons.append(f"already applied to {result.posting_title}")


def summary(results: list[RowResult]) -> dict[str, int]:
    return {
        "rows": len(results),
        "new": sum(r.status == "new" for r in results),
        "linked": sum(r.status == "linked" for r in results),
        "rejected": sum(r.status == "rejected" for r in results),
    }


def _row_source(values: dict) -> str:
    return SOURCE_WORDS.get(_squash(values["source"]), Source.IMPORT) if values["source"] else Source.IMPORT


def _row_intake(result: RowResult, *, postings: dict[int, Posting]) -> Intake:
    """What a valid row asks for: a person with this profile, perhaps an application."""
    values = result.values
    profile: dict[str, Any] = {
        "current_role": values["current_role"][:150],
        "current_company": values["current_company"][:150],
        "location": values["location"][:120],
    }
    if values["total_years"]:
        profile["total_years"] = Decimal(values["total_years"].lower().replace("years", "").strip())
    if values["notice_period_days"]:
        profile["notice_period_days"] = int(Decimal(values["notice_period_days"].lower().replace("days", "").strip()))
    if values["skills"]:
        profile["skills"] = [s.strip() for s in re.split(r"[,;|]", values["skills"]) if s.strip()][:50]
    # Stored as the apply form stores it: E.164 ("098765 43210" → +919876543210).
    phone = values["_phone_key"] or values["phone"]
    return Intake(
        full_name=values["full_name"][:150],
        email=values["email"],
        phone=phone,
        profile=profile,
        posting=postings[result.posting_id] if result.posting_id else None,
        source=_row_source(values),
        source_detail=values["source_detail"][:150],
        applicant_name=values["full_name"][:150],
        applicant_email=values["email"],
        applicant_phone=phone,
        tags=tuple(re.split(r"[,;|]", values["tags"])) if values["tags"] else (),
    )


def _write_row(
    result: RowResult, *, actor, postings: dict[int, Posting], tags_later: list[tuple[Candidate, tuple]] | None = None
) -> int:
    """Write one valid row through the one-at-a-time services (the fallback when a chunk
    cannot be written together); with `tags_later`, its tags are left there for the caller
    to add a chunk at a time (candidates_tag takes many people in a few queries)."""
    row = _row_intake(result, postings=postings)
    candidate, _created = candidate_for_applicant(
        full_name=row.full_name, email=row.email, phone=row.phone, actor=actor, **row.profile
    )
    if row.posting is not None:
        application_create(
            candidate=candidate,
            posting=row.posting,
            source=row.source,
            actor=actor,
            source_detail=row.source_detail,
            applicant_name=row.applicant_name,
            applicant_email=row.applicant_email,
            applicant_phone=row.applicant_phone,
        )
    if row.tags:
        if tags_later is None:
            candidates_tag(candidates=[candidate], add=row.tags, actor=actor)
        else:
            tags_later.append((candidate, row.tags))
    return candidate.pk


def _write_chunk(lines: list[int], results: dict[int, RowResult], *, actor, postings: dict[int, Posting]) -> list:
    """Write a chunk's valid rows together (`intake_many`: the same outcomes as
    `_write_row` for each in turn, in a number of queries that does not grow with the
    chunk) and say what became of every row. A row whose values cannot be turned into
    a person is refused alone; a failure of the writing itself raises (the job then
    writes the chunk row by row)."""
    handled: dict[int, tuple[str, str, dict]] = {}
    intakes: dict[int, Intake] = {}
    for line in lines:
        result = results[line]
        if not result.ok:
            handled[line] = (JobRow.Outcome.REFUSED, "; ".join(result.reasons), _report_line(result))
            continue
        try:
            intakes[line] = _row_intake(result, postings=postings)
        except Exception as exc:  # as a row that fails alone in job_process
            logger.warning("import row %s could not be read: %s", line, exc)
            handled[line] = (JobRow.Outcome.REFUSED, f"could not be saved ({exc})", {})
    intake_many(list(intakes.values()), actor=actor)
    for line in intakes:
        handled[line] = (JobRow.Outcome.APPLIED, results[line].status, _report_line(results[line]))
    return [handled[line] for line in lines]


IMPORT_CHUNK = 250  # rows per transaction: progress every second or so, little lost to a crash


def import_start(*, batch: ImportBatch, actor) -> BackgroundJob:
    """Confirm an import: a background job for every row of the file (the valid rows are
    written, the others recorded as refused, with their reasons). The caller queues it."""
    _headers, rows = read_csv(batch.content)
    with transaction.atomic():
        job = job_create(
            kind=BackgroundJob.Kind.IMPORT, actor=actor, title=f"Import “{batch.filename}”", total=len(rows)
        )
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
    return job


def import_job_run(job: BackgroundJob) -> None:
    """Write the rows of the job's batch that have no record yet (see jobs.job_process).

    Rows are validated again first (the data may have changed since the preview); every
    row ends with a record: applied (new or linked) or refused with why."""
    batch = ImportBatch.objects.get(job=job)
    actor = job.created_by
    results = {result.line: result for result in validate_rows(batch, actor=actor)}
    postings = Posting.objects.in_bulk({r.posting_id for r in results.values() if r.posting_id})
    touched: list[int] = []
    tags_later: list[tuple[Candidate, tuple]] = []

    def handle(line: int, _key: str) -> tuple[str, str, dict]:
        result = results[line]
        if not result.ok:
            return JobRow.Outcome.REFUSED, "; ".join(result.reasons), _report_line(result)
        touched.append(_write_row(result, actor=actor, postings=postings, tags_later=tags_later))
        return JobRow.Outcome.APPLIED, result.status, _report_line(result)

    def after_chunk(_records) -> None:
        # In the chunk's transaction: the rows' tags, grouped by the tags they carry.
        by_tags: dict[tuple, list[Candidate]] = {}
        for candidate, names in tags_later:
            by_tags.setdefault(names, []).append(candidate)
        for names, people in by_tags.items():
            candidates_tag(candidates=people, add=names, actor=actor)
        tags_later.clear()
        candidate_refresh_search(touched)
        touched.clear()

    def handle_chunk(part: list[tuple[int, str]]) -> list:
        return _write_chunk([line for line, _key in part], results, actor=actor, postings=postings)

    rows = ((line, str(line)) for line in results)
    if job_process(job, rows, handle, chunk=IMPORT_CHUNK, after_chunk=after_chunk, handle_chunk=handle_chunk):
        _import_finish(batch, job, results)


def _import_finish(batch: ImportBatch, job: BackgroundJob, results: dict[int, RowResult]) -> None:
    """Once every row has its record: the batch's report from them, the file forgotten."""
    report = []
    for record in job.rows.order_by("position"):
        line = dict(record.data)
        if not line:  # the row raised while being written: its savepoint was rolled back
            result = results.get(record.position)
            line = _report_line(result) if result else {"line": record.position, "name": "", "reasons": []}
        if record.outcome == JobRow.Outcome.REFUSED and line.get("status") != "rejected":
            line["status"] = "rejected"  # validated fine, then could not be saved
            line["reasons"] = [*line.get("reasons", []), record.message]
        report.append(line)
    counts = summary_of_report(report)
    batch.status = ImportBatch.Status.IMPORTED
    batch.report = report
    batch.imported_at = timezone.now()
    batch.content = ""  # personal data is not kept longer than needed
    batch.save(update_fields=["status", "report", "imported_at", "content", "updated_at"])
    audit_record(actor=job.created_by, action="candidates.import", obj=batch, after=counts)


def summary_of_report(report: list[dict]) -> dict[str, int]:
    return {
        "rows": len(report),
        "new": sum(line.get("status") == "new" for line in report),
        "linked": sum(line.get("status") == "linked" for line in report),
        "rejected": sum(line.get("status") == "rejected" for line in report),
    }


def _report_line(result: RowResult) -> dict:
    data = asdict(result)
    data["name"] = result.values.get("full_name", "")
    data.pop("values")
    return data

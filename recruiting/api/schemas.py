"""What the API sends and takes (pydantic models through django-ninja)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_only(value):
    # pydantic would also take a number as seconds since 1970; a filter takes ISO 8601 only.
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_INSTANT.match(value):
        raise ValueError("an ISO 8601 date and time with its offset, such as 2026-11-27T09:30:00+05:30")
    return value


def _storable(value: dt.datetime) -> dt.datetime:
    # PostgreSQL takes offsets up to ±15:59 and Python cannot move year 9999 to UTC.
    offset = value.utcoffset() or dt.timedelta(0)
    if abs(offset) > dt.timedelta(hours=14) or not 1900 <= value.year <= 9000:
        raise ValueError("a real instant: an offset within ±14:00, a year between 1900 and 9000")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_iso_only), AfterValidator(_storable)]


class Ref(Schema):
    id: uuid.UUID
    title: str = ""


class PersonRef(Schema):
    id: uuid.UUID
    name: str


class StageOut(Schema):
    id: int
    name: str
    order: int
    kind: str
    retired: bool


class PayOut(Schema):
    currency: str
    min: Decimal | None
    max: Decimal | None
    period: str


class PostingOut(Schema):
    id: uuid.UUID
    title: str
    team: str
    location: str
    workplace_type: str
    employment_type: str
    status: str
    experience_min: int | None
    experience_max: int | None
    openings: int
    description: str
    closes_on: dt.date | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    careers_url: str | None = Field(description="The public page, while the posting is open")
    pay: PayOut | None = Field(None, description="Only with the offers:read scope and the account's pay visibility")


class PostingDetailOut(PostingOut):
    stages: list[StageOut]


class PostingPage(Schema):
    items: list[PostingOut]
    next_cursor: str | None


class PostingStatusIn(Schema):
    status: str = Field(description="open, paused or closed (draft → open publishes)", max_length=10)


class ApplicationOut(Schema):
    id: uuid.UUID
    version: int
    posting: Ref
    candidate: PersonRef
    stage: StageOut
    state: str
    stage_entered_at: dt.datetime
    source: str
    source_detail: str
    rejection_reason: str | None
    rejection_note: str
    knockout_flags: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class ApplicationCreateIn(Schema):
    posting: uuid.UUID
    full_name: str = Field(max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)
    source: str = Field("agency", description="agency, job_board or sourced", max_length=12)
    source_name: str = Field("", description="The agency's or job board's name", max_length=150)
    current_role: str = Field("", max_length=150)
    total_years: Decimal | None = Field(None, ge=0, le=60, decimal_places=1)
    notice_period_days: int | None = Field(None, ge=0, le=365)


class MoveIn(Schema):
    stage: int = Field(description="A stage id of the application's posting", ge=1, le=2**31 - 1)
    reason: str = Field("", max_length=500)


class RejectIn(Schema):
    reason: str = Field(description="A rejection reason's name (GET /rejection-reasons/)", max_length=100)
    note: str = Field("", max_length=500)
    send_email: bool = False


class ReasonOut(Schema):
    name: str


class CandidateApplicationOut(Schema):
    id: uuid.UUID
    posting: Ref
    state: str
    stage: str


class CandidateOut(Schema):
    id: uuid.UUID
    full_name: str
    email: str
    phone: str
    current_role: str
    current_company: str
    total_years: Decimal | None
    notice_period_days: int | None
    location: str
    skills: list[str]
    tags: list[str]
    applications: list[CandidateApplicationOut]


class NoteOut(Schema):
    id: int
    author: str
    body: str
    created_at: dt.datetime


class NoteIn(Schema):
    body: str = Field(min_length=1, max_length=10_000)


class PanelistOut(Schema):
    name: str
    email: str


class InterviewOut(Schema):
    id: uuid.UUID
    application: uuid.UUID
    candidate: PersonRef
    posting: Ref
    title: str
    round: str | None
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    meeting_url: str
    panel: list[PanelistOut]


class InterviewPage(Schema):
    items: list[InterviewOut]
    next_cursor: str | None


class OfferTermsOut(Schema):
    """The current revision's terms. Amounts are yearly, in `currency`."""

    revision: int
    title: str
    level: str
    currency: str
    fixed_pay: Decimal
    variable_pay: Decimal
    joining_bonus: Decimal
    relocation: Decimal
    total_ctc: Decimal
    equity_units: int
    equity_vesting: str
    work_location: str
    workplace_type: str
    reporting_manager: str
    joining_date: dt.date
    expires_on: dt.date


class OfferOut(Schema):
    id: uuid.UUID
    version: int
    application: uuid.UUID
    candidate: PersonRef
    posting: Ref
    status: str = Field(
        description="pending_approval, approval_refused, ready, sent, accepted, declined, expired or withdrawn"
    )
    terms: OfferTermsOut | None = Field(description="The current revision's terms, pay figures included")
    sent_revision: int | None = Field(description="The revision the candidate was sent")
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    decline_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None


class ApprovalStepOut(Schema):
    order: int
    kind: str = Field(description="hiring_manager, any_approver or user")
    approver: str = Field(description="The named approver, or who may act on the step")
    state: str = Field(description="waiting, approved, rejected or void")
    acted_by: str | None
    acted_at: dt.datetime | None
    comment: str


class ApprovalOut(Schema):
    needed: bool
    reasons: list[str] = Field(description="Why the current revision needs approvals")
    state: str = Field(description="not_needed, waiting, approved or refused")
    steps: list[ApprovalStepOut]


class RevisionSummaryOut(Schema):
    number: int
    created_at: dt.datetime
    created_by: str | None
    changed: list[str] = Field(description="The fields that differ from the previous revision")
    sent: bool = Field(description="The revision the candidate was sent")


class OfferDetailOut(OfferOut):
    approval: ApprovalOut
    revisions: list[RevisionSummaryOut]

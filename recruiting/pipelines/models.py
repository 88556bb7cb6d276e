"""Candidates (people), applications (person x posting) and what is held per application
(answers, knock-out results, documents), stages and their history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Deferrable, Q
from django.urls import reverse

from recruiting.core.models import PublicIdModel, TimeStampedModel, choices_constraint

DEFAULT_STAGES = ["Applied", "Screen", "Technical", "System design", "Hiring manager", "Offer", "Hired"]


def cv_upload_to(instance, filename: str) -> str:
    # A random name: the applicant's file name never reaches the disk.
    return f"cvs/{uuid.uuid4().hex}"


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    CAREERS = "careers", "Careers page"
    REFERRAL = "referral", "Referral"
    AGENCY = "agency", "Agency"
    JOB_BOARD = "job_board", "Job board"
    SOURCED = "sourced", "Sourced by a recruiter"
    IMPORT = "import", "CSV import"


class CVStatus(models.TextChoices):
    NONE = "none", "No CV"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    UNREADABLE = "unreadable", "Could not be read"


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def active(self) -> CandidateQuerySet:
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)


class Candidate(PublicIdModel):
    """A person. One candidate may apply to several postings.

    Their CVs are `Document` rows, each kept with the application it came with (ADR 6).
    Only a recruiter changes these fields; nothing typed into the apply form does."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    email_normalised = models.CharField(max_length=254, blank=True, db_index=True)
    phone = models.CharField(max_length=32, blank=True)
    phone_normalised = models.CharField(max_length=20, blank=True, db_index=True, help_text="E.164")
    current_role = models.CharField(max_length=150, blank=True)
    current_company = models.CharField(max_length=150, blank=True)
    total_years = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    notice_period_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(365)])
    location = models.CharField(max_length=120, blank=True)
    skills = models.JSONField(default=list, blank=True, help_text="Skill names, for search")
    tags = models.ManyToManyField(Tag, blank=True, related_name="candidates")
    search_vector = SearchVectorField(null=True, editable=False)
    # Name, e-mail, skills, tags and role only: small enough to rank thousands of matches
    # without reading the (large, TOASTed) CV part of search_vector.
    search_head = SearchVectorField(null=True, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="candidate_search_gin"),
            GinIndex(fields=["full_name"], name="candidate_name_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            # What the forms and the CSV import accept: a working life, a year's notice.
            models.CheckConstraint(
                condition=(Q(total_years__isnull=True) | Q(total_years__gte=0, total_years__lte=60))
                & (Q(notice_period_days__isnull=True) | Q(notice_period_days__lte=365)),
                name="candidate_profile_sane",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("pipelines:candidate", args=[self.public_id])


class StageKind(models.TextChoices):
    ACTIVE = "active", "In process"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"


class StageTemplate(models.Model):
    """Stages a new posting starts with, chosen on the new-posting form (the default one
    preselected). A posting copies them: later edits of the template change no posting."""

    name = models.CharField(max_length=80, unique=True)
    is_default = models.BooleanField(default=False)
    retired = models.BooleanField(default=False, help_text="No longer offered for new postings")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_stage_template"
            ),
            models.CheckConstraint(
                condition=~Q(is_default=True, retired=True), name="default_stage_template_not_retired"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageTemplateStage(models.Model):
    template = models.ForeignKey(StageTemplate, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=StageKind.choices, default=StageKind.ACTIVE)
    time_limit_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Working days")

    class Meta:
        ordering = ["order"]
        constraints = [
            choices_constraint("kind", StageKind, name="template_stage_kind_valid"),
            models.UniqueConstraint(fields=["template", "order"], name="template_stage_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A posting's own copy of a stage. Stages with history are retired, never deleted."""

    posting = models.ForeignKey("postings.Posting", on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=StageKind.choices, default=StageKind.ACTIVE)
    time_limit_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Working days")
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["posting", "order"]
        constraints = [
            choices_constraint("kind", StageKind, name="stage_kind_valid"),
            models.UniqueConstraint(
                fields=["posting", "name"], condition=Q(retired=False), name="stage_name_unique_per_posting"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RejectionReason(models.Model):
    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Applications `user` may see. Interviewers: only those they interview
        (extended by recruiting.interviews); everybody else through their postings."""
        from recruiting.postings.models import Posting

        if not user.is_authenticated or not user.effective_role:
            return self.none()
        if user.has_role("recruiter"):
            return self
        if user.is_hiring_manager:
            return self.filter(posting__in=Posting.objects.manageable_by(user).values("pk"))
        if user.is_interviewer:
            # Only active seats: a cancelled interview no longer opens the application.
            return self.filter(interviews__panel__interviewer=user, interviews__panel__active=True).distinct()
        return self.none()

    def active(self) -> ApplicationQuerySet:
        return self.filter(state=Application.State.ACTIVE)


class ApplicationState(models.TextChoices):
    ACTIVE = "active", "Active"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Application(PublicIdModel):
    State = ApplicationState

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    posting = models.ForeignKey("postings.Posting", on_delete=models.PROTECT, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True)
    stage_entered_at = models.DateTimeField(db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every move (optimistic locking)")
    rejection_reason = models.ForeignKey(RejectionReason, null=True, blank=True, on_delete=models.PROTECT)
    rejection_note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CAREERS, db_index=True)
    source_detail = models.CharField(max_length=150, blank=True, help_text="Agency or job board name")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    knockout_flags = models.JSONField(
        default=list, blank=True, help_text="Plain reasons, e.g. notice period 60 days > 15"
    )
    is_flagged = models.BooleanField(default=False, db_index=True)
    average_rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.PositiveIntegerField(null=True, blank=True)
    # What the applicant (or the recruiter adding them) gave with this application. E-mails
    # about the application go to this address; the person's record is never changed by it.
    applicant_name = models.CharField(max_length=150, blank=True)
    applicant_email = models.EmailField(max_length=254, blank=True)
    applicant_phone = models.CharField(max_length=32, blank=True)
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="Makes a double-submitted apply form one application",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("state", ApplicationState, name="application_state_valid"),
            choices_constraint("source", Source, name="application_source_valid"),
            # Deferrable (checked at statement end by default) so that a merge can swap two
            # applications of one posting between candidates inside one transaction.
            models.UniqueConstraint(
                fields=["candidate", "posting"], name="one_application_per_posting", deferrable=Deferrable.IMMEDIATE
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | Q(rejection_reason__isnull=False), name="rejected_has_reason"
            ),
            # The target of documents' (application, candidate) foreign key, which keeps a
            # document with its application's person when a merge moves the application.
            models.UniqueConstraint(fields=["id", "candidate"], name="application_id_candidate"),
        ]
        indexes = [
            models.Index(fields=["posting", "state", "stage", "stage_entered_at"]),
            # The first cards of each board column: an index-only walk of one stage's
            # live cards in board order, stopping after a page.
            models.Index(
                fields=["posting", "stage", "stage_entered_at", "id"],
                name="application_board_order",
                condition=Q(state__in=["active", "hired"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.posting}"

    def get_absolute_url(self) -> str:
        return reverse("pipelines:application", args=[self.public_id])

    @property
    def contact_email(self) -> str:
        """Where e-mails about this application go: the address given with it; the
        person's address only for applications that came without one."""
        return self.applicant_email or self.candidate.email

    @property
    def contact_name(self) -> str:
        """The name to greet in those e-mails, given the same way."""
        return self.applicant_name or self.candidate.full_name


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user) -> DocumentQuerySet:
        """Documents `user` may open: recruiters and admins all; everybody else those sent
        with an application they can see (`Application.objects.visible_to`, so an
        interviewer only those of applications they interview on), and documents a
        recruiter added to the person of such an application."""
        if not user.is_authenticated or not user.effective_role:
            return self.none()
        if user.has_role("recruiter"):
            return self
        applications = Application.objects.visible_to(user)
        return self.filter(
            Q(application__in=applications.values("pk"))
            | Q(application__isnull=True, candidate__in=applications.values("candidate_id"))
        )


class DocumentCategory(models.TextChoices):
    CV = "cv", "CV"
    OTHER = "other", "Other document"


class Document(PublicIdModel):
    """A file a person sent with an application (or a recruiter added to the person).

    Immutable once stored: file, name, type, size, checksum, upload time and the
    application are never rewritten (a database trigger refuses it); only the extracted
    text and its status are filled in later. A newer CV is a new row, so every application
    keeps the documents it was sent with. `candidate` follows the application's person
    (a composite foreign key with ON UPDATE CASCADE, see migration 0007) and is the owner
    of documents added without an application."""

    Category = DocumentCategory

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    category = models.CharField(max_length=8, choices=Category.choices, default=Category.CV)
    file = models.FileField(upload_to=cv_upload_to, max_length=200)
    original_filename = models.CharField(max_length=200, help_text="Name the sender gave the file")
    file_type = models.CharField(max_length=4)  # pdf / docx
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes")
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_over = models.BooleanField(
        default=False, help_text="The person's single CV from before documents were kept per application"
    )
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=10, choices=CVStatus.choices, default=CVStatus.PROCESSING)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["candidate", "-uploaded_at"], name="document_candidate_newest")]
        constraints = [
            choices_constraint("category", DocumentCategory, name="document_category_valid"),
            choices_constraint("text_status", CVStatus, name="document_text_status_valid"),
            models.CheckConstraint(condition=~Q(file=""), name="document_has_file"),
            models.CheckConstraint(condition=Q(file_type__in=["pdf", "docx"]), name="document_file_type"),
        ]

    def __str__(self) -> str:
        return self.original_filename

    def get_absolute_url(self) -> str:
        return reverse("postings:cv_download", args=[self.public_id])


class DuplicateSuggestion(PublicIdModel):
    """ "`candidate` may be the same person as the earlier record `existing`": written when
    a record is created (or its contact details edited) and a phone, e-mail or similar
    name matches; a recruiter merges or dismisses it. One per pair, the newer record
    first, so twenty people sharing a phone are nineteen suggestions, not 190."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="duplicate_suggestions")
    existing = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list, help_text='e.g. ["same phone"]')
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "existing"], name="one_suggestion_per_pair"),
            models.CheckConstraint(condition=Q(candidate__gt=models.F("existing")), name="suggestion_newer_first"),
        ]
        indexes = [models.Index(fields=["existing"], name="suggestion_existing")]

    def __str__(self) -> str:
        return f"{self.candidate_id} ~ {self.existing_id}: {', '.join(self.reasons)}"


class StageTransition(models.Model):
    """Append-only history of every move. Time in stage and funnels are computed from it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(db_index=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage_id} → {self.to_stage_id}"


class Note(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]


class Activity(models.Model):
    """The candidate timeline: one row for everything that happened, written by services."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="activities")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    # Interviewers see only what is marked safe for them (no pay, no other scorecards).
    restricted = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["candidate", "-at"])]

    def __str__(self) -> str:
        return self.summary


class CandidateMerge(TimeStampedModel):
    """One merge of a duplicate person (`source`) into another (`target`).

    `snapshot` lists every row that changed hands and every value that was overwritten, so
    `candidate_merge_undo` can put everything back exactly."""

    source = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges_out")
    target = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges_in")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="merge_source_is_not_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"


class ImportBatch(PublicIdModel):
    """A CSV upload between its steps (mapping, preview, confirm). The file's text lives
    in the database, never on public disk, and is cleared once imported."""

    Status = ImportStatus

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200, blank=True)
    content = models.TextField(blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="Field name -> CSV column header")
    posting = models.ForeignKey("postings.Posting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    report = models.JSONField(default=list, blank=True, help_text="One entry per row: outcome and reasons")
    imported_at = models.DateTimeField(null=True, blank=True)
    # Once confirmed, the import runs as this background job (progress, a record per row).
    job = models.OneToOneField(
        "pipelines.BackgroundJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_batch"
    )

    class Meta:
        verbose_name_plural = "import batches"
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", ImportStatus, name="import_status_valid"),
        ]

    def __str__(self) -> str:
        return self.filename or str(self.public_id)


class Answer(models.Model):
    """One applicant's answer to one screening question (the question and its knock-out
    rule belong to postings; the answer belongs to the application). `value` is typed
    JSON: a number/decimal string, "yes"/"no", a list for multiple choice, ISO date, text."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("postings.ScreeningQuestion", on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class KnockoutEvaluation(TimeStampedModel):
    """Why an application's knock-out flags changed (at apply time or after a rule edit)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="knockout_history")
    flags_before = models.JSONField(default=list)
    flags_after = models.JSONField(default=list)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-created_at"]


# Background jobs live in their own module; imported here so Django registers them.
from recruiting.pipelines.models_jobs import BackgroundJob, JobRow  # noqa: E402, F401

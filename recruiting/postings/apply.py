"""Applying from the careers page: the apply form and the `application_submit` service.

The form validates what a person typed (phone, CV by content, typed answers, consent);
`application_submit` applies the business rules: one person is one candidate, one
application per posting, a double-submitted form is one application, knock-outs are
evaluated and acted on, e-mails and CV text extraction are queued after commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.utils import timezone

from recruiting.core.contact import normalise_phone
from recruiting.core.inputs import SaneDateField
from recruiting.core.money import format_money, money_problem, parse_money
from recruiting.pipelines.knockouts import application_evaluate_knockouts
from recruiting.pipelines.models import Answer
from recruiting.postings.cv import MSG_EMPTY, CVRejected, check_cv, too_large_message
from recruiting.postings.models import ConsentText, KnockoutAction, Posting, QuestionKind, ScreeningQuestion

logger = logging.getLogger(__name__)

KNOCKOUT_REASON_NAME = "Knock-out"
DEFAULT_CONSENT_TEXT = (
    "I agree that the company may store and process the personal data in this application "
    "(my CV, contact details and answers) to consider me for this and similar roles. I can ask "
    "for a copy of my data or for it to be deleted at any time, and it is deleted automatically "
    "some time after the hiring process ends."
)
_TOKEN_SALT = "careers.apply.submission"
_TOKEN_MAX_AGE = 2 * 24 * 3600
_THANKS_SALT = "careers.apply.thanks"
_THANKS_MAX_AGE = 30 * 24 * 3600


# ---------------------------------------------------------------------------
# Consent and tokens
# ---------------------------------------------------------------------------


def consent_current() -> ConsentText:
    """The consent text shown on the form: the latest version, or a first one."""
    consent = ConsentText.objects.order_by("-version").first()
    if consent is None:
        consent, _ = ConsentText.objects.get_or_create(version=1, defaults={"text": DEFAULT_CONSENT_TEXT})
    return consent


def submission_token_make(posting: Posting) -> str:
    """A signed, per-render token; its random part becomes Application.submission_key,
    so the same form posted twice (double click, browser resubmit) is one application."""
    return signing.dumps({"p": str(posting.public_id), "k": secrets.token_hex(16)}, salt=_TOKEN_SALT, compress=True)


def submission_key_from_token(token: str, posting: Posting) -> str | None:
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != str(posting.public_id):
        return None
    key = data.get("k")
    return key if isinstance(key, str) and re.fullmatch(r"[0-9a-f]{32}", key) else None


def thanks_token_make(*, posting: Posting, application_public_id: str) -> str:
    """The token of the thank-you page URL: a random-looking, signed reference that
    cannot be guessed, so nobody can walk through other people's thank-you pages."""
    return signing.dumps({"p": str(posting.public_id), "a": application_public_id}, salt=_THANKS_SALT)


def thanks_token_valid(token: str, posting: Posting) -> bool:
    try:
        data = signing.loads(token, salt=_THANKS_SALT, max_age=_THANKS_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("p") == str(posting.public_id)


# ---------------------------------------------------------------------------
# Upload limits
# ---------------------------------------------------------------------------


class CVSizeLimitHandler(FileUploadHandler):
    """Stops receiving the CV as soon as it passes the size limit.

    Installed first in `request.upload_handlers`, so the default handlers never write
    more than the limit to memory or disk; the form then reports "too large".
    """

    def __init__(self, request=None, *, field_name: str = "cv", max_bytes: int) -> None:
        super().__init__(request)
        self.watched_field = field_name
        self.max_bytes = max_bytes
        self.too_large = False
        self._watching = False
        self._received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self._watching = field_name == self.watched_field
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        if self._watching:
            self._received += len(raw_data)
            if self._received > self.max_bytes:
                self.too_large = True
                raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def safe_filename(name: str, kind: str = "") -> str:
    """The applicant's file name, fit to keep and to offer in a download: no path,
    no control characters or quotes, a sane length, the extension of the real kind."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[<>:"/|?*;\\]', "", base)
    base = " ".join(base.split()).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if kind:
        ext = kind
    stem = stem.strip(" .")[:100] or "cv"
    return f"{stem}.{ext}" if ext else stem


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]
HONEYPOT_FIELD = "website"


def _choice_options(question: ScreeningQuestion) -> list[tuple[str, str]]:
    options = []
    for item in question.choices or []:
        if isinstance(item, dict):
            value = str(item.get("value", item.get("label", "")))
            label = str(item.get("label", value))
        else:
            value = label = str(item)
        if value:
            options.append((value, label))
    return options


def _question_field(question: ScreeningQuestion, posting: Posting) -> forms.Field:
    """A form field for one screening question, by kind."""
    common: dict[str, Any] = {"label": question.text, "required": question.required, "help_text": question.help_text}
    kind = question.kind
    if kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=2, **common)
    if kind == QuestionKind.MONEY:
        currency = (question.currency or posting.pay_currency or "INR").upper()
        return MoneyField(currency=currency, **common)
    if kind == QuestionKind.DURATION_DAYS:
        return forms.IntegerField(min_value=0, max_value=3650, **common)
    if kind == QuestionKind.YEARS:
        return forms.DecimalField(min_value=0, max_value=60, max_digits=3, decimal_places=1, **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.CHOICE:
        options = _choice_options(question)
        widget = forms.RadioSelect if len(options) <= 5 else forms.Select
        choices = options if widget is forms.RadioSelect else [("", "Choose one"), *options]
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if kind == QuestionKind.MULTI_CHOICE:
        return forms.MultipleChoiceField(
            choices=_choice_options(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.DATE:
        return SaneDateField(**common)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)


class MoneyField(forms.CharField):
    """An amount typed the way people do ("18,50,000", "18.5 L", "₹ 12 LPA")."""

    def __init__(self, *, currency: str, **kwargs: Any) -> None:
        self.currency = currency
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        amount = parse_money(text)
        if amount is None or amount < 0:
            example = format_money(Decimal(1850000), self.currency)
            raise forms.ValidationError(f"Enter an amount such as {example} or 18.5 L.", code="invalid")
        problem = money_problem(amount, self.currency)
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
        return amount


def answer_value(question: ScreeningQuestion, cleaned: Any) -> Any:
    """What the Answer row stores: decimal strings for numbers, "yes"/"no", lists for
    multiple choice, ISO dates, text."""
    if cleaned is None or cleaned == "" or cleaned == []:
        return None
    if isinstance(cleaned, Decimal):
        return f"{cleaned.normalize():f}" if cleaned != cleaned.to_integral_value() else str(int(cleaned))
    if isinstance(cleaned, int):
        return str(cleaned)
    if isinstance(cleaned, dt.date):
        return cleaned.isoformat()
    if isinstance(cleaned, list):
        return [str(item) for item in cleaned]
    return str(cleaned).strip()


class ApplyForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label="Phone",
        max_length=32,
        help_text="An Indian mobile number such as 98765 43210, or an international number with its country code.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    cv = forms.FileField(
        label="CV",
        required=False,  # required is checked in clean_cv, after the upload size limit
        error_messages={"empty": MSG_EMPTY},
        widget=forms.FileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "required": True,
            }
        ),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": "Please agree to the processing of your data so that we can consider your application."
        },
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args: Any,
        posting: Posting,
        questions: Sequence[ScreeningQuestion],
        consent: ConsentText,
        cv_too_large: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.questions = list(questions)
        self.consent_text = consent
        self.cv_too_large = cv_too_large
        self.cv_kind: str = ""
        self.submission_key: str | None = None
        self.fields["consent"].label = consent.text
        if not self.is_bound:
            self.initial.setdefault("consent_version", consent.version)
            self.initial.setdefault("submission_token", submission_token_make(posting))
        max_mb = settings.CV_MAX_BYTES // (1024 * 1024)
        self.fields["cv"].help_text = f"PDF or Word (.docx), up to {max_mb} MB."
        self.fields["cv"].widget.attrs["data-max-bytes"] = str(settings.CV_MAX_BYTES)
        self.fields["cv"].widget.attrs["data-too-large"] = too_large_message(settings.CV_MAX_BYTES)
        for question in self.questions:
            self.fields[self.question_field_name(question)] = _question_field(question, posting)

    @staticmethod
    def question_field_name(question: ScreeningQuestion) -> str:
        return f"q_{question.pk}"

    def question_rows(self) -> list[dict[str, Any]]:
        """Bound fields with what the template shows around them (currency, unit)."""
        rows = []
        for question in self.questions:
            field = self[self.question_field_name(question)]
            unit = ""
            if question.kind == QuestionKind.DURATION_DAYS:
                unit = "days"
            elif question.kind == QuestionKind.YEARS:
                unit = "years"
            elif question.kind == QuestionKind.MONEY:
                unit = (question.currency or self.posting.pay_currency or "INR").upper()
            grouped = question.kind in (QuestionKind.YES_NO, QuestionKind.MULTI_CHOICE) or (
                question.kind == QuestionKind.CHOICE and len(_choice_options(question)) <= 5
            )
            rows.append({"field": field, "question": question, "unit": unit, "grouped": grouped})
        return rows

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean_phone(self) -> str:
        normalised = normalise_phone(self.cleaned_data["phone"])
        if normalised is None:
            raise forms.ValidationError(
                "Enter a valid phone number, for example 98765 43210 or +91 98765 43210.", code="invalid"
            )
        return normalised

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if self.cv_too_large:
            raise forms.ValidationError(too_large_message(settings.CV_MAX_BYTES), code="too_large")
        if not upload:
            raise forms.ValidationError("Please attach your CV as a PDF or Word (.docx) file.", code="required")
        if upload.size > settings.CV_MAX_BYTES:
            raise forms.ValidationError(too_large_message(settings.CV_MAX_BYTES), code="too_large")
        try:
            self.cv_kind = check_cv(upload, max_bytes=settings.CV_MAX_BYTES)
        except CVRejected as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return upload

    def clean_consent_version(self) -> int:
        version = self.cleaned_data.get("consent_version")
        # Record the text the person saw; an unknown number means the current text.
        if version and ConsentText.objects.filter(version=version).exists():
            return version
        return self.consent_text.version

    def clean_submission_token(self) -> str:
        token = self.cleaned_data.get("submission_token") or ""
        self.submission_key = submission_key_from_token(token, self.posting)
        if self.submission_key is None:
            # Tampered or days old: a fresh token comes with the re-rendered form.
            self.data = self.data.copy()
            self.data["submission_token"] = submission_token_make(self.posting)
            raise forms.ValidationError("This form has expired. Please check your details and send it again.")
        return token

    def answers(self) -> list[tuple[ScreeningQuestion, Any]]:
        return [
            (question, answer_value(question, self.cleaned_data.get(self.question_field_name(question))))
            for question in self.questions
        ]


# ---------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------


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
    from recruiting.notifications.services import notification_queue

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
    from recruiting.notifications.services import notification_queue
    from recruiting.pipelines.models import RejectionReason
    from recruiting.pipelines.moves import application_reject

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
    from recruiting.pipelines.models import Application

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
    from recruiting.notifications.services import notification_queue
    from recruiting.pipelines.documents import document_store
    from recruiting.pipelines.models import Application
    from recruiting.pipelines.services import application_create, candidate_for_applicant

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

"""Applying from the careers page: the apply form, its tokens and the upload limit.

The form validates what a person typed (phone, CV by content, typed answers, consent);
`recruiting.pipelines.applying.application_submit` then applies the business rules
(one person is one candidate, one application per posting, knock-outs ...).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from recruiting.core.contact import normalise_phone
from recruiting.core.inputs import SaneDateField
from recruiting.core.money import format_money, money_problem, parse_money
from recruiting.pipelines.cv import MSG_EMPTY, CVRejected, check_cv, too_large_message
from recruiting.postings.models import ConsentText, Posting, QuestionKind, ScreeningQuestion

logger = logging.getLogger(__name__)

_TOKEN_SALT = "careers.apply.submission"
_TOKEN_MAX_AGE = 2 * 24 * 3600
_THANKS_SALT = "careers.apply.thanks"
_THANKS_MAX_AGE = 30 * 24 * 3600


# ---------------------------------------------------------------------------
# Consent and tokens
# ---------------------------------------------------------------------------


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

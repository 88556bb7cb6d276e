"""Forms validate input; the services apply the offer rules (band, dates, approvals)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from recruiting.core.inputs import SaneDateField
from recruiting.offers.letter import PLACEHOLDERS, unknown_placeholders
from recruiting.offers.models import DeclineReason, LetterTemplate, WorkplaceType
from recruiting.postings.forms import MoneyField


class OfferForm(forms.Form):
    expected_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=150)
    level = forms.CharField(max_length=60, required=False)
    fixed_pay = MoneyField(label="Fixed pay (a year)")
    variable_pay = MoneyField(label="Variable pay (target, a year)", required=False)
    joining_bonus = MoneyField(required=False)
    relocation = MoneyField(required=False)
    equity_units = forms.IntegerField(min_value=0, max_value=100_000_000, required=False)
    equity_vesting = forms.CharField(max_length=300, required=False, label="Vesting")
    work_location = forms.CharField(max_length=120)
    workplace_type = forms.ChoiceField(choices=WorkplaceType.choices)
    reporting_manager = forms.CharField(max_length=150, required=False)
    joining_date = SaneDateField(widget=forms.DateInput(attrs={"type": "date"}))
    early_joining_reason = forms.CharField(
        max_length=300, required=False, label="Reason for joining before the notice period ends"
    )
    expires_on = SaneDateField(label="Offer valid until", widget=forms.DateInput(attrs={"type": "date"}))
    note_to_candidate = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_fixed_pay(self):
        value = self.cleaned_data["fixed_pay"]
        if value is not None and value <= 0:
            raise forms.ValidationError("The fixed pay must be more than zero.")
        return value

    def clean(self):
        data = super().clean()
        for name in ("variable_pay", "joining_bonus", "relocation"):
            if name in data and data[name] is None:
                data[name] = Decimal("0.00")
        if "equity_units" in data and data["equity_units"] is None:
            data["equity_units"] = 0
        return data

    def terms(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "expected_version"}


class ApprovalForm(forms.Form):
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    comment = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(min_value=0)


class AcceptForm(forms.Form):
    full_name = forms.CharField(max_length=150, label="Type your full name as your signature")
    agree = forms.BooleanField(label="I accept this offer on the terms in the letter")


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Choose a reason"), *DeclineReason.choices])
    text = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Anything to add?"
    )


class QuestionForm(forms.Form):
    question = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "body", "active"]
        help_texts = {"body": "Placeholders: " + ", ".join("{{ %s }}" % name for name in PLACEHOLDERS)}  # noqa: UP031

    def clean_body(self):
        body = self.cleaned_data["body"]
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError("Unknown placeholders: " + ", ".join(unknown))
        return body

"""The form that asks for a report's rows as a background download."""

from __future__ import annotations

from django import forms

from recruiting.reports.models import ExportFormat
from recruiting.reports.registry import REPORTS

FILTER_KEYS = ("date_from", "date_to", "posting", "team", "manager", "source")


class ExportRequestForm(forms.Form):
    report = forms.ChoiceField(choices=[(slug, r.title) for slug, r in REPORTS.items() if slug != "offers"])
    format = forms.ChoiceField(choices=ExportFormat.choices, initial=ExportFormat.CSV)
    # The report's filters, carried as they are in its URL; the report's own form checks
    # them again when the rows are chosen.
    date_from = forms.CharField(required=False, max_length=20)
    date_to = forms.CharField(required=False, max_length=20)
    posting = forms.CharField(required=False, max_length=40)
    team = forms.CharField(required=False, max_length=100)
    manager = forms.CharField(required=False, max_length=20)
    source = forms.CharField(required=False, max_length=20)

    def filters(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in FILTER_KEYS if self.cleaned_data.get(k)}

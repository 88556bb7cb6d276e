"""Forms for candidates, the applications list, bulk actions and CSV import."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

from recruiting.core.inputs import SaneDateField
from recruiting.pipelines.models import Application, Candidate, RejectionReason, Source, Stage, Tag

SORTS = {
    "applied": "Newest applications",
    "name": "Name",
    "days": "Longest in stage",
    "rating": "Rating",
}
YES_NO = [("", "Any"), ("yes", "Flagged"), ("no", "Not flagged")]


def _posting_choices(postings) -> list[tuple[str, str]]:
    return [(str(p.public_id), p.title) for p in postings]


class ApplicationFilterForm(forms.Form):
    """The filters of the applications list; every field optional, bad values ignored."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    posting = forms.ChoiceField(required=False)
    stage = forms.ChoiceField(required=False)
    state = forms.ChoiceField(required=False, choices=[("", "Any state"), *Application.State.choices])
    source = forms.ChoiceField(required=False, choices=[("", "Any source"), *Source.choices])
    tag = forms.ChoiceField(required=False)
    flagged = forms.ChoiceField(required=False, choices=YES_NO)
    rating = forms.DecimalField(required=False, min_value=0, max_value=5, decimal_places=1, label="Rating at least")
    applied_from = SaneDateField(required=False)
    applied_to = SaneDateField(required=False)
    sort = forms.ChoiceField(required=False, choices=[("", "Default"), *SORTS.items()])

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        postings = list(postings)
        self.fields["posting"].choices = [("", "All postings"), *_posting_choices(postings)]
        stage_names = sorted(
            set(
                Stage.objects.filter(posting__in=[p.pk for p in postings], retired=False).values_list("name", flat=True)
            )
        )
        self.fields["stage"].choices = [("", "Any stage"), *((n, n) for n in stage_names)]
        self.fields["tag"].choices = [("", "Any tag"), *((t, t) for t in Tag.objects.values_list("name", flat=True))]

    def cleaned_or_empty(self) -> dict:
        """The valid filters; a bad value drops that filter only, never the page."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}


class BulkActionForm(forms.Form):
    ACTIONS = [("move", "Move to stage"), ("reject", "Reject"), ("tag", "Add tags"), ("untag", "Remove tags")]

    action = forms.ChoiceField(choices=ACTIONS)
    selected = forms.TypedMultipleChoiceField(required=True, coerce=str)
    to_stage = forms.CharField(required=False, max_length=60)
    reason = forms.ModelChoiceField(queryset=RejectionReason.objects.filter(active=True), required=False)
    note = forms.CharField(required=False, max_length=500)
    send_email = forms.BooleanField(required=False, label="Send the rejection e-mail")
    tags = forms.CharField(required=False, max_length=200, help_text="Comma-separated")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any submitted id is acceptable here; access is checked row by row.
        self.fields["selected"].choices = [(v, v) for v in self.data.getlist("selected")] if self.data else []

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "move" and not data.get("to_stage"):
            self.add_error("to_stage", "Choose the stage to move to.")
        if action == "reject" and not data.get("reason"):
            self.add_error("reason", "A rejection needs a reason.")
        if action in ("tag", "untag") and not tag_list(data.get("tags", "")):
            self.add_error("tags", "Name at least one tag.")
        return data


def tag_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class SkillsField(forms.CharField):
    """A list of skills typed as comma-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        return [part.strip() for part in (value or "").split(",") if part.strip()][:50]


class CandidateProfileForm(forms.ModelForm):
    skills = SkillsField(required=False, help_text="Comma-separated")

    class Meta:
        model = Candidate
        fields = [
            "full_name",
            "email",
            "phone",
            "current_role",
            "current_company",
            "total_years",
            "notice_period_days",
            "location",
            "skills",
        ]
        labels = {"total_years": "Total years", "notice_period_days": "Notice period (days)"}

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("A name is required.")
        return name

    def clean_phone(self):
        from recruiting.core.contact import normalise_phone

        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not normalise_phone(phone):
            raise forms.ValidationError("This does not look like a phone number.")
        return phone


class NoteForm(forms.Form):
    body = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Mention colleagues with @their.email@company.com or @"Full Name".',
    )


class MentionQueryForm(forms.Form):
    """What follows the "@" being typed in a note: a name, a word of it, or an e-mail."""

    q = forms.CharField(max_length=60, required=False, strip=False)

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        if any(ord(char) < 32 or char == "\x7f" for char in text):
            raise forms.ValidationError("A mention is typed on one line.")
        return " ".join(text.lstrip('@"').split())


class TagForm(forms.Form):
    # Several tags may be typed at once, separated by commas.
    name = forms.CharField(max_length=200)
    op = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")], initial="add", required=False)


class CandidateAddForm(forms.Form):
    """A person found by a recruiter; optionally straight into a posting."""

    full_name = forms.CharField(max_length=150, label="Full name")
    email = forms.EmailField(required=False, label="E-mail")
    phone = forms.CharField(required=False, max_length=32)
    current_role = forms.CharField(required=False, max_length=150, label="Current role")
    total_years = forms.DecimalField(required=False, min_value=0, max_value=60, decimal_places=1, label="Total years")
    notice_period_days = forms.IntegerField(required=False, min_value=0, max_value=365, label="Notice period (days)")
    source = forms.ChoiceField(
        choices=[(k, v) for k, v in Source.choices if k in ("sourced", "referral", "agency", "job_board")],
        initial=Source.SOURCED,
    )
    referrer = forms.ModelChoiceField(queryset=None, required=False, label="Referred by")
    source_name = forms.CharField(required=False, max_length=150, label="Agency or job board name")
    posting = forms.ChoiceField(required=False, label="Add to posting")
    cv = forms.FileField(required=False, label="CV (PDF or .docx)")

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cv_type = ""
        self.postings = {str(p.public_id): p for p in postings}
        self.fields["posting"].choices = [("", "No posting yet"), *_posting_choices(postings)]
        User = get_user_model()
        self.fields["referrer"].queryset = User.objects.filter(is_active=True).exclude(role="").order_by("full_name")

    def clean_phone(self):
        from recruiting.core.contact import normalise_phone

        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not normalise_phone(phone):
            raise forms.ValidationError("This does not look like a phone number.")
        return phone

    def clean_cv(self):
        from recruiting.pipelines.cv import CVRejected, check_cv

        upload = self.cleaned_data.get("cv")
        if upload:
            try:
                self.cv_type = check_cv(upload)
            except CVRejected as exc:
                raise forms.ValidationError(str(exc), code=exc.code) from exc
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give an e-mail address or a phone number.")
        source = data.get("source")
        if source == Source.REFERRAL and not data.get("referrer"):
            self.add_error("referrer", "Who referred this person?")
        if source in (Source.AGENCY, Source.JOB_BOARD) and not data.get("source_name"):
            self.add_error("source_name", "Name the agency or job board.")
        data["posting_obj"] = self.postings.get(data.get("posting") or "")
        return data

    def profile(self) -> dict:
        data = self.cleaned_data
        profile: dict = {"current_role": data.get("current_role") or ""}
        if data.get("total_years") is not None:
            profile["total_years"] = Decimal(data["total_years"])
        if data.get("notice_period_days") is not None:
            profile["notice_period_days"] = data["notice_period_days"]
        return profile


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, first row with column names, up to 2 MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    posting = forms.ChoiceField(required=False, label="Add everybody to posting (unless a row names one)")

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.postings = {str(p.public_id): p for p in postings}
        self.fields["posting"].choices = [("", "None"), *_posting_choices(postings)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB; split it into smaller files.")
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file is not UTF-8 text; export it again as CSV (UTF-8).") from exc
        if "\x00" in text:
            raise forms.ValidationError("This is not a CSV file.")
        if not text.strip():
            raise forms.ValidationError("The file is empty.")
        return text


class ImportMappingForm(forms.Form):
    """One select per importable field: which CSV column holds it."""

    def __init__(self, *args, headers=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in the file —"), *((h, h) for h in headers)]
        for name, label in fields:
            self.fields[name] = forms.ChoiceField(required=False, choices=choices, label=label)

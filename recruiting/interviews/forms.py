"""Forms validate input; services apply the business rules."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms

from recruiting.accounts.models import User
from recruiting.core.inputs import SaneDateField
from recruiting.interviews.models import (
    RATING_ANCHORS,
    WEEKDAY_CHOICES,
    InterviewRound,
    Scorecard,
    ScorecardCriterion,
)
from recruiting.interviews.scheduling import COMMON_TIME_ZONES, is_valid_zone, parse_slot, zone
from recruiting.pipelines.models import RejectionReason, Stage

WEEKEND_MESSAGE = "Interviews happen Monday to Friday only; Saturday and Sunday cannot be offered."


def interviewer_choices():
    """People who can sit on a panel: active users holding any role."""
    return User.objects.filter(is_active=True).exclude(role="").order_by("full_name", "email")


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, error_messages={"invalid_choice": WEEKEND_MESSAGE}
    )
    start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"))
    end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"))

    def clean_weekday(self):
        weekday = self.cleaned_data["weekday"]
        if not 0 <= weekday <= 4:
            raise forms.ValidationError(WEEKEND_MESSAGE)
        return weekday

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            raise forms.ValidationError("The window must end after it starts.")
        return data


class TimeOffForm(forms.Form):
    """Whole days, or part of a day (from–to hours) in the interviewer's zone. `confirm`
    is set once the interviewer has seen which booked interviews the period hits."""

    first_day = SaneDateField()
    last_day = SaneDateField()
    from_time = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")
    )
    to_time = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")
    )
    reason = forms.CharField(max_length=120, required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            raise forms.ValidationError("The last day cannot be before the first day.")
        start, end = data.get("from_time"), data.get("to_time")
        if (start is None) != (end is None):
            raise forms.ValidationError("Give both hours (from and to), or neither for whole days.")
        if start and end and first == last and end <= start:
            raise forms.ValidationError("Time off must end after it starts.")
        return data

    def period(self, tz_name: str) -> tuple[datetime, datetime]:
        """From the first day at `from_time` (midnight) to the last day at `to_time`
        (midnight after it), on the interviewer's clock."""
        tz = zone(tz_name)
        first, last = self.cleaned_data["first_day"], self.cleaned_data["last_day"]
        start, end = self.cleaned_data.get("from_time"), self.cleaned_data.get("to_time")
        if start is None or end is None:
            return (
                datetime.combine(first, time(0), tzinfo=tz),
                datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
            )
        return datetime.combine(first, start, tzinfo=tz), datetime.combine(last, end, tzinfo=tz)


class ProposalForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "Accept"), ("link", "Send a link"), ("dismiss", "Dismiss")])
    option = forms.IntegerField(required=False, min_value=0, max_value=50)


def _zone_choices(current: str = "") -> list[tuple[str, str]]:
    names = list(COMMON_TIME_ZONES)
    if current and current not in names and is_valid_zone(current):
        names.insert(0, current)
    return [(name, name.replace("_", " ")) for name in names]


class InterviewerSettingsForm(forms.Form):
    time_zone = forms.CharField(max_length=64)
    daily_cap = forms.IntegerField(min_value=1, max_value=10, label="Interviews per day at most")
    weekly_cap = forms.IntegerField(
        min_value=1, max_value=40, required=False, label="Interviews per week at most (empty: no limit)"
    )
    buffer_minutes = forms.IntegerField(min_value=0, max_value=120, label="Buffer before and after (minutes)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("time_zone", "") or self.data.get("time_zone", "")
        self.fields["time_zone"].widget = forms.Select(choices=_zone_choices(current))

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"].strip()
        if not is_valid_zone(value):
            raise forms.ValidationError("Choose a time zone from the list.")
        return value


class RoundForm(forms.ModelForm):
    pool = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Who may sit on this round's panels",
    )
    shadows = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Interviewers in training who may shadow (no scorecard weight)",
    )

    class Meta:
        model = InterviewRound
        fields = [
            "name",
            "stage",
            "duration_minutes",
            "mode",
            "address",
            "meeting_link",
            "interviewers_needed",
            "pool_name",
            "pool",
            "shadows",
            "instructions",
            "questions",
        ]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3}), "questions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(posting=posting, retired=False).order_by("order")
        self.fields["pool"].queryset = interviewer_choices()
        self.fields["shadows"].queryset = interviewer_choices()
        self.fields["duration_minutes"].min_value = 15
        self.fields["duration_minutes"].widget.attrs.update(min=15, max=480, step=15)
        self.fields["interviewers_needed"].widget.attrs.update(min=1, max=10)

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 15 <= value <= 480:
            raise forms.ValidationError("A round lasts between 15 minutes and 8 hours.")
        return value

    def clean_interviewers_needed(self):
        value = self.cleaned_data["interviewers_needed"]
        if not 1 <= value <= 10:
            raise forms.ValidationError("A panel has 1 to 10 interviewers.")
        return value

    def clean(self):
        data = super().clean()
        pool = data.get("pool")
        needed = data.get("interviewers_needed")
        if pool and needed and len(pool) < needed:
            raise forms.ValidationError(f"The pool needs at least {needed} people for a panel of {needed}.")
        if pool and data.get("shadows") and set(pool) & set(data["shadows"]):
            self.add_error("shadows", "Someone in the pool does not also shadow it.")
        if data.get("mode") == InterviewRound.Mode.ONLINE and not data.get("meeting_link"):
            self.add_error("meeting_link", "Online rounds need a meeting link.")
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = ScorecardCriterion
        fields = ["name", "description"]


class PanelField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.time_zone})"


def _clean_after(value: str):
    """The "later" cursor: a slot-like instant, or None (from the start) when it is not one."""
    return parse_slot(value) if value else None


class PanelForm(forms.Form):
    """Choose the panel (GET, to see proposals) for one round."""

    panel = PanelField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)
    candidate_time_zone = forms.CharField(max_length=64, required=False)
    after = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, interview_round: InterviewRound, **kwargs):
        super().__init__(*args, **kwargs)
        pool = interview_round.pool.filter(is_active=True).exclude(role="")
        self.fields["panel"].queryset = pool if pool.exists() else interviewer_choices()
        self.interview_round = interview_round
        current = self.data.get("candidate_time_zone", "") or self.initial.get("candidate_time_zone", "")
        self.fields["candidate_time_zone"].widget = forms.Select(choices=_zone_choices(current))

    def clean_panel(self):
        panel = list(self.cleaned_data["panel"])
        needed = self.interview_round.interviewers_needed
        if len(panel) < needed:
            raise forms.ValidationError(f"Choose at least {needed} interviewer{'s' if needed != 1 else ''}.")
        return panel

    def clean_candidate_time_zone(self):
        value = (self.cleaned_data.get("candidate_time_zone") or "Asia/Kolkata").strip()
        if not is_valid_zone(value):
            raise forms.ValidationError("Choose a time zone from the list.")
        return value

    def clean_after(self):
        return _clean_after(self.cleaned_data.get("after", ""))


class BookForm(PanelForm):
    start = forms.CharField(max_length=64)

    def clean_start(self):
        value = parse_slot(self.cleaned_data["start"])
        if value is None:
            raise forms.ValidationError("Pick one of the proposed slots.")
        return value


class LinkForm(PanelForm):
    valid_days = forms.IntegerField(min_value=1, max_value=30, initial=7, label="Link valid for (days)")


class SlotForm(forms.Form):
    start = forms.CharField(max_length=64)

    def clean_start(self):
        value = parse_slot(self.cleaned_data["start"])
        if value is None:
            raise forms.ValidationError("Pick one of the proposed slots.")
        return value


class LaterForm(forms.Form):
    """The "later" cursor of a proposals page (GET)."""

    after = forms.CharField(max_length=64, required=False)

    def clean_after(self):
        return _clean_after(self.cleaned_data.get("after", ""))


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the interview is cancelled."},
    )
    tell_candidate = forms.BooleanField(required=False, label="Include the reason in the e-mail to the candidate")


RATING_CHOICES = [(str(k), f"{k} — {v}") for k, v in RATING_ANCHORS.items()]


class ScorecardForm(forms.Form):
    """A rating (1–4, with anchors) and evidence per criterion, a recommendation, notes."""

    recommendation = forms.ChoiceField(
        choices=[("", "Not decided yet"), *Scorecard.Recommendation.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"rating_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=RATING_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text=criterion.description,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=f"Evidence for {criterion.name}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(c, self[f"rating_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.criteria]

    def ratings(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"rating_{c.pk}"), self.cleaned_data.get(f"evidence_{c.pk}", ""))
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("advance", "Advance"), ("offer", "Move to offer"), ("reject", "Reject")])
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ModelChoiceField(queryset=RejectionReason.objects.filter(active=True), required=False)
    note = forms.CharField(max_length=500, required=False)
    send_email = forms.BooleanField(required=False, label="Send a polite rejection e-mail (after 24 hours)")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", "Choose a reason for the rejection.")
        return data


class ShadowForm(forms.Form):
    shadow = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        taken = [seat.interviewer_id for seat in interview.panel.all() if seat.active]
        shadows = interview.round.shadows.filter(is_active=True) if interview.round else User.objects.none()
        self.fields["shadow"].queryset = shadows.exclude(pk__in=taken).order_by("full_name", "email")


class BlindReviewForm(forms.Form):
    blind_cv = forms.BooleanField(
        required=False, label="Blind CV review: interviewers see a redacted CV until they submit their scorecard"
    )
    redact_colleges = forms.BooleanField(required=False, label="Also remove college and university names")

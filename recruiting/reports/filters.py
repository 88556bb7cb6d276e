"""The filters every report shares, kept in the URL: an IST date range, posting, team,
hiring manager and source. The choices are what the user may see, so a posting id of
somebody else's posting is simply not a choice (the form says so; nothing leaks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from recruiting.core.inputs import SaneDateField
from recruiting.core.roles import Role
from recruiting.pipelines.models import Source
from recruiting.postings.models import Posting

DEFAULT_DAYS = 365
MAX_DAYS = 3 * 366


@dataclass
class Scope:
    """What a report counts: applications of `posting_ids` (None: every posting) from
    `source`, with the chosen event inside [start, end) (aware datetimes, IST days)."""

    date_from: date
    date_to: date
    posting_ids: list[int] | None
    source: str = ""
    params: dict[str, str] = field(default_factory=dict)
    postings: list = field(default_factory=list)  # the visible postings, for titles
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    @property
    def querystring(self) -> str:
        return "?" + urlencode(self.params) if self.params else ""

    @property
    def empty(self) -> bool:
        return self.posting_ids is not None and not self.posting_ids


class ReportFilterForm(forms.Form):
    date_from = SaneDateField(label="From", required=False)
    date_to = SaneDateField(label="To", required=False)
    posting = forms.ChoiceField(label="Posting", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    manager = forms.ChoiceField(label="Hiring manager", required=False)
    source = forms.ChoiceField(label="Source", required=False, choices=[("", "Any source"), *Source.choices])

    def __init__(self, data, *, postings: list[Posting]):
        super().__init__(data)
        self.postings = postings
        self.fields["posting"].choices = [("", "All postings")] + [(str(p.public_id), p.title) for p in postings]
        teams = sorted({p.team for p in postings if p.team})
        self.fields["team"].choices = [("", "All teams")] + [(t, t) for t in teams]
        managers = {p.hiring_manager_id: p.hiring_manager for p in postings}
        self.fields["manager"].choices = [("", "Anyone")] + sorted(
            ((str(m.pk), str(m)) for m in managers.values()), key=lambda c: c[1].lower()
        )
        today = timezone.localdate()
        self.fields["date_from"].widget.attrs["placeholder"] = (today - timedelta(days=DEFAULT_DAYS)).isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = today.isoformat()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError("The start of the range is after its end.")
        if start and end and (end - start).days > MAX_DAYS:
            raise ValidationError("Choose at most three years at a time.")
        return data


def scope_for(user, data) -> tuple[ReportFilterForm, Scope]:
    """The form (with the user's choices) and the scope it describes. An invalid filter is
    dropped (the page says why) and the others still apply; a bad range is the default."""
    postings = list(Posting.objects.visible_to(user).select_related("hiring_manager").order_by("title", "pk"))
    form = ReportFilterForm(data or None, postings=postings)
    cleaned: dict = {}
    if form.is_bound:
        form.is_valid()
        # Keep the filters that are fine; drop (and name) the others.
        cleaned = dict(form.cleaned_data)
        if form.non_field_errors():
            cleaned.pop("date_from", None)
            cleaned.pop("date_to", None)
    today = timezone.localdate()
    date_to = cleaned.get("date_to") or today
    date_from = cleaned.get("date_from") or (date_to - timedelta(days=DEFAULT_DAYS))
    chosen = postings
    if cleaned.get("posting"):
        chosen = [p for p in chosen if str(p.public_id) == cleaned["posting"]]
    if cleaned.get("team"):
        chosen = [p for p in chosen if p.team == cleaned["team"]]
    if cleaned.get("manager"):
        chosen = [p for p in chosen if str(p.hiring_manager_id) == cleaned["manager"]]
    narrowed = any(cleaned.get(k) for k in ("posting", "team", "manager"))
    # Recruiters see every posting: no list needed (and none to send to the database).
    # Interviewers open only their own load, which the report limits to their seats.
    everything = not narrowed and (user.has_role("recruiter") or user.effective_role == Role.INTERVIEWER)
    params = {k: str(v) for k, v in cleaned.items() if v and k in form.fields}
    for key in ("date_from", "date_to"):
        if key in params:
            params[key] = cleaned[key].isoformat()
    scope = Scope(
        date_from=date_from,
        date_to=date_to,
        posting_ids=None if everything else [p.pk for p in chosen],
        source=cleaned.get("source") or "",
        params=params,
        postings=postings,
        errors={k: list(v) for k, v in form.errors.items()} if form.is_bound else {},
    )
    return form, scope

"""Forms for posting management: the posting itself, its skills, screening questions,
list filters and the paste-a-job-description page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from recruiting.accounts.models import Role, User
from recruiting.core.inputs import parse_sane_date
from recruiting.core.money import MONEY_MAX, money_problem, parse_money
from recruiting.postings.extensions import creation_fields
from recruiting.postings.models import (
    KnockoutOp,
    LibraryQuestion,
    PayPeriod,
    Posting,
    QuestionKind,
)

CURRENCIES = [("INR", "INR (₹)"), ("USD", "USD ($)"), ("EUR", "EUR (€)"), ("GBP", "GBP (£)")]
NUMERIC_KINDS = {QuestionKind.NUMBER, QuestionKind.MONEY, QuestionKind.DURATION_DAYS, QuestionKind.YEARS}
CHOICE_KINDS = {QuestionKind.CHOICE, QuestionKind.MULTI_CHOICE}
# Which comparisons make sense for which kind of answer.
OPS_FOR_KIND: dict[str, set[str]] = {
    **{kind: {"lte", "lt", "gte", "gt", "eq", "ne", "in"} for kind in NUMERIC_KINDS},
    QuestionKind.YES_NO: {"eq", "ne"},
    QuestionKind.CHOICE: {"eq", "ne", "in"},
    QuestionKind.MULTI_CHOICE: {"eq", "ne", "in"},
    QuestionKind.TEXT: {"eq", "ne", "in"},
    QuestionKind.DATE: {"lte", "lt", "gte", "gt", "eq", "ne"},
}
# What a knock-out value may be compared with, by kind: the ranges the apply form accepts.
KNOCKOUT_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    QuestionKind.MONEY: (Decimal(0), MONEY_MAX),
    QuestionKind.NUMBER: (Decimal(-(10**12)), Decimal(10**12)),
    QuestionKind.DURATION_DAYS: (Decimal(0), Decimal(3650)),
    QuestionKind.YEARS: (Decimal(0), Decimal(60)),
}
# The job-description parser writes comparisons as symbols.
PARSER_OPS = {"<=": "lte", "<": "lt", ">=": "gte", ">": "gt", "==": "eq", "!=": "ne"}


def _users_with_roles(*roles: str):
    return User.objects.filter(is_active=True, role__in=roles).order_by("full_name", "email")


def _money_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class MoneyField(forms.CharField):
    """An amount typed the way people write it ("18,51,368.30", "18.5 L", "14 LPA"),
    kept as an exact Decimal."""

    def __init__(self, *, currency: str = "INR", **kwargs: Any) -> None:
        self.currency = currency
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_money(text)
        if amount is None:
            raise forms.ValidationError("Enter an amount such as 18,51,368.30 or 18.5 L.")
        problem = money_problem(amount, self.currency)
        if problem:
            raise forms.ValidationError(problem)
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Use at most two decimal places.")
        return amount.quantize(Decimal("0.01"))  # as the column stores it

    def prepare_value(self, value: Any) -> Any:
        return _money_text(value) if isinstance(value, Decimal) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (Decimal(initial).quantize(Decimal("0.01")) if initial is not None else None)
        except (forms.ValidationError, ArithmeticError, TypeError, ValueError):
            return True


class LinesField(forms.CharField):
    """One item per line, stored as a list of strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value


class PostingForm(forms.ModelForm):
    """Every field of a posting. Hiring managers create postings as their owner, so the
    hiring manager choice is offered to recruiters and admins only."""

    hiring_manager = UserChoiceField(queryset=User.objects.none())
    recruiters = UserMultipleChoiceField(queryset=User.objects.none(), required=False)
    shared_with = UserMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Shared with",
        help_text="Other hiring managers who may work on this posting",
    )
    pay_currency = forms.ChoiceField(choices=CURRENCIES, initial="INR", label="Currency")
    pay_min = MoneyField(required=False, label="Pay from", help_text="Empty for “up to …”")
    pay_max = MoneyField(required=False, label="Pay up to")
    evaluation_focus = LinesField(
        required=False, label="Evaluation focus", help_text="What interviewers evaluate, one per line"
    )

    class Meta:
        model = Posting
        fields = [
            "title", "team", "hiring_manager", "recruiters", "shared_with", "location", "workplace_type",
            "employment_type", "experience_min", "experience_max", "pay_currency", "pay_min", "pay_max",
            "pay_period", "openings", "description", "education", "interview_mode", "weekday_interviews_only",
            "notice_period_max_days", "evaluation_focus", "closes_on", "knockout_action", "rejection_delay_hours",
        ]  # fmt: skip
        labels = {
            "experience_min": "Experience from (years)",
            "experience_max": "Experience up to (years)",
            "notice_period_max_days": "Longest notice period (days)",
            "weekday_interviews_only": "Interviews on weekdays only",
            "closes_on": "Closing date",
            "knockout_action": "When an applicant fails a knock-out",
            "rejection_delay_hours": "Send the rejection after (hours)",
            "description": "Description and responsibilities (Markdown)",
        }
        help_texts = {
            "experience_max": "Leave empty for “10+” style ranges",
            "notice_period_max_days": "A notice-period knock-out question, when there is one, decides what the posting shows",
        }
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.detected: set[str] = set()
        if user.is_hiring_manager:
            # The owner is whoever creates it; an owner cannot hand the posting away here.
            del self.fields["hiring_manager"]
        else:
            self.fields["hiring_manager"].queryset = _users_with_roles(Role.HIRING_MANAGER, Role.ADMIN)
        self.fields["recruiters"].queryset = _users_with_roles(Role.RECRUITER)
        shared = _users_with_roles(Role.HIRING_MANAGER)
        if user.is_hiring_manager:
            shared = shared.exclude(pk=user.pk)
        self.fields["shared_with"].queryset = shared
        self.fields["pay_period"].choices = PayPeriod.choices
        currency = self.data.get("pay_currency") if self.is_bound else None
        if currency not in dict(CURRENCIES):
            currency = self.instance.pay_currency if self.instance.pk else "INR"
        self.fields["pay_min"].currency = self.fields["pay_max"].currency = currency
        for name in ("experience_min", "experience_max", "openings", "notice_period_max_days", "rejection_delay_hours"):
            self.fields[name].widget.attrs.setdefault("min", 0)
        # Choices the apps above ask for once, when the posting is created (the stage template).
        self.creation = [] if self.instance.pk else creation_fields()
        for extra in self.creation:
            self.fields[extra.name] = extra.field()

    def mark_detected(self, names: set[str]) -> None:
        """Highlight fields filled from a pasted job description."""
        self.detected = {name for name in names if name in self.fields}
        for name in self.detected:
            widget = self.fields[name].widget
            widget.attrs["class"] = (widget.attrs.get("class", "") + " detected").strip()

    def clean_closes_on(self) -> dt.date | None:
        value = self.cleaned_data.get("closes_on")
        changed = value != (self.instance.closes_on if self.instance.pk else None)
        if value and changed and value < timezone.localdate():
            raise forms.ValidationError("The closing date is in the past.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("experience_min"), data.get("experience_max")
        if low is not None and high is not None and low > high:
            self.add_error("experience_max", "Must not be less than the minimum.")
        pay_min, pay_max = data.get("pay_min"), data.get("pay_max")
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            self.add_error("pay_max", "Must not be less than the lower end of the band.")
        return data

    def creation_parts(self) -> list[tuple[str, Any]]:
        """(template, bound field) of each field the apps above added, for the page."""
        return [(extra.template, self[extra.name]) for extra in self.creation]

    def creation_choices(self) -> dict[str, Any]:
        """The cleaned answers to those fields, by name, for `posting_create(choices=...)`."""
        return {extra.name: self.cleaned_data.get(extra.name) for extra in self.creation}

    def posting_fields(self) -> dict[str, Any]:
        """The posting's own fields for the services (relations apart)."""
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data and name not in ("recruiters", "shared_with")
        }
        if "hiring_manager" not in self.fields:
            data["hiring_manager"] = self.instance.hiring_manager if self.instance.pk else self.user
        return data


class SkillForm(forms.Form):
    name = forms.CharField(max_length=80, required=False, label="Skill")
    required = forms.BooleanField(required=False, initial=True, label="Required")
    min_years = forms.IntegerField(required=False, min_value=0, max_value=50, label="Min. years")
    # A skill the pasted text only mentions in prose: offered unchecked, kept only when added.
    suggested = forms.BooleanField(required=False, widget=forms.HiddenInput)
    add = forms.BooleanField(required=False, label="Add")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and data.get("min_years") is not None:
            self.add_error("name", "Name the skill these years are for.")
        return data


# absolute_max = max_num: a forged TOTAL_FORMS of 10**26 builds (and re-renders) 60 forms, not
# Django's default max_num + 1,000.
SkillFormSet = forms.formset_factory(SkillForm, extra=1, can_delete=True, max_num=60, absolute_max=60)


def skills_from_formset(formset) -> list[dict[str, Any]]:
    """The named, not-deleted skill rows, in order."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("name") or (data.get("suggested") and not data.get("add")):
            continue
        rows.append({"name": data["name"], "required": data["required"], "min_years": data.get("min_years")})
    return rows


class QuestionForm(forms.Form):
    """A screening question and its knock-out rule, checked against the question's kind
    and the posting's pay band."""

    RULE_NONE, RULE_CONSTANT, RULE_BAND = "none", "constant", "band"
    RULES = [
        (RULE_NONE, "No knock-out"),
        (RULE_CONSTANT, "Compare with a value"),
        (RULE_BAND, "At most the pay band maximum"),
    ]

    text = forms.CharField(max_length=300, label="Question")
    help_text = forms.CharField(max_length=300, required=False, label="Hint for the applicant")
    kind = forms.ChoiceField(choices=QuestionKind.choices, label="Answer type")
    required = forms.BooleanField(required=False, initial=True)
    choices = LinesField(required=False, label="Options", help_text="For choice questions, one per line")
    skill = forms.CharField(max_length=80, required=False, help_text="For years of experience, e.g. Golang")
    currency = forms.ChoiceField(choices=[("", "—"), *CURRENCIES], required=False, help_text="For money questions")
    rule = forms.ChoiceField(choices=RULES, initial=RULE_NONE, label="Knock-out")
    knockout_op = forms.ChoiceField(choices=[("", "—"), *KnockoutOp.choices], required=False, label="Answer must be")
    knockout_value = forms.CharField(
        max_length=200,
        required=False,
        label="Value",
        help_text="A number, yes/no, an option, or a date (YYYY-MM-DD); “one of” takes values separated by |",
    )
    knockout_tolerance_pct = forms.IntegerField(
        min_value=0, max_value=100, required=False, initial=0, label="Tolerance above the band (%)"
    )

    def __init__(self, *args, band_max: Decimal | None = None, pay_currency: str = "INR", **kwargs):
        super().__init__(*args, **kwargs)
        self.band_max = band_max
        self.pay_currency = pay_currency

    @classmethod
    def initial_for(cls, question) -> dict[str, Any]:
        """Form values from a question (model, library row or parser result)."""
        rule = (
            cls.RULE_BAND
            if question.knockout_band_max
            else cls.RULE_CONSTANT
            if question.knockout_op
            else cls.RULE_NONE
        )
        return {
            "text": question.text,
            "help_text": getattr(question, "help_text", ""),
            "kind": question.kind,
            "required": getattr(question, "required", True),
            "choices": list(getattr(question, "choices", []) or []),
            "skill": question.skill or "",
            "currency": getattr(question, "currency", ""),
            "rule": rule,
            "knockout_op": PARSER_OPS.get(question.knockout_op or "", question.knockout_op or ""),
            "knockout_value": question.knockout_value or "",
            "knockout_tolerance_pct": getattr(question, "knockout_tolerance_pct", 0),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind in CHOICE_KINDS:
            if len(data.get("choices") or []) < 2:
                self.add_error("choices", "Give at least two options, one per line.")
        else:
            data["choices"] = []
        if kind != QuestionKind.YEARS:
            data["skill"] = ""
        if kind == QuestionKind.MONEY:
            data["currency"] = data.get("currency") or self.pay_currency
        else:
            data["currency"] = ""
        rule = data.get("rule")
        if rule == self.RULE_CONSTANT:
            self._clean_constant_rule(kind, data)
        elif rule == self.RULE_BAND:
            self._clean_band_rule(kind, data)
        return data

    def _clean_constant_rule(self, kind: str, data: dict[str, Any]) -> None:
        op = data.get("knockout_op")
        value = (data.get("knockout_value") or "").strip()
        if not op:
            self.add_error("knockout_op", "Choose how the answer is compared.")
            return
        if op not in OPS_FOR_KIND[kind]:
            label = QuestionKind(kind).label.lower()
            self.add_error("knockout_op", f"“{KnockoutOp(op).label}” does not apply to {label} answers.")
            return
        if not value:
            self.add_error("knockout_value", "Give the value to compare with.")
            return
        parts = [part.strip() for part in value.split("|") if part.strip()] if op == "in" else [value]
        try:
            normalised = [self._normalise_value(kind, part, data) for part in parts]
        except forms.ValidationError as error:
            self.add_error("knockout_value", error)
            return
        data["knockout_value"] = "|".join(normalised)

    def _normalise_value(self, kind: str, value: str, data: dict[str, Any]) -> str:
        if kind in NUMERIC_KINDS:
            number = parse_money(value) if kind == QuestionKind.MONEY else _decimal_or_none(value)
            if number is None:
                raise forms.ValidationError(f"“{value[:40]}” is not a number.")
            low, high = KNOCKOUT_RANGES[kind]
            if not low <= number <= high:
                if kind == QuestionKind.MONEY:
                    currency = data.get("currency") or self.pay_currency
                    raise forms.ValidationError(money_problem(number, currency) or "Enter an amount.")
                raise forms.ValidationError(f"Compare with a number from {low:,} to {high:,}.")
            return f"{number.normalize():f}"
        if kind == QuestionKind.YES_NO:
            if value.lower() not in ("yes", "no"):
                raise forms.ValidationError("A yes/no question compares with “yes” or “no”.")
            return value.lower()
        if kind in CHOICE_KINDS:
            options = {option.lower(): option for option in data.get("choices") or []}
            if value.lower() not in options:
                raise forms.ValidationError(f"“{value}” is not one of the options.")
            return options[value.lower()]
        if kind == QuestionKind.DATE:
            day = parse_sane_date(value)
            if day is None:
                raise forms.ValidationError("Write a date between 1950 and ten years from now as YYYY-MM-DD.")
            return day.isoformat()
        return value

    def _clean_band_rule(self, kind: str, data: dict[str, Any]) -> None:
        if kind != QuestionKind.MONEY:
            self.add_error("rule", "Only money questions can be compared with the pay band.")
            return
        if self.band_max is None:
            self.add_error("rule", "This posting has no pay band maximum to compare with; set one first.")
            return
        if data.get("currency") and data["currency"] != self.pay_currency:
            self.add_error("currency", f"The pay band is in {self.pay_currency}; ask in the same currency.")

    def question_data(self) -> dict[str, Any]:
        """Model fields for the services."""
        data = self.cleaned_data
        rule = data["rule"]
        return {
            "text": " ".join(data["text"].split()),
            "help_text": data.get("help_text", ""),
            "kind": data["kind"],
            "required": data.get("required", False),
            "choices": data.get("choices") or [],
            "skill": data.get("skill", ""),
            "currency": data.get("currency", ""),
            "knockout_op": data.get("knockout_op", "") if rule == self.RULE_CONSTANT else "",
            "knockout_value": data.get("knockout_value", "") if rule == self.RULE_CONSTANT else "",
            "knockout_band_max": rule == self.RULE_BAND,
            "knockout_tolerance_pct": (data.get("knockout_tolerance_pct") or 0) if rule == self.RULE_BAND else 0,
        }


def _decimal_or_none(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


QuestionFormSet = forms.formset_factory(QuestionForm, extra=0, can_delete=True, max_num=40, absolute_max=40)


def questions_from_formset(formset) -> list[dict[str, Any]]:
    """The question rows the user kept (rows ticked "remove" are left out)."""
    return [form.question_data() for form in formset.forms if not form.cleaned_data.get("DELETE")]


class LibraryChoiceForm(forms.Form):
    library_question = forms.ModelChoiceField(queryset=LibraryQuestion.objects.all(), label="From the library")


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Posting.Status.choices)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class PostingFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=100)
    status = forms.ChoiceField(choices=[("", "Any status"), *Posting.Status.choices], required=False)
    team = forms.ChoiceField(choices=[("", "Any team")], required=False)
    location = forms.ChoiceField(choices=[("", "Any location")], required=False)
    hiring_manager = forms.ChoiceField(choices=[("", "Any hiring manager")], required=False)

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        # Filter options come from the postings the user can see, so nothing leaks.
        teams = postings.exclude(team="").order_by("team").values_list("team", flat=True).distinct()
        locations = postings.exclude(location="").order_by("location").values_list("location", flat=True).distinct()
        managers = User.objects.filter(pk__in=postings.values("hiring_manager_id")).order_by("full_name", "email")
        self.fields["team"].choices += [(team, team) for team in teams]
        self.fields["location"].choices += [(loc, loc) for loc in locations]
        self.fields["hiring_manager"].choices += [(str(m.pk), m.get_full_name()) for m in managers]


class JobDescriptionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=100_000,
        label="Job description",
        help_text="Paste the whole text; nothing is saved until you review and create the posting.",
    )

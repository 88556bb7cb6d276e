"""Forms for the board's writes: moving, rejecting, reopening or withdrawing a card, and
the stage settings. The card itself (`application`) is looked up by the view through the
access helper first (not visible: 404), so these parse only what follows."""

from __future__ import annotations

from django import forms

from recruiting.pipelines.models import RejectionReason, Stage

VERSION_MESSAGE = "The card's version is missing or not a number; reload the board and try again."


def _version_field(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        required=required,
        min_value=1,
        error_messages={"required": VERSION_MESSAGE, "invalid": VERSION_MESSAGE, "min_value": VERSION_MESSAGE},
    )


def form_messages(form: forms.Form) -> str:
    """Every error of a bound form as one sentence-per-error line for a flash message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class MoveForm(forms.Form):
    """A card dragged (or moved with its menu) to another stage of the same board."""

    version = _version_field(required=True)
    to_stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(),
        error_messages={
            "required": "Choose a stage of this board to move the card to.",
            "invalid_choice": "Choose a stage of this board to move the card to.",
        },
    )
    # Where the mover still saw the card (its column is re-rendered too); never an error.
    from_stage = forms.CharField(required=False)

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired stages stay choosable here so the service can say why they are refused.
        self.fields["to_stage"].queryset = Stage.objects.filter(posting=posting)

    def clean_from_stage(self) -> int | None:
        raw = self.cleaned_data.get("from_stage") or ""
        return int(raw) if raw.isdigit() else None


class RejectForm(forms.Form):
    REASON_MESSAGE = "Choose a reason to reject the application."

    # The board already holds the active reasons; choosing among them costs no query.
    reason = forms.TypedChoiceField(
        coerce=int, error_messages={"required": REASON_MESSAGE, "invalid_choice": REASON_MESSAGE}
    )
    note = forms.CharField(required=False, strip=True)
    send_email = forms.BooleanField(required=False)
    version = _version_field(required=False)

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self._reasons = {reason.pk: reason for reason in reasons}
        self.fields["reason"].choices = [(reason.pk, reason.name) for reason in reasons]

    def clean_reason(self) -> RejectionReason:
        return self._reasons[self.cleaned_data["reason"]]


class CardForm(forms.Form):
    """Reopen or withdraw: only the version the user saw (optional: no check without it)."""

    version = _version_field(required=False)


class StageSettingsForm(forms.Form):
    ACTIONS = ["add", "update", "up", "down", "retire", "delete"]

    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        error_messages={"required": "Unknown action.", "invalid_choice": "Unknown action."},
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(),
        required=False,
        error_messages={"invalid_choice": "That stage is not on this board."},
    )
    name = forms.CharField(required=False)
    time_limit_days = forms.IntegerField(
        required=False, error_messages={"invalid": "The time limit is a whole number of working days."}
    )

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(posting=posting, retired=False)

    def clean(self):
        data = super().clean()
        if data.get("action") not in (None, "add") and data.get("stage") is None and "stage" not in self.errors:
            self.add_error("stage", "That stage is not on this board.")
        return data

"""What pipelines does when postings (the layer below) announces an event, and what it
fills in for postings' pages. Connected from `PipelinesConfig.ready()`."""

from __future__ import annotations

from django import forms
from django.db import transaction

from recruiting.pipelines.knockouts import active_application_counts, active_applications_count
from recruiting.pipelines.models import StageTemplate
from recruiting.pipelines.services import posting_stages_create
from recruiting.pipelines.tasks import reevaluate_knockouts
from recruiting.postings.counts import register_application_counter
from recruiting.postings.extensions import register_creation_field
from recruiting.postings.services import reevaluation_progress_set
from recruiting.postings.signals import knockout_rules_changed, posting_created


class StageTemplateField(forms.ModelChoiceField):
    """The stage template a new posting starts with; retired ones are not offered."""

    def __init__(self) -> None:
        super().__init__(
            queryset=StageTemplate.objects.filter(retired=False, stages__isnull=False)
            .distinct()
            .order_by("-is_default", "name")
            .prefetch_related("stages"),
            required=False,  # nothing chosen (an older form, a script): the default template
            widget=forms.RadioSelect,
            initial=_default_template_id,
            label="Stages",
            help_text="The stages the posting starts with; the board settings change them later.",
            error_messages={"invalid_choice": "That stage template is not offered (any more): choose one of the list."},
        )


def _default_template_id() -> int | None:
    return StageTemplate.objects.filter(is_default=True, retired=False).values_list("pk", flat=True).first()


def give_posting_its_stages(sender, *, posting, choices=None, **kwargs) -> None:
    """A new posting gets its own copy of the chosen stage template, or of the default one
    (in the same transaction)."""
    posting_stages_create(posting=posting, template=(choices or {}).get("stage_template"))


def queue_knockout_reevaluation(sender, *, posting, reason: str, **kwargs) -> None:
    """Queue a re-evaluation of the posting's active applications after commit.

    The progress entry is written at once so the posting page starts polling it.
    """
    total = active_applications_count(posting.pk)
    if total == 0:
        return
    reevaluation_progress_set(posting.pk, done=0, total=total, finished=False)
    posting_id = posting.pk
    transaction.on_commit(lambda: reevaluate_knockouts.delay(posting_id, reason))


def connect() -> None:
    posting_created.connect(give_posting_its_stages, dispatch_uid="pipelines.posting_stages")
    register_creation_field("stage_template", field=StageTemplateField, template="pipelines/_stage_template_field.html")
    knockout_rules_changed.connect(queue_knockout_reevaluation, dispatch_uid="pipelines.knockout_reevaluation")
    register_application_counter(active_application_counts)

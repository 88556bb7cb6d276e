"""What pipelines does when postings (the layer below) announces an event, and what it
fills in for postings' pages. Connected from `PipelinesConfig.ready()`."""

from __future__ import annotations

from django.db import transaction

from recruiting.pipelines.knockouts import active_application_counts, active_applications_count
from recruiting.pipelines.services import posting_stages_create
from recruiting.pipelines.tasks import reevaluate_knockouts
from recruiting.postings.counts import register_application_counter
from recruiting.postings.services import reevaluation_progress_set
from recruiting.postings.signals import knockout_rules_changed, posting_created


def give_posting_its_stages(sender, *, posting, **kwargs) -> None:
    """A new posting gets its own copy of the stage template (in the same transaction)."""
    posting_stages_create(posting=posting)


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
    knockout_rules_changed.connect(queue_knockout_reevaluation, dispatch_uid="pipelines.knockout_reevaluation")
    register_application_counter(active_application_counts)

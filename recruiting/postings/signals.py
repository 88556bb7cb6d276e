"""Business events of postings, for the apps above to act on (ADR 5).

Sent inside the service's transaction, so a listener's writes commit or roll back with
the change that caused them.
"""

from __future__ import annotations

from django.dispatch import Signal

# posting_created(sender=Posting, posting, choices): a new draft posting exists (pipelines
# gives it its stages). `choices` maps the names of the fields the apps above added to the
# create form (`postings.extensions`) to their cleaned answers: pipelines' "stage_template"
# is the chosen StageTemplate, or None for the default.
posting_created = Signal()

# knockout_rules_changed(sender=Posting, posting, reason): what a knock-out rule of the
# posting means changed (a question added, edited or removed, the pay band moved); the
# answers already given must be evaluated again (pipelines does, in the background).
knockout_rules_changed = Signal()

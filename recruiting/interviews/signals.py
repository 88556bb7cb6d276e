"""Business events of interviews, for the apps above (webhooks, reports) to act on.

Sent inside the service's transaction, after its rows are written (see
recruiting/pipelines/signals.py for the rules receivers keep).
"""

from __future__ import annotations

from django.dispatch import Signal

# interview_book (from the recruiter's page or a self-scheduling link). kwargs: interview, actor
interview_scheduled = Signal()
# interview_cancel. kwargs: interview, actor
interview_cancelled = Signal()
# scorecard_save submitting a card (not drafts, not edits). kwargs: scorecard, interview, actor
scorecard_submitted = Signal()

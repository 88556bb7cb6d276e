"""Business events of pipelines, for the apps above (webhooks, reports) to act on.

Each is sent inside the service's transaction, after its rows are written, so a
receiver may write rows of its own that commit or roll back with the change. Receivers
must not do slow work or reach outside (queue it with `transaction.on_commit`).
"""

from __future__ import annotations

from django.dispatch import Signal

# application_create: a new application (not a repeat of one we had). kwargs: application, actor
application_created = Signal()
# The same for many applications written together (the CSV import), sent once instead of
# one application_created each. kwargs: applications (a list), actor. Every receiver of
# application_created must receive this one too (tests/pipelines/test_import_bulk.py
# checks that they come in pairs).
applications_created = Signal()
# application_move: another stage of the same posting. kwargs: application, from_stage, actor
application_stage_changed = Signal()
# application_reject. kwargs: application, actor
application_rejected = Signal()
# An application entered its posting's hired stage. kwargs: application, actor
application_hired = Signal()
# candidate_erase anonymised a person (their public id stays). kwargs: candidate, actor
candidate_erased = Signal()

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    # Exits non-zero (SystemExit) when a model differs from its migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_default_rejection_reasons_exist_after_migrating():
    from recruiting.pipelines.models import RejectionReason
    from recruiting.pipelines.moves import DEFAULT_REJECTION_REASONS, ensure_default_rejection_reasons

    ensure_default_rejection_reasons()  # a browser test in this worker may have flushed the table
    assert set(DEFAULT_REJECTION_REASONS) <= set(RejectionReason.objects.values_list("name", flat=True))

"""Data protection for candidates (India's DPDP Act 2023, GDPR): what we hold about a
person (holdings.py), its export (export.py), its erasure (erasure.py) and the
retention job (retention.py). Every public name is importable from here."""

from __future__ import annotations

from recruiting.pipelines.privacy import ERASED_ANSWER_KINDS, ERASED_FLAG, erased_name, merge_group
from recruiting.privacy.erasure import ErasureRefused, candidate_erase
from recruiting.privacy.export import EXPORT_FORMAT, candidate_export
from recruiting.privacy.holdings import candidate_holdings, get_candidate_for_privacy, held_counts
from recruiting.privacy.retention import (
    RETENTION_REASON,
    candidates_anonymise_expired,
    candidates_due_for_anonymisation,
)

__all__ = [
    "ERASED_ANSWER_KINDS",
    "ERASED_FLAG",
    "EXPORT_FORMAT",
    "RETENTION_REASON",
    "ErasureRefused",
    "candidate_erase",
    "candidate_export",
    "candidate_holdings",
    "candidates_anonymise_expired",
    "candidates_due_for_anonymisation",
    "erased_name",
    "get_candidate_for_privacy",
    "held_counts",
    "merge_group",
]

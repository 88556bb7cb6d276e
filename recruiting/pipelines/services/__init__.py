"""Writes on candidates, applications and stages. Other apps call these; none writes
pipelines tables directly. One module per concern; every public name is importable from
here (`from recruiting.pipelines.services import application_create`)."""

from __future__ import annotations

from recruiting.pipelines.services.applications import (
    application_create,
    application_set_flags,
    application_set_rating,
    candidate_find_by_email,
    candidate_for_applicant,
    candidate_name_key,
    first_stage,
    posting_stages_create,
)
from recruiting.pipelines.services.duplicates import (
    DUPLICATE_NAME_SIMILARITY,
    FREE_MAIL_DOMAINS,
    SuggestionGone,
    candidate_best_duplicate,
    candidate_duplicates,
    candidate_suggest_duplicate,
    candidates_suggest_duplicates,
    duplicate_suggestion_dismiss,
    duplicate_suggestions_open,
)
from recruiting.pipelines.services.imports import (
    import_batches_purge,
)
from recruiting.pipelines.services.intake import (
    Intake,
    candidates_add_tags,
    candidates_find_by_emails,
    contact_keys_lock,
    intake_many,
)
from recruiting.pipelines.services.merge import (
    MergeRefused,
    candidate_merge,
    candidate_merge_undo,
)
from recruiting.pipelines.services.profile import (
    MENTION_SUGGESTIONS,
    PROFILE_FIELDS,
    candidate_update_profile,
    candidates_tag,
    mention_token,
    note_create,
    note_mention_suggestions,
    note_mentions,
    tag_clean,
    tag_names,
)
from recruiting.pipelines.services.search_index import (
    SEARCH_CONFIG,
    SEARCH_CV_CHARS,
    candidate_refresh_search,
)
from recruiting.pipelines.services.timeline import (
    activity_record,
    jsonable,
    user_or_none,
)

__all__ = [
    "Intake",
    "DUPLICATE_NAME_SIMILARITY",
    "FREE_MAIL_DOMAINS",
    "MENTION_SUGGESTIONS",
    "MergeRefused",
    "PROFILE_FIELDS",
    "SEARCH_CONFIG",
    "SEARCH_CV_CHARS",
    "SuggestionGone",
    "activity_record",
    "application_create",
    "application_set_flags",
    "application_set_rating",
    "candidate_best_duplicate",
    "candidate_duplicates",
    "candidate_find_by_email",
    "candidate_for_applicant",
    "candidate_merge",
    "candidate_merge_undo",
    "candidate_name_key",
    "candidate_refresh_search",
    "candidate_suggest_duplicate",
    "candidate_update_profile",
    "candidates_add_tags",
    "candidates_find_by_emails",
    "candidates_suggest_duplicates",
    "candidates_tag",
    "contact_keys_lock",
    "duplicate_suggestion_dismiss",
    "duplicate_suggestions_open",
    "first_stage",
    "import_batches_purge",
    "intake_many",
    "jsonable",
    "mention_token",
    "note_create",
    "note_mention_suggestions",
    "note_mentions",
    "posting_stages_create",
    "tag_clean",
    "tag_names",
    "user_or_none",
]

"""Applications and candidates, mounted at /pipelines/applications/ and
/pipelines/candidates/ (namespace "pipelines")."""

from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_applications, views_candidates, views_duplicates, views_import, views_jobs

application_urls = [
    path("", views_applications.applications_list, name="applications"),
    path("bulk/", views_applications.applications_bulk, name="applications_bulk"),
    path("export.csv", views_applications.applications_export, name="applications_export"),
    path("jobs/<uuid:public_id>/", views_jobs.job_detail, name="job"),
    path("jobs/<uuid:public_id>/resume/", views_jobs.job_resume_view, name="job_resume"),
    path("<uuid:public_id>/", views_candidates.application_detail, name="application"),
]

candidate_urls = [
    path("", views_candidates.candidates_search, name="candidates"),
    path("new/", views_import.candidate_add, name="candidate_add"),
    path("duplicates/", views_duplicates.duplicates, name="duplicates"),
    path("duplicates/<uuid:public_id>/dismiss/", views_duplicates.duplicate_dismiss, name="duplicate_dismiss"),
    path("import/", views_import.import_upload, name="import"),
    path("import/<uuid:public_id>/", views_import.import_batch, name="import_batch"),
    path("import/<uuid:public_id>/confirm/", views_import.import_confirm, name="import_confirm"),
    path("<uuid:public_id>/", views_candidates.candidate_detail, name="candidate"),
    path("<uuid:public_id>/edit/", views_candidates.candidate_edit, name="candidate_edit"),
    path("<uuid:public_id>/notes/", views_candidates.candidate_note_add, name="candidate_notes"),
    path("<uuid:public_id>/mentions/", views_candidates.candidate_mentions, name="candidate_mentions"),
    path("<uuid:public_id>/tags/", views_candidates.candidate_tags, name="candidate_tags"),
    path("<uuid:public_id>/merge/", views_duplicates.candidate_merge_view, name="candidate_merge"),
    path("<uuid:public_id>/undo-merge/", views_duplicates.candidate_merge_undo_view, name="candidate_merge_undo"),
]

"""Applications and candidates, mounted at /pipelines/applications/ and
/pipelines/candidates/ (namespace "pipelines")."""

from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_candidates as views
from recruiting.pipelines import views_jobs

application_urls = [
    path("", views.applications_list, name="applications"),
    path("bulk/", views.applications_bulk, name="applications_bulk"),
    path("export.csv", views.applications_export, name="applications_export"),
    path("jobs/<uuid:public_id>/", views_jobs.job_detail, name="job"),
    path("jobs/<uuid:public_id>/resume/", views_jobs.job_resume_view, name="job_resume"),
    path("<uuid:public_id>/", views.application_detail, name="application"),
]

candidate_urls = [
    path("", views.candidates_search, name="candidates"),
    path("new/", views.candidate_add, name="candidate_add"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<uuid:public_id>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:public_id>/", views.import_batch, name="import_batch"),
    path("import/<uuid:public_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("<uuid:public_id>/", views.candidate_detail, name="candidate"),
    path("<uuid:public_id>/edit/", views.candidate_edit, name="candidate_edit"),
    path("<uuid:public_id>/notes/", views.candidate_note_add, name="candidate_notes"),
    path("<uuid:public_id>/tags/", views.candidate_tags, name="candidate_tags"),
    path("<uuid:public_id>/merge/", views.candidate_merge_view, name="candidate_merge"),
    path("<uuid:public_id>/undo-merge/", views.candidate_merge_undo_view, name="candidate_merge_undo"),
]

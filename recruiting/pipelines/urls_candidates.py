from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_candidates as views

urlpatterns = [
    path("applications/", views.applications_list, name="applications"),
    path("applications/bulk/", views.applications_bulk, name="applications_bulk"),
    path("applications/export.csv", views.applications_export, name="applications_export"),
    path("applications/<uuid:public_id>/", views.application_detail, name="application"),
    path("candidates/", views.candidates_search, name="candidates"),
    path("candidates/new/", views.candidate_add, name="candidate_add"),
    path("candidates/duplicates/", views.duplicates, name="duplicates"),
    path("candidates/duplicates/<uuid:public_id>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("candidates/import/", views.import_upload, name="import"),
    path("candidates/import/<uuid:public_id>/", views.import_batch, name="import_batch"),
    path("candidates/import/<uuid:public_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("candidates/<uuid:public_id>/", views.candidate_detail, name="candidate"),
    path("candidates/<uuid:public_id>/edit/", views.candidate_edit, name="candidate_edit"),
    path("candidates/<uuid:public_id>/notes/", views.candidate_note_add, name="candidate_notes"),
    path("candidates/<uuid:public_id>/tags/", views.candidate_tags, name="candidate_tags"),
    path("candidates/<uuid:public_id>/merge/", views.candidate_merge_view, name="candidate_merge"),
    path("candidates/<uuid:public_id>/undo-merge/", views.candidate_merge_undo_view, name="candidate_merge_undo"),
]

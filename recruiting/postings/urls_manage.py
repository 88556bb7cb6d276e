"""Posting management, mounted under /postings/ (namespace "postings")."""

from __future__ import annotations

from django.urls import include, path

from recruiting.postings import views

question_urls = [
    path("edit/", views.question_edit, name="question_edit"),
    path("delete/", views.question_delete, name="question_delete"),
    path("move/", views.question_move, name="question_move"),
]

posting_urls = [
    path("", views.posting_detail, name="detail"),
    path("edit/", views.posting_edit, name="edit"),
    path("status/", views.posting_status, name="status"),
    path("progress/", views.reevaluation_progress, name="progress"),
    path("questions/", views.question_list, name="questions"),
    path("questions/add/", views.question_add, name="question_add"),
    path("questions/library/", views.question_add_from_library, name="question_library"),
    path("questions/<uuid:question_id>/", include(question_urls)),
]

urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_create, name="create"),
    path("new/from-text/", views.posting_from_text, name="from_text"),
    path("validate/", views.posting_validate, name="validate"),
    path("<uuid:posting_id>/", include(posting_urls)),
]

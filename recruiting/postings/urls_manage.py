from __future__ import annotations

from django.urls import path

from recruiting.postings import views

urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_create, name="create"),
    path("new/from-text/", views.posting_from_text, name="from_text"),
    path("validate/", views.posting_validate, name="validate"),
    path("<uuid:posting_id>/", views.posting_detail, name="detail"),
    path("<uuid:posting_id>/edit/", views.posting_edit, name="edit"),
    path("<uuid:posting_id>/status/", views.posting_status, name="status"),
    path("<uuid:posting_id>/progress/", views.reevaluation_progress, name="progress"),
    path("<uuid:posting_id>/questions/", views.question_list, name="questions"),
    path("<uuid:posting_id>/questions/add/", views.question_add, name="question_add"),
    path("<uuid:posting_id>/questions/library/", views.question_add_from_library, name="question_library"),
    path("<uuid:posting_id>/questions/<uuid:question_id>/edit/", views.question_edit, name="question_edit"),
    path("<uuid:posting_id>/questions/<uuid:question_id>/delete/", views.question_delete, name="question_delete"),
    path("<uuid:posting_id>/questions/<uuid:question_id>/move/", views.question_move, name="question_move"),
]

"""A candidate's data-protection page, mounted at /pipelines/candidates/<public_id>/privacy/
in the "pipelines" namespace (its path and names from before it moved here);
recruiting/urls.py adds it there."""

from __future__ import annotations

from django.urls import path

from recruiting.privacy import views

urlpatterns = [
    path("", views.candidate_privacy, name="candidate_privacy"),
    path("export/", views.candidate_privacy_export, name="candidate_privacy_export"),
    path("erase/", views.candidate_privacy_erase, name="candidate_privacy_erase"),
]

"""CV download, mounted under /postings/ (namespace "postings")."""

from __future__ import annotations

from django.urls import path

from recruiting.postings import cv_views

urlpatterns = [
    path("cv/<uuid:public_id>/", cv_views.cv_download, name="cv_download"),
]

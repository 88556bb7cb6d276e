"""CV download, mounted under /postings/ in the "postings" namespace (its path and name
from before documents moved to pipelines); recruiting/urls.py adds it there."""

from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_documents

urlpatterns = [
    path("cv/<uuid:public_id>/", views_documents.cv_download, name="cv_download"),
]

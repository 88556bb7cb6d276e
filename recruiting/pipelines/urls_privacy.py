from __future__ import annotations

from django.urls import path

from recruiting.pipelines import views_privacy as views

urlpatterns = [
    path("candidates/<uuid:public_id>/privacy/", views.candidate_privacy, name="candidate_privacy"),
    path(
        "candidates/<uuid:public_id>/privacy/export/", views.candidate_privacy_export, name="candidate_privacy_export"
    ),
    path("candidates/<uuid:public_id>/privacy/erase/", views.candidate_privacy_erase, name="candidate_privacy_erase"),
]

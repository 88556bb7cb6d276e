"""Everything under /pipelines/ (namespace "pipelines"), one prefix per area."""

from __future__ import annotations

from django.urls import include, path

from recruiting.pipelines import urls_board, urls_candidates, urls_privacy

app_name = "pipelines"
urlpatterns = [
    path("postings/<uuid:posting_id>/board/", include(urls_board)),
    path("applications/", include(urls_candidates.application_urls)),
    path("candidates/<uuid:public_id>/privacy/", include(urls_privacy)),
    path("candidates/", include(urls_candidates.candidate_urls)),
]

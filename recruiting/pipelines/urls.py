"""Everything under /pipelines/ (namespace "pipelines"), one prefix per area; recruiting/urls.py
adds the data-protection pages (recruiting.privacy) to the namespace."""

from __future__ import annotations

from django.urls import include, path

from recruiting.pipelines import urls_board, urls_candidates

app_name = "pipelines"
urlpatterns = [
    path("postings/<uuid:posting_id>/board/", include(urls_board)),
    path("applications/", include(urls_candidates.application_urls)),
    path("candidates/", include(urls_candidates.candidate_urls)),
]

from __future__ import annotations

from recruiting.pipelines.urls_board import urlpatterns as board_urls
from recruiting.pipelines.urls_candidates import urlpatterns as candidate_urls
from recruiting.pipelines.urls_privacy import urlpatterns as privacy_urls

app_name = "pipelines"
urlpatterns = [*board_urls, *candidate_urls, *privacy_urls]

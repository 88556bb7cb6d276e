from __future__ import annotations

from recruiting.postings.urls_cv import urlpatterns as cv_urls
from recruiting.postings.urls_manage import urlpatterns as manage_urls

app_name = "postings"
urlpatterns = [*manage_urls, *cv_urls]

from __future__ import annotations

from recruiting.postings.urls_manage import urlpatterns

app_name = "postings"
__all__ = ["app_name", "urlpatterns"]

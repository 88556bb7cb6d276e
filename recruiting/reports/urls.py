from __future__ import annotations

from django.urls import path

from recruiting.reports import views
from recruiting.reports.registry import REPORTS

app_name = "reports"

urlpatterns = [path("", views.index, name="index")]
for slug in REPORTS:
    urlpatterns += [
        path(f"{slug}/", views.PAGES[slug], name=slug),
        path(f"{slug}/export/", views.EXPORTS[slug], name=f"{slug}-export"),
    ]

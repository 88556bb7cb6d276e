from __future__ import annotations

from django.urls import path

from recruiting.reports import views
from recruiting.reports.registry import REPORTS

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("exports/", views.export_start, name="export_start"),
    path("exports/<uuid:public_id>/", views.export_status, name="export"),
    path("exports/<uuid:public_id>/download/", views.export_download, name="export_download"),
]
for slug in REPORTS:
    urlpatterns += [
        path(f"{slug}/", views.PAGES[slug], name=slug),
        path(f"{slug}/export/", views.EXPORTS[slug], name=f"{slug}-export"),
    ]

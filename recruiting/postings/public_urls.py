"""The public careers site, mounted at /careers/ (namespace "careers")."""

from __future__ import annotations

from django.urls import path

from recruiting.postings import public_views

app_name = "careers"
urlpatterns = [
    path("", public_views.careers_list, name="list"),
    path("<uuid:public_id>/", public_views.posting_page, name="posting"),
    path("<uuid:public_id>/apply/", public_views.apply, name="apply"),
    path("<uuid:public_id>/applied/", public_views.applied, name="applied"),
]

"""The public careers site, mounted at /careers/ (namespace "careers")."""

from __future__ import annotations

from django.urls import path

from recruiting.careers import views

app_name = "careers"
urlpatterns = [
    path("", views.careers_list, name="list"),
    path("<uuid:public_id>/", views.posting_page, name="posting"),
    path("<uuid:public_id>/apply/", views.apply, name="apply"),
    path("<uuid:public_id>/applied/", views.applied, name="applied"),
]

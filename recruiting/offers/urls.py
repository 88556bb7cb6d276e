"""Everything under /offers/ (namespace "offers")."""

from __future__ import annotations

from django.urls import include, path

from recruiting.offers import views

offer_urls = [
    path("", views.detail, name="detail"),
    path("approve/", views.approve, name="approve"),
    path("send/", views.send, name="send"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("letter.pdf", views.letter, name="letter"),
]

app_name = "offers"
urlpatterns = [
    path("applications/<uuid:public_id>/", views.prepare, name="prepare"),
    path("postings/<uuid:public_id>/filled/", views.filled, name="filled"),
    path("letter/<str:token>/", views.respond, name="respond"),
    path("<uuid:public_id>/", include(offer_urls)),
]

from __future__ import annotations

from django.urls import path

from recruiting.interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.home, name="home"),
    path("availability/", views.availability, name="availability"),
    path("availability/windows/", views.window_add, name="window_add"),
    path("availability/windows/<int:pk>/", views.window_edit, name="window_edit"),
    path("availability/windows/<int:pk>/delete/", views.window_delete, name="window_delete"),
    path("availability/time-off/", views.time_off_add, name="time_off_add"),
    path("availability/time-off/<int:pk>/delete/", views.time_off_delete, name="time_off_delete"),
    path("availability/settings/", views.settings_update, name="settings"),
    path("postings/<uuid:public_id>/plan/", views.plan, name="plan"),
    path("postings/<uuid:public_id>/plan/rounds/<int:round_id>/", views.round_edit, name="round_edit"),
    path("postings/<uuid:public_id>/plan/rounds/<int:round_id>/delete/", views.round_delete, name="round_delete"),
    path("postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/", views.criterion_add, name="criterion_add"),
    path(
        "postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/<int:criterion_id>/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "postings/<uuid:public_id>/plan/rounds/<int:round_id>/criteria/<int:criterion_id>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("applications/<uuid:public_id>/", views.application_interviews, name="application"),
    path("applications/<uuid:public_id>/schedule/<int:round_id>/", views.schedule, name="schedule"),
    path("applications/<uuid:public_id>/schedule/<int:round_id>/link/", views.link_create, name="link_create"),
    path("applications/<uuid:public_id>/feedback/", views.feedback, name="feedback"),
    path("applications/<uuid:public_id>/decision/", views.decision, name="decision"),
    path("book/<str:token>/", views.self_schedule, name="self_schedule"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/reschedule/", views.reschedule, name="reschedule"),
    path("<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:public_id>/scorecard/", views.scorecard, name="scorecard"),
]

"""Everything under /interviews/ (namespace "interviews"), one prefix per area."""

from __future__ import annotations

from django.urls import include, path

from recruiting.interviews.views import availability, leave, plans, scheduling, scorecards, self_scheduling

availability_urls = [
    path("", availability.availability, name="availability"),
    path("windows/", availability.window_add, name="window_add"),
    path("windows/<int:pk>/", availability.window_edit, name="window_edit"),
    path("windows/<int:pk>/delete/", availability.window_delete, name="window_delete"),
    path("time-off/", availability.time_off_add, name="time_off_add"),
    path("time-off/<int:pk>/delete/", availability.time_off_delete, name="time_off_delete"),
    path("settings/", availability.settings_update, name="settings"),
]

criterion_urls = [
    path("", plans.criterion_add, name="criterion_add"),
    path("<int:criterion_id>/", plans.criterion_edit, name="criterion_edit"),
    path("<int:criterion_id>/delete/", plans.criterion_delete, name="criterion_delete"),
]

round_urls = [
    path("", plans.round_edit, name="round_edit"),
    path("delete/", plans.round_delete, name="round_delete"),
    path("criteria/", include(criterion_urls)),
]

plan_urls = [
    path("", plans.plan, name="plan"),
    path("blind-review/", plans.blind_review, name="blind_review"),
    path("rounds/<int:round_id>/", include(round_urls)),
]

application_urls = [
    path("", scheduling.application_interviews, name="application"),
    path("schedule/<int:round_id>/", scheduling.schedule, name="schedule"),
    path("schedule/<int:round_id>/link/", scheduling.link_create, name="link_create"),
    path("feedback/", scorecards.feedback, name="feedback"),
    path("cv/", scorecards.cv, name="cv"),
    path("decision/", scorecards.decision, name="decision"),
]

interview_urls = [
    path("", scheduling.detail, name="detail"),
    path("reschedule/", scheduling.reschedule, name="reschedule"),
    path("cancel/", scheduling.cancel, name="cancel"),
    path("shadow/", scheduling.add_shadow, name="add_shadow"),
    path("scorecard/", scorecards.scorecard, name="scorecard"),
]

app_name = "interviews"
urlpatterns = [
    path("", availability.home, name="home"),
    path("availability/", include(availability_urls)),
    path("postings/<uuid:public_id>/plan/", include(plan_urls)),
    path("applications/<uuid:public_id>/", include(application_urls)),
    path("book/<str:token>/", self_scheduling.self_schedule, name="self_schedule"),
    path("proposals/<uuid:public_id>/", leave.proposal_decide, name="proposal_decide"),
    path("<uuid:public_id>/", include(interview_urls)),
]

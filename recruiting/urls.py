from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from recruiting.accounts import views as account_views
from recruiting.core import views as core_views

admin.site.site_header = "Recruiting portal admin"
admin.site.site_title = "Recruiting admin"

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("waiting/", core_views.waiting, name="waiting"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("admin/login/", account_views.admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("postings/", include("recruiting.postings.urls")),
    path("careers/", include("recruiting.postings.public_urls")),
    path("pipelines/", include("recruiting.pipelines.urls")),
    path("interviews/", include("recruiting.interviews.urls")),
    path("api/", include("recruiting.api.urls")),
]

handler400 = "recruiting.core.errors.bad_request"
handler403 = "recruiting.core.errors.permission_denied"
handler404 = "recruiting.core.errors.page_not_found"
handler500 = "recruiting.core.errors.server_error"

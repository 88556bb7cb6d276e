from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from recruiting.accounts import views as account_views
from recruiting.core import views as core_views
from recruiting.pipelines.urls import urlpatterns as pipeline_urls
from recruiting.pipelines.urls_documents import urlpatterns as document_urls
from recruiting.postings.urls import urlpatterns as posting_urls
from recruiting.privacy import urls as privacy_urls

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
    # The CV download keeps its /postings/cv/ path and "postings:cv_download" name.
    path("postings/", include(([*posting_urls, *document_urls], "postings"))),
    path("careers/", include("recruiting.careers.urls")),
    # The data-protection pages keep their paths and "pipelines:candidate_privacy*" names.
    path(
        "pipelines/",
        include(([path("candidates/<uuid:public_id>/privacy/", include(privacy_urls)), *pipeline_urls], "pipelines")),
    ),
    path("interviews/", include("recruiting.interviews.urls")),
    path("offers/", include("recruiting.offers.urls")),
]

handler400 = "recruiting.core.errors.bad_request"
handler403 = "recruiting.core.errors.permission_denied"
handler404 = "recruiting.core.errors.page_not_found"
handler500 = "recruiting.core.errors.server_error"

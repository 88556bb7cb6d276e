"""/api/v1/ (the API and its documentation) and the public job-board feeds."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from recruiting.api import feeds, views
from recruiting.api.api import api

app_name = "api"


def _operations_by_method(callback) -> dict[str, str]:
    """{method: scope} of the operations behind one ninja URL (its PathView)."""
    for cell in callback.__closure__ or ():
        path_view = cell.cell_contents
        if hasattr(path_view, "operations"):
            return {
                method: str(callback_auth.scope)
                for operation in path_view.operations
                for method in operation.methods
                for callback_auth in operation.auth_callbacks
            }
    raise LookupError(f"no ninja operations behind {callback}")


def _api_patterns() -> list[URLPattern]:
    """The ninja routes under v1/, each marked with its access policy (token scopes or a
    session with a role; tests/test_url_policies.py reads `api_policy`) and exempt from
    the sign-in redirect and the HTML input check: the API answers those itself."""
    patterns = []
    for pattern in api.urls[0]:
        if pattern.name == "api-root":
            continue
        callback = pattern.callback
        callback.api_policy = _operations_by_method(callback)
        callback.login_required = False
        callback.checks_own_input = True
        patterns.append(path("v1/" + str(pattern.pattern), callback, name=pattern.name))
    return patterns


urlpatterns = [
    path("v1/", views.index, name="index"),
    path("v1/schema/", views.schema, name="schema"),
    path("v1/docs/", views.reference, name="reference"),
    path("v1/feeds/postings.json", feeds.postings_json, name="feed_json"),
    path("v1/feeds/postings.rss", feeds.postings_rss, name="feed_rss"),
    *_api_patterns(),
    # Anything else under /api/ is a problem+json 404, not the HTML page.
    re_path(r"^.*$", views.not_found, name="not_found"),
]

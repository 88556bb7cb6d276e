"""Every view in the URLconf declares who may reach it.

A view passes when it is marked public (`@public`), requires a role
(`@role_required`), is for any signed-in user (`@signed_in`), or is an API operation
that names the token scope it needs for each method (`api_policy`, set from its
`ApiAuth(scope)` in recruiting/api/urls.py; the session then needs a role). Django's admin and
django-allauth enforce their own access rules and are listed by module.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, path

# URL prefixes mounted for third-party apps that enforce their own policy: the admin
# (staff only) and allauth's sign-in flow.
TRUSTED_ROUTE_PREFIXES = ("admin/", "accounts/")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _policy(route: str, callback) -> str | None:
    if getattr(callback, "public_policy", False):
        return "public"
    if getattr(callback, "role_policy", None):
        return "role"
    if getattr(callback, "signed_in_policy", False):
        return "signed-in"
    if _api_policy_complete(callback):
        return "api"
    if route.startswith(TRUSTED_ROUTE_PREFIXES):
        return "third-party"
    return None


def _api_policy_complete(callback) -> bool:
    from recruiting.api.scopes import Scope

    policy = getattr(callback, "api_policy", None)
    return bool(policy) and all(scope in Scope.values for scope in policy.values())


def views_without_policy(patterns) -> list[str]:
    return [route for route, callback in _walk(patterns) if _policy(route, callback) is None]


def test_every_view_in_the_urlconf_has_an_access_policy():
    missing = views_without_policy(get_resolver().url_patterns)
    assert missing == [], f"views without an access policy: {missing}"


def test_the_walk_covers_the_apps_views():
    routes = [route for route, _ in _walk(get_resolver().url_patterns)]
    assert "healthz" in routes
    assert any(route.startswith("admin/") for route in routes)
    assert len(routes) > 20


def test_a_new_view_without_a_policy_is_caught():
    def forgotten_view(request):  # no decorator
        raise AssertionError("never called")

    patterns = [*get_resolver().url_patterns, path("forgotten/", forgotten_view)]
    assert views_without_policy(patterns) == ["forgotten/"]


def test_a_login_not_required_view_without_our_marker_is_caught():
    """Django's bare @login_not_required is not enough: public views say so with @public."""
    from django.contrib.auth.decorators import login_not_required

    @login_not_required
    def sneaky(request):
        raise AssertionError("never called")

    assert views_without_policy([path("sneaky/", sneaky)]) == ["sneaky/"]


def test_every_api_operation_needs_a_known_scope():
    api_routes = [(route, c) for route, c in _walk(get_resolver().url_patterns) if route.startswith("api/v1/")]
    operations = [(route, c.api_policy) for route, c in api_routes if hasattr(c, "api_policy")]
    assert len(operations) >= 14
    assert all(_api_policy_complete(c) for route, c in api_routes if hasattr(c, "api_policy"))
    # Writes need a write scope; reads a read scope.
    for route, policy in operations:
        for method, scope in policy.items():
            assert scope.endswith(":read") == (method == "GET"), (route, method, scope)


def test_an_api_operation_without_an_auth_is_caught():
    from ninja import NinjaAPI

    loose = NinjaAPI(urls_namespace="loose", openapi_url=None, docs_url=None)

    @loose.get("/open")
    def wide_open(request):
        raise AssertionError("never called")

    patterns = [path("loose/", loose.urls)]
    assert views_without_policy(patterns) == ["loose/open", "loose/"]

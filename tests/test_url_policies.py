"""Every view in the URLconf declares who may reach it.

A view passes when it is marked public (`@public`), requires a role
(`@role_required`), or is for any signed-in user (`@signed_in`). Django's admin and
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
    if route.startswith(TRUSTED_ROUTE_PREFIXES):
        return "third-party"
    return None


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

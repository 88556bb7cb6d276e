"""Access policies for views.

Every view carries exactly one explicit policy: `public` (no sign-in) or `role_required`.
tests/test_url_policies.py walks the URLconf and fails on any view without one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from recruiting.core.roles import ANY_ROLE, Role


def role_required(*roles: str) -> Callable:
    """Allow signed-in users holding one of `roles` (admins always); others get 403.

    An unknown role name is refused when the view module is imported, so a typo cannot
    quietly lock everybody but admins out of a page."""
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ImproperlyConfigured(f"role_required: unknown role(s) {unknown}; known: {Role.values}")
    allowed = roles or ANY_ROLE

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:  # LoginRequiredMiddleware redirects first
                raise PermissionDenied
            if not user.has_role(*allowed):
                raise PermissionDenied("Your role does not allow this page.")
            return view(request, *args, **kwargs)

        wrapped.role_policy = tuple(allowed)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in (careers, apply, health)."""
    view = login_not_required(view)
    view.public_policy = True  # type: ignore[attr-defined]
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, role or not (the waiting page, profile)."""
    view.signed_in_policy = True  # type: ignore[attr-defined]
    return view

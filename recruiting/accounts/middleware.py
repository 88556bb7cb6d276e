from __future__ import annotations

from django.shortcuts import render

# Sign-out and the other allauth pages stay reachable for a role-less user.
_ALLOWED_PREFIXES = ("/accounts/", "/static/")


class WaitingForAccessMiddleware:
    """A signed-in user with no role sees the "waiting for access" page and nothing else.

    Public views (careers, apply, health) stay public for everybody.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.effective_role:
            return None
        if getattr(view_func, "public_policy", False) or request.path.startswith(_ALLOWED_PREFIXES):
            return None
        status = 200 if getattr(view_func, "waiting_page", False) else 403
        return render(request, "accounts/waiting.html", status=status)

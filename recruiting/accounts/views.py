from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from recruiting.core.decorators import public


@public
@require_GET
def admin_login(request):
    """The admin's own password form would skip single sign-on, the switch that turns
    password sign-in off, and the sign-in throttle: admins come in through the same door
    as everybody and are sent back to the admin afterwards."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(target)
        raise PermissionDenied("Your account cannot use the admin.")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")

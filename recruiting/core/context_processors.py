from __future__ import annotations

from django.conf import settings


def portal(request):
    return {
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
        "debug": settings.DEBUG,
    }

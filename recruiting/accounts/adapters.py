"""django-allauth adapters: no public sign-up, allowed e-mail domains, default SSO role,
password sign-in throttled per address and account (recruiting/accounts/throttle.py), and
one notion of the client's address for allauth and our own limits."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render

from recruiting.accounts import throttle
from recruiting.accounts.models import Role
from recruiting.core.clientip import client_ip


def email_domain_allowed(email: str) -> bool:
    allowed = settings.ALLOWED_EMAIL_DOMAINS
    if not allowed:
        return True
    domain = email.rpartition("@")[2].lower()
    return domain in allowed


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts come from SSO or from an admin; nobody signs up with a password.
        return False

    def get_client_ip(self, request) -> str:
        # allauth's own rate limits (login, password reset ...) count by this address too.
        return client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse before checking the password when this address (for this account, or
        altogether) has failed too often lately. Replaces allauth's login_failed limit,
        which refused the owner everywhere after five wrong passwords from anywhere."""
        if not settings.LOCAL_LOGIN_ENABLED:
            raise self.validation_error("local_login_disabled")
        login = credentials.get("email") or credentials.get("username") or ""
        attempt = throttle.attempt_begin(ip=client_ip(request), login=login)
        if isinstance(attempt, throttle.Refusal):
            raise ValidationError(attempt.message, code="too_many_login_attempts")
        self._signin_attempt = attempt

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        attempt = getattr(self, "_signin_attempt", None)
        if user is not None and attempt is not None:
            attempt.succeeded()
        self._signin_attempt = None
        return user

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "local_login_disabled": "Password sign-in is switched off. Use single sign-on.",
    }


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def _refuse(self, request, email: str):
        response = render(
            request,
            "accounts/refused.html",
            {"email": email, "domains": settings.ALLOWED_EMAIL_DOMAINS},
            status=403,
        )
        raise ImmediateHttpResponse(response)

    def pre_social_login(self, request, sociallogin) -> None:
        email = (sociallogin.user.email or "").strip()
        if not email:
            for address in sociallogin.email_addresses:
                email = address.email
                break
        if not email or not email_domain_allowed(email):
            self._refuse(request, email)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return email_domain_allowed(sociallogin.user.email or "")

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        default_role = settings.SSO_DEFAULT_ROLE
        user.role = default_role if default_role in Role.values else ""
        user.is_staff = user.role == Role.ADMIN
        return super().save_user(request, sociallogin, form)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        name = data.get("name") or " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
        user.full_name = (name or "").strip()[:150]
        return user

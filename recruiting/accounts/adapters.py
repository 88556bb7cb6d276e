"""django-allauth adapters: no public sign-up, allowed e-mail domains, default SSO role."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

from recruiting.accounts.models import Role


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

    def pre_authenticate(self, request, **credentials) -> None:
        if not settings.LOCAL_LOGIN_ENABLED:
            raise self.validation_error("local_login_disabled")
        super().pre_authenticate(request, **credentials)

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

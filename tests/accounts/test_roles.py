from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from recruiting.accounts.adapters import email_domain_allowed
from recruiting.accounts.models import User
from recruiting.accounts.services import user_set_role
from recruiting.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_giving_a_role_is_audited_and_keeps_admin_access_in_step(admin_user, no_role_user):
    user_set_role(user=no_role_user, role="admin", actor=admin_user)
    no_role_user.refresh_from_db()
    assert no_role_user.role == "admin"
    assert no_role_user.is_staff
    event = AuditEvent.objects.get(action="role.change")
    assert event.actor == admin_user
    assert event.before == {"role": "", "is_staff": False}
    assert event.after == {"role": "admin", "is_staff": True}

    user_set_role(user=no_role_user, role="interviewer", actor=admin_user)
    no_role_user.refresh_from_db()
    assert not no_role_user.is_staff
    assert AuditEvent.objects.filter(action="role.change").count() == 2


def test_an_unknown_role_is_refused(admin_user, no_role_user):
    with pytest.raises(ValueError):
        user_set_role(user=no_role_user, role="wizard", actor=admin_user)


def test_setting_the_same_role_again_writes_no_audit_row(admin_user, recruiter):
    user_set_role(user=recruiter, role="recruiter", actor=admin_user)
    assert not AuditEvent.objects.exists()


def test_changing_a_role_in_the_django_admin_goes_through_the_service(client_for, admin_user, no_role_user):
    client = client_for(admin_user)
    url = reverse("admin:accounts_user_change", args=[no_role_user.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "email": no_role_user.email,
            "full_name": no_role_user.full_name,
            "time_zone": "Asia/Kolkata",
            "role": "recruiter",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    no_role_user.refresh_from_db()
    assert no_role_user.role == "recruiter"
    assert AuditEvent.objects.get(action="role.change").after["role"] == "recruiter"


def test_the_admin_role_has_every_admin_permission(admin_user, recruiter):
    assert admin_user.has_perm("postings.delete_posting")
    assert admin_user.has_module_perms("audit")
    assert not recruiter.has_perm("postings.delete_posting")


def test_the_audit_log_cannot_be_edited_in_the_admin(client_for, admin_user, no_role_user):
    user_set_role(user=no_role_user, role="recruiter", actor=admin_user)
    event = AuditEvent.objects.get()
    client = client_for(admin_user)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "forged"})
    client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    event.refresh_from_db()
    assert event.action == "role.change"


def test_every_model_of_ours_is_in_the_admin():
    """Registered, or edited inline on its parent's admin page."""
    inline_models = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    ours = [m for m in apps.get_models() if m.__module__.startswith("recruiting.")]
    missing = [m._meta.label for m in ours if not admin.site.is_registered(m) and m not in inline_models]
    assert missing == []


def test_every_admin_changelist_renders(client_for, admin_user):
    client = client_for(admin_user)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "x"})
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    ("allowed", "email", "ok"),
    [
        ([], "anyone@anywhere.test", True),
        (["example.com"], "kavya@example.com", True),
        (["example.com"], "kavya@EXAMPLE.COM", True),
        (["example.com"], "kavya@evil-example.com", False),
        (["example.com"], "kavya@example.com.evil.test", False),
    ],
)
def test_email_domains_are_matched_exactly(settings, allowed, email, ok):
    settings.ALLOWED_EMAIL_DOMAINS = allowed
    assert email_domain_allowed(email) is ok


def test_password_sign_in_can_be_switched_off(client, settings, recruiter):
    settings.LOCAL_LOGIN_ENABLED = False
    response = client.post(
        reverse("account_login"), {"login": recruiter.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert b"switched off" in response.content
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up_with_a_password(client, settings):
    settings.LOCAL_LOGIN_ENABLED = True
    client.post(reverse("account_signup"), {"email": "new@example.com", "password1": "x" * 16})
    assert not User.objects.filter(email="new@example.com").exists()


def test_repeated_wrong_passwords_are_rate_limited(client, settings, recruiter):
    settings.LOCAL_LOGIN_ENABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}
    for _ in range(5):
        client.post(reverse("account_login"), {"login": recruiter.email, "password": "wrong-password"})
    response = client.post(
        reverse("account_login"), {"login": recruiter.email, "password": "correct-horse-battery-staple"}
    )
    assert b"Too many wrong passwords for this account from your network" in response.content
    assert "_auth_user_id" not in client.session

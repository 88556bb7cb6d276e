"""The accounts part of the demo data: one user per role of the named cast, with the
development password (`manage.py seed_demo`, recruiting/core/demo.py)."""

from __future__ import annotations

from django.conf import settings

from recruiting.accounts.models import Role, User

DEMO_USERS = [
    # key, e-mail, name, role
    ("admin", "admin@demo.recruiting.test", "Anita Admin", Role.ADMIN),
    ("recruiter", "recruiter@demo.recruiting.test", "Ravi Recruiter", Role.RECRUITER),
    ("hiring_manager", "manager@demo.recruiting.test", "Meena Manager", Role.HIRING_MANAGER),
    ("hiring_manager_2", "manager2@demo.recruiting.test", "Karthik Lead", Role.HIRING_MANAGER),
    ("interviewer", "interviewer@demo.recruiting.test", "Imran Interviewer", Role.INTERVIEWER),
    ("interviewer_2", "priya@demo.recruiting.test", "Priya Raman", Role.INTERVIEWER),
    ("interviewer_3", "arjun@demo.recruiting.test", "Arjun Subramanian", Role.INTERVIEWER),
    ("interviewer_4", "divya@demo.recruiting.test", "Divya Krishnan", Role.INTERVIEWER),
    ("waiting", "newcomer@demo.recruiting.test", "Nila Newcomer", ""),
]


def seed(*, users: dict, stdout) -> None:
    """Create (or reset) the demo users and hand them to the parts above."""
    for key, email, name, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
        user.full_name = name
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        users[key] = user


def seeded() -> bool:
    """The demo admin exists: the demo data was created before."""
    return User.objects.filter(email=DEMO_USERS[0][1]).exists()


def report(stdout) -> None:
    stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
    for _key, email, name, role in DEMO_USERS:
        stdout.write(f"  {role or 'no role':<15} {email}  ({name})")

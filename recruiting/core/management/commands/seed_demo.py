"""Demo data for development: users for every role and, app by app, postings,
candidates and interviews that look like the company's real postings."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from recruiting.accounts.models import Role, User

# Each app's demo module has `seed(*, users: dict[str, User], stdout) -> None`; order matters.
DEMO_MODULES = [
    "recruiting.postings.demo",
    "recruiting.postings.demo_applications",
    "recruiting.pipelines.demo",
    "recruiting.interviews.demo",
]

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


class Command(BaseCommand):
    help = "Create demo users (local passwords, development only) and demo data, once."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even when demo data exists")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")

    def handle(self, *args, force: bool = False, quiet_logins: bool = False, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError("seed_demo creates known passwords: run it with DEBUG=1 (development only)")
        already = User.objects.filter(email=DEMO_USERS[0][1]).exists()
        if already and not force:
            self.stdout.write("Demo data is already there.")
        else:
            # Demo e-mails go to the outbox but nowhere else: nobody should get mail
            # about made-up candidates, even when a real mail server is configured.
            quiet_mail = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
            with override_settings(MAILERS=quiet_mail), transaction.atomic():
                users = self._users()
                for dotted in DEMO_MODULES:
                    try:
                        module = importlib.import_module(dotted)
                    except ModuleNotFoundError as exc:
                        if exc.name != dotted:
                            raise
                        continue
                    module.seed(users=users, stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if not quiet_logins:
            self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
            for _key, email, name, role in DEMO_USERS:
                self.stdout.write(f"  {role or 'no role':<15} {email}  ({name})")

    def _users(self) -> dict[str, User]:
        users = {}
        for key, email, name, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
            user.full_name = name
            user.role = role
            user.is_staff = role == Role.ADMIN
            user.is_superuser = role == Role.ADMIN
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            users[key] = user
        return users

"""Demo data for development: users for every role and, app by app, postings,
candidates and interviews that look like the company's real postings. Each app registers
its part (recruiting/core/demo.py); this command runs them, bottom layer first."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from recruiting.core.demo import demo_modules


class Command(BaseCommand):
    help = "Create demo users (local passwords, development only) and demo data, once."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even when demo data exists")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins")

    def handle(self, *args, force: bool = False, quiet_logins: bool = False, logins_only: bool = False, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError("seed_demo creates known passwords: run it with DEBUG=1 (development only)")
        modules = demo_modules()
        already = logins_only or any(module.seeded() for module in modules if hasattr(module, "seeded"))
        if logins_only:
            pass
        elif already and not force:
            self.stdout.write("Demo data is already there.")
        else:
            # Demo e-mails go to the outbox but nowhere else: nobody should get mail
            # about made-up candidates, even when a real mail server is configured.
            quiet_mail = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
            # Hundreds of in-process tasks run while seeding; their INFO lines would bury
            # what a newcomer needs (warnings and errors still show).
            logging.disable(logging.INFO)
            try:
                with override_settings(MAILERS=quiet_mail), transaction.atomic():
                    users: dict = {}
                    # What each app made, line by line, only when asked for (-v 2).
                    detail = self.stdout if options.get("verbosity", 1) >= 2 else io.StringIO()
                    for module in modules:
                        module.seed(users=users, stdout=detail)
            finally:
                logging.disable(logging.NOTSET)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if not quiet_logins:
            for module in modules:
                if hasattr(module, "report"):
                    module.report(self.stdout)

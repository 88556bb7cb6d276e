"""Recompute the reports' rollup from applications, stage history and interviews."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from recruiting.reports.rollup import rollup_rebuild


class Command(BaseCommand):
    help = "Rebuild the reports' rollup tables (writes to applications wait until it is done)."

    def handle(self, *args, **options):
        facts, stays = rollup_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt the reports rollup: {facts} applications, {stays} stays.")

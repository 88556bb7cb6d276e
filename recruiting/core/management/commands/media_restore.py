"""`manage.py media_restore FILE.tar`: put the files of a media_backup archive back into
the default storage under their own names (files already there are left alone)."""

from __future__ import annotations

import tarfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Restore stored files (CVs) from a media_backup tar file."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the tar file media_backup wrote")

    def handle(self, *args, archive: str, **options):
        restored = kept = 0
        with tarfile.open(archive, "r") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                name = member.name
                if name.startswith("/") or ".." in name.split("/"):
                    raise CommandError(f"refusing the unsafe name {name!r} in {archive}")
                if default_storage.exists(name):
                    kept += 1
                    continue
                handle = tar.extractfile(member)
                saved = default_storage.save(name, ContentFile(handle.read()))
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}; the database would not find it")
                restored += 1
        self.stdout.write(f"{restored} files restored, {kept} already there")

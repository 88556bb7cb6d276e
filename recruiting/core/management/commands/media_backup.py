"""`manage.py media_backup FILE.tar`: every file in the default storage (the CVs), local
disk or S3 alike, into one tar file. The database goes through pg_dump; see
docs/operations.md for the whole procedure."""

from __future__ import annotations

import io
import tarfile

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


def storage_names(storage, folder: str = "") -> list[str]:
    """Every file name under `folder`, depth first, sorted."""
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in sorted(files)]
    for sub in sorted(folders):
        names += storage_names(storage, f"{folder}/{sub}" if folder else sub)
    return names


class Command(BaseCommand):
    help = "Write every stored file (CVs) into a tar file."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the tar file to write")

    def handle(self, *args, archive: str, **options):
        count = 0
        with tarfile.open(archive, "w") as tar:
            for name in storage_names(default_storage):
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                count += 1
        self.stdout.write(f"{count} files written to {archive}")

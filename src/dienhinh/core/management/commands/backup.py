"""manage.py backup [--output FOLDER_OR_FILE]: the database, the uploaded files and a manifest
in one archive (core/backup.py). For cron, nightly: see the README."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dienhinh.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write one archive with the database, the uploaded files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="a folder (the archive is named by date in it) or a file; default var/backups",
        )

    def handle(self, *args, output=None, **options):
        target = Path(output) if output else Path(settings.VAR_DIR) / "backups"
        if output is None:
            target.mkdir(parents=True, exist_ok=True)
        try:
            path, manifest = write_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files"
        )

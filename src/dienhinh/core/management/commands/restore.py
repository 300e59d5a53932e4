"""manage.py restore ARCHIVE [--force]: an archive of manage.py backup brought back into an
empty instance, then checked table by table and file by file against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.core.backup import BackupError, owns_cache, restore_archive


class Command(BaseCommand):
    help = "Restore an archive written by manage.py backup into an empty instance."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the files of an instance already in use",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            result = restore_archive(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.differences:
            raise CommandError(
                "restored, but it differs from the backup's manifest:\n"
                + "\n".join(result.differences)
            )
        self.stdout.write(
            f"restored {result.tables} tables, {result.rows} rows and {result.files} files; "
            "every count and checksum matches the backup"
        )
        if not owns_cache():
            self.stdout.write(
                "the cache is a shared server, not emptied: every value this site cached "
                "there from the replaced data is stale (new generation tokens); other keys "
                "of it expire by themselves"
            )

"""Import union units from an XLSX or CSV file, with the same checks as the import page."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.orgs.importing.apply import ImportFailed, apply_plan
from dienhinh.orgs.importing.reader import ImportFileError, check_size, read_rows
from dienhinh.orgs.importing.validate import RowError, build_plan
from dienhinh.orgs.models import OrgUnit


def system_actor():
    """The actor used when no --as is given: an unsaved, active superuser.

    The permission rules treat superusers as system administrators, so every check in
    orgs.domain still runs; it simply passes as it would for a superuser account. Whoever
    can run manage.py already controls the database, so this grants nothing new.
    """
    return get_user_model()(
        email="system@localhost", full_name="System", is_superuser=True, is_active=True
    )


class Command(BaseCommand):
    help = (
        "Import union units from an XLSX or CSV file (same columns and checks as the import "
        "page). Prints a row-by-row report; on any error nothing is saved and the command "
        "exits with status 1. With --as EMAIL the import runs with that user's permissions "
        "(only units they manage); without --as it runs as the system, with a system "
        "administrator's rights, which may also create top-level units."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx or .csv file.")
        parser.add_argument(
            "--parent",
            metavar="CODE",
            default="",
            help="Code of the unit that receives rows without a parent code. Without it such "
            "rows become top-level units (system administrators only).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print what would happen; save nothing.",
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            default="",
            help="Act as this existing, active user, with exactly their permissions.",
        )

    def handle(self, *args, file, parent, dry_run, as_email, **options):
        actor = self._actor(as_email)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            check_size(path.stat().st_size)
            parsed = read_rows(path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        default_parent = None
        if parent:
            default_parent = OrgUnit.objects.managed_by(actor).filter(code=parent).first()
            if default_parent is None:
                raise CommandError(
                    _("You do not manage a unit with the code %(code)s.") % {"code": parent}
                )
        plan = build_plan(parsed, user=actor, default_parent=default_parent)
        for row in plan.rows:
            if not row.errors:
                target = row.target_parent or "—"
                self.stdout.write(
                    f"{_('Row')} {row.number}: {row.action_label} {row.code} → {target}"
                )
        if plan.has_errors:
            self._report(plan.errors)
            raise CommandError(_("The file has errors. Nothing was imported."))
        counts = plan.counts()
        summary = (
            _(
                "%(create)d to create, %(update)d to update, %(move)d to move, "
                "%(unchanged)d unchanged."
            )
            % counts
        )
        if dry_run:
            self.stdout.write(summary)
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        try:
            result = apply_plan(plan, by=actor)
        except ImportFailed as failed:
            self._report(failed.errors)
            raise CommandError(_("The import failed. Nothing was imported.")) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created %(created)d, updated %(updated)d, moved %(moved)d, unchanged "
                    "%(unchanged)d."
                )
                % vars(result)
            )
        )

    def _actor(self, email: str):
        if not email:
            return system_actor()
        user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(_("No active user has the email %(email)s.") % {"email": email})
        return user

    def _report(self, errors: list[RowError]) -> None:
        for error in errors:
            where = _("Row %(row)d") % {"row": error.row} if error.row else _("File")
            column = f" [{error.column_label}]" if error.column_label else ""
            self.stderr.write(f"{where}{column}: {error.message}")

"""``manage.py load_demo [--if-empty]``: load the demo province and print its logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.demo.loader import DemoConflict, load_demo
from dienhinh.orgs.models import OrgUnit

DEFAULT_PASSWORD = "dienhinh-demo"


class Command(BaseCommand):
    help = (
        "Load the demo province (Trà Vinh provincial federation, 2017), its demo accounts, "
        "plans and nomination dossiers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no union unit at all (used by make run).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write(_("The database already has union units: demo data not loaded."))
            return
        try:
            summary = load_demo(password=settings.DEMO_PASSWORD)
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        if not summary.created:
            self.stdout.write(_("Demo data already present: nothing was changed."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data loaded: %(units)d units, %(groups)d emulation groups, "
                    "%(users)d users."
                )
                % {"units": summary.units, "groups": summary.groups, "users": summary.users}
            )
        )
        self.stdout.write(
            _("Demo plans: %(plans)d, with %(dossiers)d nomination dossiers.")
            % {"plans": summary.plans, "dossiers": summary.dossiers}
        )
        self.stdout.write(_("Demo stories: %(stories)d.") % {"stories": summary.stories})
        if settings.DEMO_PASSWORD == DEFAULT_PASSWORD:
            password = DEFAULT_PASSWORD
        else:
            # A password chosen by the operator stays out of the console and the logs.
            password = _("the value of DIENHINH_DEMO_PASSWORD")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": password})
        width = max(len(login.email) for login in summary.logins)
        for login in summary.logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.description}")

"""``manage.py send_reminders [--date YYYY-MM-DD]``: send the nomination deadline reminders
due on a day, for cron users. Safe to run any number of times (see nominations.reminders).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.nominations.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Email the officers of units that still have unfinished dossiers, 7 days and 1 day "
        "before a plan's nomination deadline."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Send the reminders due on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, date: str | None = None, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(
                    _("Give the date as YYYY-MM-DD, for example 2017-11-23.")
                ) from error
        sent = send_deadline_reminders(today=day)
        self.stdout.write(_("Reminders sent: %(count)d.") % {"count": sent})

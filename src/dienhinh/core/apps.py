from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dienhinh.core"
    label = "core"

    def ready(self):
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        # Django 6.1 names the empty choice of every select "- Select an option -", a string
        # its Vietnamese catalogue does not have yet, so Vietnamese pages showed it in
        # English. Django's documented way to change it is to set it in ready().
        fields.BLANK_CHOICE_LABEL = _("— Choose —")

        import datetime

        from dienhinh.core import periodic
        from dienhinh.core.tasks import purge_sent_emails_task

        # The outbox's sent emails past their retention, once a day (core.periodic).
        periodic.register(purge_sent_emails_task, every=datetime.timedelta(days=1))

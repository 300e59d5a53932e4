from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "dienhinh.nominations"
    label = "nominations"
    verbose_name = _("Nomination dossiers")

    def ready(self) -> None:
        import datetime

        # What this app adds to the plans app (see plans/hooks.py); plans never imports it.
        from dienhinh.accounts.views.unit_picker import register_scope
        from dienhinh.core import periodic
        from dienhinh.nominations import changes
        from dienhinh.nominations.bulk import register_job_kind
        from dienhinh.nominations.editing.eligibility import picker_nominating_units
        from dienhinh.nominations.panels import plan_dossiers
        from dienhinh.nominations.reminders import schedule_deadline_reminders
        from dienhinh.nominations.tasks import sweep_orphaned_uploads
        from dienhinh.plans.hooks import after_issue, plan_page

        after_issue.register("nominations.deadline_reminders", schedule_deadline_reminders)
        plan_page.register("nominations.dossiers", plan_dossiers)
        register_scope("nominating", picker_nominating_units)  # the dossier's unit
        register_job_kind()  # how a bulk job's page shows its result (core.jobs)
        # What uploads killed in the middle left, every hour (nominations.orphans).
        periodic.register(sweep_orphaned_uploads, every=datetime.timedelta(hours=1))
        changes.connect()  # panels cached under the dossiers' generation (nominations.changes)

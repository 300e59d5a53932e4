from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dienhinh.reports"
    label = "reports"
    verbose_name = _("Implementation reports")

    def ready(self) -> None:
        # What this app adds to the plans app (see plans/hooks.py); plans never imports it.
        from dienhinh.plans.hooks import after_issue, plan_page
        from dienhinh.reports.panels import plan_reports
        from dienhinh.reports.reminders import schedule_report_reminders

        after_issue.register("reports.reminders", schedule_report_reminders)
        plan_page.register("reports.reports", plan_reports, order=200)

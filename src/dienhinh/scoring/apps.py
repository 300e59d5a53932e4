from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "dienhinh.scoring"
    label = "scoring"
    verbose_name = _("Emulation scoring")

    def ready(self) -> None:
        # What this app adds to the plan page (see plans/hooks.py); plans never imports it.
        from dienhinh.plans.hooks import plan_page
        from dienhinh.scoring.panels import plan_scoring

        plan_page.register("scoring.scoring", plan_scoring, order=300)

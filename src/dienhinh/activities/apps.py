from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "dienhinh.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        # What this app adds to the story and dossier pages (their slots); neither app
        # imports this one.
        from dienhinh.activities import rules  # noqa: F401  (registers the permissions)
        from dienhinh.activities.panels import record_from_dossier, record_from_story
        from dienhinh.nominations.hooks import dossier_page
        from dienhinh.publishing.hooks import story_page

        dossier_page.register("activities.record_meeting", record_from_dossier, order=300)
        story_page.register("activities.record_meeting", record_from_story, order=300)

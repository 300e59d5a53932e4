from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "dienhinh.orgs"
    label = "orgs"
    verbose_name = _("Union units")

    def ready(self) -> None:
        from dienhinh.orgs import changes
        from dienhinh.orgs.importing.background import register

        register()  # how a big import's job page shows its result (core.jobs)
        changes.connect()  # what is cached per scope shows units' names (orgs.changes)

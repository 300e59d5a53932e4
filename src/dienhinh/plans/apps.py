from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dienhinh.plans"
    label = "plans"
    verbose_name = _("Movements and plans")

    def ready(self) -> None:
        from dienhinh.plans import changes
        from dienhinh.plans.hooks import after_issue
        from dienhinh.plans.tasks import enqueue_announcement

        after_issue.register("plans.announce", enqueue_announcement, order=10)
        changes.connect()  # the filters' cached plan options (plans.changes)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dienhinh.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from dienhinh.portal.caching import invalidate
        from dienhinh.portal.hooks import story_viewed
        from dienhinh.publishing.hooks import public_changed
        from dienhinh.publishing.readings import count_reading

        # Whatever the public sees changed: every cached portal page (story, lists, feeds,
        # search, unit pages, embeds, home, sitemap) is stale at once.
        public_changed.register("portal.invalidate", invalidate)
        # A reading counted in the shared cache, never a database write per view.
        story_viewed.register("publishing.readings", count_reading)

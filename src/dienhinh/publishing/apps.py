from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "dienhinh.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        # What this app adds to the dossier app (see nominations/hooks.py); nominations
        # never imports it.
        from dienhinh.nominations.hooks import consent_withdrawn, dossier_page, subject_erased
        from dienhinh.orgs.hooks import unit_page
        from dienhinh.publishing import changes
        from dienhinh.publishing.erasure import erase_subject_from_stories
        from dienhinh.publishing.hooks import story_page
        from dienhinh.publishing.panels import (
            dossier_story_button,
            story_newspaper,
            story_readings,
            unit_publishing,
        )
        from dienhinh.publishing.workflow import take_offline_for_withdrawn_consent

        dossier_page.register("publishing.write_story", dossier_story_button)
        unit_page.register("publishing.settings", unit_publishing, order=200)
        story_page.register("publishing.readings", story_readings, order=50)
        story_page.register("publishing.newspaper", story_newspaper, order=100)
        consent_withdrawn.register("publishing.unpublish", take_offline_for_withdrawn_consent)
        # Erasing a person's data (nominations.erasure) withdraws their consent with it, and
        # takes their name out of every version of the stories about them.
        subject_erased.register("publishing.erase", erase_subject_from_stories)
        changes.connect()  # the home's cached stories panel (publishing.changes)
        # Readings waiting in files or Redis (publishing.readings) are beside the database,
        # not in a backup's archive: counted into it before the copy, dropped after a restore.
        from dienhinh.core.backup import after_restore, before_backup
        from dienhinh.publishing import readings

        before_backup.register("publishing.readings", readings.flush)
        after_restore.register("publishing.readings", readings.discard_waiting)

        # Django rebuilds a SQLite table for some schema changes, dropping its triggers: the
        # search index's are put back after every migrate (publishing.search_index).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_search_index, sender=self)


def _ensure_search_index(using="default", **kwargs) -> None:
    from django.db import connections

    from dienhinh.publishing.search_index import ensure_index

    ensure_index(connections[using])

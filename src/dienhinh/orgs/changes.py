"""The units' generation token (core.generations): bumped whenever a unit is saved or
deleted (a rename, a closure, a new unit), so values cached under it (what a scope reaches,
the portal's pages that name units) are never read again. A move rewrites the subtree's paths
with an UPDATE that sends no signal: ``orgs.domain.move_unit`` bumps it itself.
"""

from django.db.models.signals import post_delete, post_save

from dienhinh.core import generations
from dienhinh.orgs.domain import UNIT_GENERATION


def units_changed(**_signal) -> None:
    generations.bump_now_and_on_commit(UNIT_GENERATION)


def connect() -> None:
    from dienhinh.orgs.models import OrgUnit

    post_save.connect(units_changed, sender=OrgUnit, dispatch_uid="units-changed")
    post_delete.connect(units_changed, sender=OrgUnit, dispatch_uid="units-gone")

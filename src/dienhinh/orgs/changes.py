"""The units' generation token (core.generations, ``domain.UNIT_GENERATION``): bumped when a
unit moves (orgs.domain.move_unit, which treebeard does with updates that send no signal)
and, through the signals connected here, whenever a unit is saved or deleted (a rename, a
closure, a new unit): values cached under it show units' names (the workspace home's
panels, the portal's pages) and reach units through their paths, so a renamed unit shows on
the next page.
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

"""Locking a dossier for a change by its own officers (fields, files, background saves)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.nominations.models import Nomination


def lock_editable(nomination: Nomination, by: User) -> Nomination:
    locked = (
        Nomination.objects.select_for_update()
        .select_related("plan", "nominating_unit")
        .get(pk=nomination.pk)
    )
    if not by.has_perm("nominations.change_nomination", locked):
        raise PermissionDenied(
            _("Only the nominating unit's officers can change a draft or a returned dossier.")
        )
    return locked

"""A person's data erased from every dossier about them at once (Law 91/2025/QH15), by a
system administrator: the person may be the subject of dossiers of several plans and units,
and a request to delete their data reaches all of them.

The dossiers are found by the person's identity as dossiers key it (``person_key``: the
folded name and the year of birth). Each is erased as ``nominations.erasure`` erases one
dossier (its stories offline and scrubbed, its files, field history and audit labels), with
every spelling of the name the dossiers held, in one transaction: all of them or none. The
administrator confirms the list shown; if it changed since (a new dossier, one erased
meanwhile), nothing is erased. One audit entry records the reason and the dossiers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.nominations.erasure import (
    OPEN_STATES,
    check_admin,
    clean_reason,
    erase_locked,
    held_name,
    marker,
)
from dienhinh.nominations.models import Nomination, person_key
from dienhinh.plans.models import SubjectKind


def _details(entry, sees_unit) -> str:
    dossiers = entry.extra.get("dossiers") or []
    return ngettext(
        "%(count)d dossier: %(list)s", "%(count)d dossiers: %(list)s", len(dossiers)
    ) % {"count": len(dossiers), "list": ", ".join(f"#{pk}" for pk in dossiers)}


ERASE_PERSON = audit.define_action(
    "nomination.erase_person",
    gettext_lazy("A person's data erased from all their dossiers"),
    details=_details,
)


def dossiers_of(user, full_name: str, birth_year: int | None):
    """The dossiers about the person ``user`` may see (every one, for a system
    administrator), oldest first."""
    return (
        Nomination.objects.visible_to(user)
        .filter(subject_kind=SubjectKind.INDIVIDUAL, subject_key=person_key(full_name, birth_year))
        .select_related("plan", "nominating_unit")
        .order_by("pk")
    )


@transaction.atomic
def erase_person(
    full_name: str, birth_year: int | None, *, by, reason: str, confirmed: set[int]
) -> list[int]:
    """Erase the person from every dossier about them; ``confirmed`` is the set of dossier
    ids the administrator saw. Returns the ids erased.

    Refused (ValidationError, nothing changed) when no dossier is found, when the dossiers
    found are not those confirmed, or when a decision is still open on one of them.
    Side effects: per dossier as ``erasure.anonymise_subject`` but its audit entry; one
    audit entry with the reason; the files deleted after the commit.
    """
    check_admin(by)
    reason = clean_reason(reason)
    # Locked in one order (by id), so two erasures never wait for each other in a cycle.
    found = list(dossiers_of(by, full_name, birth_year).select_for_update(of=("self",)))
    if not found:
        raise ValidationError(_("No dossier about this person was found."))
    if {dossier.pk for dossier in found} != set(confirmed):
        raise ValidationError(
            _("The dossiers about this person changed since the list was shown: check it again.")
        )
    still_open = [dossier for dossier in found if dossier.state in OPEN_STATES]
    if still_open:
        raise ValidationError(
            _("A decision is still open on dossiers %(list)s: erase them once they are decided.")
            % {"list": ", ".join(f"#{dossier.pk}" for dossier in still_open)}
        )
    names = sorted({held_name(dossier) for dossier in found} - {""})
    text = marker()
    stored = []
    for dossier in found:
        stored += erase_locked(dossier, by, names=names, marker=text)
    ids = [dossier.pk for dossier in found]
    audit.record(
        ERASE_PERSON,
        actor=by,
        target=None,
        reason=reason,
        extra={"dossiers": ids, "files": len(stored)},
    )
    delete_after_commit(*stored)
    return ids

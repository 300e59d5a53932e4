"""Saving what an officer types into a draft in the background (the edit form's script).

A background save keeps the typed text on the server should the browser be lost, without
being a change of its own: it writes no history row (simple-history) and no audit entry,
so the next real save records the whole change once. It never overwrites someone else's
change: the form's version must still be the dossier's (``check_version``).
"""

from django.db import models, transaction

from dienhinh.accounts.models import User
from dienhinh.core.text import clean_text
from dienhinh.nominations.editing._limits import DOSSIER_FIELDS
from dienhinh.nominations.editing._lock import lock_editable
from dienhinh.nominations.editing.dossiers import check_version, version_of
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.richtext import sanitize


def autosaved_fields() -> tuple[str, ...]:
    """The dossier's free-text fields (not choices, numbers or links): what autosave keeps."""
    names = []
    for name in DOSSIER_FIELDS:
        field = Nomination._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            names.append(name)
    return tuple(names)


@transaction.atomic
def autosave_nomination(nomination: Nomination, *, by: User, values: dict, seen: str) -> str:
    """Store the typed text ``values`` (free-text fields only) of a draft or returned
    dossier, if it is still at version ``seen``; returns its new version.

    Values the form refused (too long) are left out by the caller; a value longer than the
    column is skipped here too. Side effects: locks and saves the dossier row (and its
    derived search columns) without a history row.
    Raises PermissionDenied (not editable by ``by``) or ValidationError (code ``changed``).
    """
    locked = lock_editable(nomination, by)
    check_version(locked, seen)
    shown_name = locked.subject_name
    allowed = autosaved_fields()
    for name, value in values.items():
        if name not in allowed or value is None:
            continue
        if name == "achievements":
            value = sanitize(clean_text(value, multiline=True)).strip()
        else:
            value = clean_text(value)
        limit = Nomination._meta.get_field(name).max_length
        if limit and len(value) > limit:
            continue
        setattr(locked, name, value)
    locked.skip_history_when_saving = True
    # Of what the cached panels show (nominations.changes), typing in a draft or returned
    # dossier can change only its name: a save every few seconds leaves them alone otherwise.
    locked.keeps_cached_panels = locked.subject_name == shown_name
    try:
        locked.save()
    finally:
        del locked.skip_history_when_saving
        del locked.keeps_cached_panels
    return version_of(locked)

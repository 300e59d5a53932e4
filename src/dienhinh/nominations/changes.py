"""The dossiers' generation token (core.generations, ``workflow.DOSSIER_GENERATION``).

Every transition bumps it once its transaction commits (nominations.workflow). The panels
cached under it (the workspace home's "waiting for you" and "returned" panels, the plan
page's counts) also show what a plain save changes (the name, the headline, the time of the
last change), so every save and delete of a dossier bumps it too, through the signals
connected here. Writes that send no signal (``QuerySet.update``) touch only fields those
panels never show (the consent scan). The edit form's background save, every few seconds
while an officer types, bumps it only when the dossier's name changed.
"""

from django.db.models.signals import post_delete, post_save

from dienhinh.core import generations
from dienhinh.nominations.workflow import DOSSIER_GENERATION


def dossiers_changed(instance=None, **_signal) -> None:
    # A background save that changed nothing those panels show says so (editing.autosave).
    if getattr(instance, "keeps_cached_panels", False):
        return
    generations.bump_now_and_on_commit(DOSSIER_GENERATION)


def connect() -> None:
    from dienhinh.nominations.models import Nomination

    post_save.connect(dossiers_changed, sender=Nomination, dispatch_uid="dossiers-changed")
    post_delete.connect(dossiers_changed, sender=Nomination, dispatch_uid="dossiers-gone")

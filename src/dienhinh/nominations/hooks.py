"""What higher apps add to dossiers (see core.hooks).

``dossier_page``: panels on the dossier page after its status line, given ``nomination``.
Registered today: the "write a story" button of a selected dossier (publishing).

``consent_withdrawn``: callables ``(nomination, by)`` run inside the transaction that
withdraws a person's consent, so that whatever was published about them goes offline with
it (all or nothing). Registered today: publishing unpublishes the stories linked to the
dossier.
"""

from dienhinh.core.hooks import Hooks, Slot

dossier_page = Slot("panels on the dossier page")
consent_withdrawn = Hooks("inside the transaction that withdraws a dossier's consent")
# ``subject_erased``: callables ``(nomination, by, *, names, marker)`` run inside the
# transaction that erases the person's data (nominations.erasure), given the names it
# erased and what replaces them; publishing takes the stories about them offline and
# replaces the names in every version (publishing.erasure).
subject_erased = Hooks("inside the transaction that erases a dossier's personal data")

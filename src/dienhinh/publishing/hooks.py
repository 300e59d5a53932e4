"""What higher apps add to stories (see core.hooks).

``public_changed``: callables taking a story's id, run after the commit of anything that
changes what the public sees of it or of the lists it appears on: publish, unpublish,
take-down, schedule and its cancellation, featuring, a change to a photo of the live
version. The portal registers its cache invalidation here.

``story_page``: panels on the editors' story page, given ``story``. The newspaper column
and the reading counts add theirs.
"""

from dienhinh.core.hooks import Hooks, Slot

public_changed = Hooks("after what the public sees of a story changed")
story_page = Slot("panels on the editors' story page")

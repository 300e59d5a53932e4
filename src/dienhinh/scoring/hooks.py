"""What higher apps add to the scoring pages (see core.hooks).

``scores_page``: panels on a plan's scores page, given ``plan`` and ``rubric``. Registered
today: the score table as an official document (documents).
"""

from dienhinh.core.hooks import Slot

scores_page = Slot("panels on a plan's scores page")

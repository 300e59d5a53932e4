"""What the portal lets later apps add.

``story_viewed``: callables taking the request and the story's id, run when a reader opens a
story page (also when the page comes from the cache). The reading counts register here
(``publishing.readings.count_reading``); they must be cheap (no database write per view).
"""

from dienhinh.core.hooks import Hooks

story_viewed = Hooks("after a reader opened a story page")

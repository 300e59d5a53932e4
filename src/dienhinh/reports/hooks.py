"""What higher apps add to report pages (see core.hooks).

``report_page``: panels on a unit's report page, given ``plan``, ``unit`` and ``report``
(None when not started). Registered today: the report's official document (documents).
"""

from dienhinh.core.hooks import Slot

report_page = Slot("panels on a unit's report page")

"""What higher apps add to the unit pages (see core.hooks).

``unit_page``: sections of a unit's page, given ``unit``, shown after its units below.
Registered today: the people with a role at the unit (accounts).

``unit_page_end``: sections at the end of a unit's page, given ``unit``. Registered today:
the unit's history from the audit log (accounts, which knows who may see which unit).
"""

from dienhinh.core.hooks import Slot

unit_page = Slot("sections of the unit page")
unit_page_end = Slot("the end of the unit page")

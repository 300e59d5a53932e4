"""What higher apps add to the unit pages (see core.hooks).

``unit_page``: sections of a unit's page, given ``unit``, shown after its units below.
Registered today: the people with a role at the unit (accounts).
"""

from dienhinh.core.hooks import Slot

unit_page = Slot("sections of the unit page")

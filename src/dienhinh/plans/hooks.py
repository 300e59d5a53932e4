"""What higher apps add to plans (see core.hooks).

``after_issue``: callables taking the plan's id, each run after the transaction that issued
the plan has committed. Registered today: the announcement email (plans), the deadline
reminders (nominations); the reports app will add its reporting reminders.

``plan_page``: panels on the plan page's side bar, given ``plan``. Registered today: the
dossier counts and the "new dossier" button (nominations).
"""

from dienhinh.core.hooks import Hooks, Slot

after_issue = Hooks("follow-ups after a plan is issued")
plan_page = Slot("panels on the plan page")

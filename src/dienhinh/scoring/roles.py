"""Who does what in the scoring, as role checks on the unit tree (no query: roles cached).

- The issuing unit's monitors and subtree administrators edit the rubric, its classes and
  its tie-break while the results are open.
- A scored unit's officers and subtree administrators (as for its report) enter its
  self-score and evidence.
- The reviewing level enters the official score: the reviewers, monitors and subtree
  administrators of the unit the unit's report goes to (reports.expected.upper_unit), and
  the issuing unit's monitors.
- The issuing unit's monitors finalise the results and reopen them.
"""

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import covers
from dienhinh.reports.expected import upper_unit
from dienhinh.reports.roles import approves_for, monitors, writes_report

EDITOR_ROLES = frozenset({Role.MONITOR, Role.SUBTREE_ADMIN})


def edits_rubric(user, plan) -> bool:
    return covers(user, plan.issuing_unit, EDITOR_ROLES)


def enters_self_score(user, unit) -> bool:
    return writes_report(user, unit)


def enters_official_score(user, plan, unit, *, upper=None) -> bool:
    if monitors(user, plan.issuing_unit):
        return True
    return approves_for(user, upper or upper_unit(plan, unit))


def finalises(user, plan) -> bool:
    return monitors(user, plan.issuing_unit)

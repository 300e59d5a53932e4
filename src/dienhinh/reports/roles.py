"""Who does what with reports, as role checks on the unit tree (no query: roles are cached).

- The reporting unit's officers and subtree administrators write and submit its report
  (a role at the unit, or over it with the subtree).
- The upper unit's reviewers, monitors and subtree administrators — a role at exactly the
  unit the report goes to (reports.expected.upper_unit) — accept or return it.
- Monitors over the unit (the federation's Ban Chính sách - Pháp luật, usually) exempt a
  unit, close a report as missing, record a report received by email, send reminders by
  hand and change the plan's reporting dates.
"""

from dienhinh.accounts.models import Role
from dienhinh.accounts.scope import assignments, covers, is_system_admin

WRITER_ROLES = frozenset({Role.OFFICER, Role.SUBTREE_ADMIN})
APPROVER_ROLES = frozenset({Role.REVIEWER, Role.MONITOR, Role.SUBTREE_ADMIN})
MONITOR_ROLES = frozenset({Role.MONITOR})


def writes_report(user, unit) -> bool:
    return covers(user, unit, WRITER_ROLES)


def approves_for(user, upper) -> bool:
    """A reviewer, monitor or subtree administrator at exactly ``upper``."""
    if is_system_admin(user):
        return True
    return any(a.unit_id == upper.pk and a.role in APPROVER_ROLES for a in assignments(user))


def monitors(user, unit) -> bool:
    return covers(user, unit, MONITOR_ROLES)


def monitors_anywhere(user) -> bool:
    return is_system_admin(user) or any(a.role in MONITOR_ROLES for a in assignments(user))


def reports_anywhere(user) -> bool:
    """Whether the user may have something under "reports": writes, approves or monitors."""
    roles = WRITER_ROLES | APPROVER_ROLES
    return is_system_admin(user) or any(a.role in roles for a in assignments(user))

"""``user|may_see_audit_log``: whether the menu shows the audit list (see accounts.audit)."""

from django import template

from dienhinh.accounts.audit import may_see_audit_log as _may_see

register = template.Library()


@register.filter
def may_see_audit_log(user) -> bool:
    return _may_see(user)

"""Permission predicates for nomination dossiers, shared by pages and API."""

import rules

from dienhinh.accounts.rules import is_sysadmin
from dienhinh.accounts.scope import covers
from dienhinh.nominations.enums import EDITABLE
from dienhinh.nominations.privacy import may_see_sensitive
from dienhinh.nominations.workflow import DECIDER_ROLES, WRITER_ROLES


@rules.predicate
def writes_for_unit(user, unit) -> bool:
    return covers(user, unit, WRITER_ROLES)


@rules.predicate
def can_see_nomination(user, nomination) -> bool:
    from dienhinh.nominations.models import Nomination

    return (
        nomination is not None
        and Nomination.objects.visible_to(user).filter(pk=nomination.pk).exists()
    )


@rules.predicate
def can_edit_nomination(user, nomination) -> bool:
    """The nominating unit's officers edit drafts and returned dossiers, nothing else."""
    return (
        nomination is not None
        and nomination.state in EDITABLE
        and covers(user, nomination.nominating_unit, WRITER_ROLES)
    )


@rules.predicate
def manages_consent(user, nomination) -> bool:
    """The nominating unit's writers, and the reviewers and editors of the plan's issuing
    unit (who select examples and publish them), among those who see the dossier."""
    if nomination is None:
        return False
    return (
        covers(user, nomination.nominating_unit, WRITER_ROLES)
        or covers(user, nomination.plan.issuing_unit, DECIDER_ROLES)
    ) and can_see_nomination(user, nomination)


@rules.predicate
def sees_sensitive(user, nomination) -> bool:
    """Ethnicity and Party membership: the rule is ``privacy.may_see_sensitive``."""
    return nomination is not None and may_see_sensitive(user, nomination)


def sees_internal_notes(user, review) -> bool:
    """Internal notes are for the reviewers and editors at the review's level and above; the
    nominating unit's officers (who write dossiers, not review them) never see them."""
    return covers(user, review.unit, DECIDER_ROLES)


rules.add_perm(
    "nominations.view_nomination", rules.is_authenticated & (is_sysadmin | can_see_nomination)
)
# For add_nomination the object is the nominating unit.
rules.add_perm(
    "nominations.add_nomination", rules.is_authenticated & (is_sysadmin | writes_for_unit)
)
rules.add_perm("nominations.change_nomination", rules.is_authenticated & can_edit_nomination)
rules.add_perm("nominations.manage_consent", rules.is_authenticated & manages_consent)
# Ethnicity and Party membership (nominations.privacy.SENSITIVE): the one rule is there.
rules.add_perm("nominations.view_sensitive", rules.is_authenticated & sees_sensitive)

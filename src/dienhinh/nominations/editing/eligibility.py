"""Which plans take dossiers now, and for which units a user may file them."""

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dienhinh.accounts.scope import unit_filter
from dienhinh.core.params import parse_id
from dienhinh.nominations.workflow import WRITER_ROLES
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.plans.targets import target_units


def plan_closed_reason(plan: Plan) -> str | None:
    """Why the plan takes no new dossiers now, or None when it does."""
    if plan.status == PlanStatus.DRAFT:
        return _("The plan %(plan)s is not open for nominations: it has not been issued.") % {
            "plan": plan.reference
        }
    if plan.status != PlanStatus.ISSUED:
        return _("The plan %(plan)s is closed and takes no more nominations.") % {
            "plan": plan.reference
        }
    if not plan.takes_nominations_on(timezone.localdate()):
        return _("The nomination deadline of the plan %(plan)s (%(date)s) has passed.") % {
            "plan": plan.reference,
            "date": date_format(plan.nomination_deadline, "SHORT_DATE_FORMAT"),
        }
    return None


def nominating_units(plan: Plan, user):
    """Active units the plan is addressed to where ``user`` may file dossiers.

    The same rule as the ``nominations.add_nomination`` permission, as a query.
    """
    return (
        target_units(plan).filter(unit_filter(user, WRITER_ROLES), is_active=True).order_by("path")
    )


def picker_nominating_units(user, params):
    """The unit picker's "nominating" scope: ``nominating_units`` of the plan named by
    ``params["plan"]`` if the user may see it, else none."""
    plan = Plan.objects.visible_to(user).filter(pk=parse_id(params.get("plan"))).first()
    return OrgUnit.objects.none() if plan is None else nominating_units(plan, user)


def open_plans(user):
    """Issued plans visible to ``user`` that take dossiers today: the nomination deadline
    not passed, or none (open until closed); the nearest deadline first."""
    return (
        Plan.objects.visible_to(user)
        .taking_nominations(timezone.localdate())
        .select_related("issuing_unit")
        .order_by(F("nomination_deadline").asc(nulls_last=True), "pk")
    )

"""Rules for movements and plans: create, issue, close and copy. Views and the API call these."""

import datetime
import functools
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.history import changed_by
from dienhinh.plans.changes import plans_changed
from dienhinh.plans.fields import shared_field_for
from dienhinh.plans.hooks import after_issue
from dienhinh.plans.models import (
    Criterion,
    Plan,
    PlanBasis,
    PlanField,
    PlanSection,
    PlanStatus,
    TargetMode,
)


def _copy_details(entry, sees_unit) -> str:
    source = entry.extra.get("copied_from")
    return _("Copied from %(ref)s") % {"ref": source["reference"]} if source else ""


PLAN_ISSUE = audit.define_action(
    "plan.issue", gettext_lazy("Plan issued"), states=PlanStatus.choices
)
PLAN_CLOSE = audit.define_action(
    "plan.close", gettext_lazy("Plan closed"), states=PlanStatus.choices
)
PLAN_COPY = audit.define_action(
    "plan.copy",
    gettext_lazy("Plan copied to a new draft"),
    states=PlanStatus.choices,
    details=_copy_details,
)


def _add_years(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def issue_plan(plan: Plan, *, by: User) -> Plan:
    """Issue a draft plan to its target units.

    Side effects: the plan becomes read-only for its structure (status issued, issued_at);
    one audit entry; after commit, each follow-up registered in ``plans.hooks.after_issue``
    runs with the plan's id: the announcement email to every officer of the target units
    (plans), the deadline reminders queued as delayed tasks (nominations), and what later
    apps add.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied(_("You may not issue this plan."))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be issued."))
    plan.full_clean()
    if plan.target_mode == TargetMode.CHOSEN and not plan.target_units.exists():
        raise ValidationError({"target_units": _("Choose at least one target unit.")})
    plan.status = PlanStatus.ISSUED
    plan.issued_at = timezone.now()
    if plan.issued_on is None:
        plan.issued_on = timezone.localdate()
    changed_by(plan, by)
    plan.save()
    audit.record(
        PLAN_ISSUE,
        actor=by,
        target=plan,
        unit=plan.issuing_unit,
        from_state=PlanStatus.DRAFT,
        to_state=plan.status,
    )
    for _name, follow_up in after_issue:
        # Each on its own: a follow-up that fails (a queue that is down) is logged by Django
        # and does not keep the others from running; the plan is issued either way.
        transaction.on_commit(functools.partial(follow_up, plan.pk), robust=True)
    return plan


@transaction.atomic
def close_plan(plan: Plan, *, by: User) -> Plan:
    """Close an issued plan: no new nominations or reports.

    Side effects: saves the plan (status closed, closed_at) and writes one audit entry.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied(_("You may not close this plan."))
    if plan.status != PlanStatus.ISSUED:
        raise ValidationError(_("Only an issued plan can be closed."))
    plan.status = PlanStatus.CLOSED
    plan.closed_at = timezone.now()
    changed_by(plan, by)
    plan.save()
    audit.record(
        PLAN_CLOSE,
        actor=by,
        target=plan,
        unit=plan.issuing_unit,
        from_state=PlanStatus.ISSUED,
        to_state=plan.status,
    )
    return plan


def _new_year(text: str, old: int, new: int) -> str:
    """``text`` with the year ``old`` written as ``new`` where it stands as a year (not
    inside a longer number)."""
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text or "")


@transaction.atomic
def copy_plan(plan: Plan, *, by: User, year: int | None = None, number: int) -> Plan:
    """Start next year's plan from this one: a new draft with the same bases, fields,
    criteria, sections, document details (recipients, signer) and targets, its dates moved
    by the difference in years, and the old plan's year in its title and sections written
    as the new one's (2017 → 2018; the plan page asks for the text to be checked).

    Side effects: creates the plan and its child rows; one audit entry about the copy.
    """
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied(_("You may not copy this plan."))
    year = year or plan.year + 1
    shift = year - plan.year
    if Plan.objects.filter(
        issuing_unit=plan.issuing_unit, year=year, number=number, symbol=plan.symbol
    ).exists():
        raise ValidationError(
            {
                "number": _("This unit already has plan %(ref)s in %(year)s.")
                % {"ref": f"{number}/{plan.symbol}", "year": year}
            }
        )
    copy = Plan(
        issuing_unit=plan.issuing_unit,
        year=year,
        number=number,
        symbol=plan.symbol,
        title=_new_year(plan.title, plan.year, year),
        place=plan.place,
        movement=plan.movement,
        purposes=plan.purposes,
        allow_collective=plan.allow_collective,
        allow_individual=plan.allow_individual,
        target_mode=plan.target_mode,
        review_route=plan.review_route,
        nomination_deadline=_add_years(plan.nomination_deadline, shift),
        report_deadline=_add_years(plan.report_deadline, shift),
        superior_name=plan.superior_name,
        recipients=plan.recipients,
        authority_line=plan.authority_line,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        status=PlanStatus.DRAFT,
        copied_from=plan,
    )
    changed_by(copy, by)
    copy.save()
    copy.target_units.set(plan.target_units.all())
    PlanBasis.objects.bulk_create(
        [PlanBasis(plan=copy, position=b.position, text=b.text) for b in plan.bases.all()]
    )
    # The copy's fields stay the same shared fields (lĩnh vực) as the original's.
    PlanField.objects.bulk_create(
        [
            PlanField(
                plan=copy,
                position=f.position,
                name=f.name,
                shared_id=f.shared_id or shared_field_for(copy.issuing_unit, f.name).pk,
            )
            for f in plan.plan_fields.all()
        ]
    )
    plans_changed()  # bulk_create sends no signal
    Criterion.objects.bulk_create(
        [
            Criterion(
                plan=copy, position=c.position, group=c.group, text=c.text, max_points=c.max_points
            )
            for c in plan.criteria.all()
        ]
    )
    # The text as written is next year's starting draft too (its dates are edited by hand).
    PlanSection.objects.bulk_create(
        [
            PlanSection(
                plan=copy,
                position=s.position,
                heading=_new_year(s.heading, plan.year, year),
                body=_new_year(s.body, plan.year, year),
            )
            for s in plan.sections.all()
        ]
    )
    audit.record(
        PLAN_COPY,
        actor=by,
        target=copy,
        unit=copy.issuing_unit,
        to_state=copy.status,
        extra={"copied_from": {"id": plan.pk, "reference": plan.reference, "year": plan.year}},
    )
    return copy

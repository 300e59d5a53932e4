"""Plans (kế hoạch): list, read with bases, fields and criteria, create and change drafts,
issue, close and copy. The same domain functions as the plan pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.accounts.scope import unit_and_ancestors_filter
from dienhinh.api.lookups import all_visible_or_404, visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.api.schemas.plans import (
    PlanCopyIn,
    PlanDetail,
    PlanFilters,
    PlanIn,
    PlanOut,
    PlanPatch,
)
from dienhinh.core.text import fold
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans import domain, editing
from dienhinh.plans.editing import BasisInput, CriterionInput, FieldInput, SectionInput
from dienhinh.plans.models import Movement, Plan, TargetMode

router = Router(tags=["plans"])

# What the detail shows straight from the plan row (the rest are its child rows).
_PLAN_ATTRIBUTES = tuple(
    name
    for name in PlanDetail.model_fields
    if name not in ("target_unit_ids", "bases", "fields", "criteria", "sections")
)
_CHILD_KEYS = ("bases", "fields", "criteria", "sections", "target_unit_ids", "movement_id")


def visible_plans(request):
    return Plan.objects.visible_to(request.user).select_related("issuing_unit")


def plan_detail(request, plan_id: int) -> dict:
    plan = visible_or_404(
        Plan.objects.visible_to(request.user).select_related("issuing_unit", "movement"), plan_id
    )
    targets = []
    if plan.target_mode == TargetMode.CHOSEN:
        visible_units = OrgUnit.objects.visible_to(request.user).values("pk")
        targets = list(
            plan.target_units.filter(pk__in=visible_units)
            .order_by("sort_name", "path")
            .values_list("pk", flat=True)
        )
    return {
        **{name: getattr(plan, name) for name in _PLAN_ATTRIBUTES},
        "target_unit_ids": targets,
        "sections": list(plan.sections.all()),
        "bases": list(plan.bases.all()),
        "fields": list(plan.plan_fields.all()),
        "criteria": list(plan.criteria.all()),
    }


def _rows(payload: dict, plan: Plan | None) -> dict:
    """The bases, fields and criteria for the domain: those sent, else the plan's own; the
    sections sent, else None (kept as they are)."""
    sections = payload.get("sections")
    bases = payload.get("bases")
    fields = payload.get("fields")
    criteria = payload.get("criteria")
    if bases is None:
        bases = [{"id": b.pk, "text": b.text} for b in plan.bases.all()] if plan else []
    if fields is None:
        fields = [{"id": f.pk, "name": f.name} for f in plan.plan_fields.all()] if plan else []
    if criteria is None:
        criteria = (
            [
                {"id": c.pk, "group": c.group, "text": c.text, "max_points": c.max_points}
                for c in plan.criteria.all()
            ]
            if plan
            else []
        )
    return {
        "sections": None
        if sections is None
        else [
            SectionInput(heading=s.get("heading", ""), body=s.get("body", ""), pk=s.get("id"))
            for s in sections
        ],
        "bases": [BasisInput(text=b["text"], pk=b.get("id")) for b in bases],
        "fields": [FieldInput(name=f["name"], pk=f.get("id")) for f in fields],
        "criteria": [
            CriterionInput(
                text=c["text"],
                group=c.get("group", ""),
                max_points=c.get("max_points"),
                pk=c.get("id"),
            )
            for c in criteria
        ],
    }


def _references(request, payload: dict, plan: Plan | None) -> dict:
    """The movement and the chosen target units named by id, through the caller's scope."""
    resolved = {}
    if "movement_id" in payload:
        movement_id = payload["movement_id"]
        resolved["movement"] = (
            None
            if movement_id is None
            else visible_or_404(
                Movement.objects.visible_to(request.user), movement_id, field="movement_id"
            )
        )
    if "target_unit_ids" in payload:
        resolved["target_units"] = all_visible_or_404(
            OrgUnit.objects.visible_to(request.user),
            payload["target_unit_ids"],
            field="target_unit_ids",
        )
    elif plan is not None:
        resolved["target_units"] = list(plan.target_units.all())
    return resolved


@router.get("", response={200: page_schema(PlanOut), **READ_ERRORS}, summary="List plans")
def list_plans(request, filters: Query[PlanFilters], page: Query[PageParams]):
    plans = visible_plans(request)
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.status:
        plans = plans.filter(status=filters.status)
    for word in fold(filters.q or "").split():
        plans = plans.filter(search_text__contains=word)
    return page_of(plans.order_by("-year", "-number", "pk"), page)


@router.get(
    "/{int:plan_id}",
    response={200: PlanDetail, **READ_ERRORS},
    summary="Read a plan with its bases, fields and criteria",
)
def get_plan(request, plan_id: int):
    return plan_detail(request, plan_id)


@router.post("", response={201: PlanDetail, **WRITE_ERRORS}, summary="Create a draft plan")
def post_plan(request, payload: PlanIn):
    data = payload.dict()
    # Units in or above the caller's scope exist for them (their plans reach the caller):
    # planning for one the caller may not plan for is refused (403), not hidden.
    issuers = OrgUnit.objects.filter(unit_and_ancestors_filter(request.user))
    unit = visible_or_404(issuers, data.pop("issuing_unit_id"), field="issuing_unit_id")
    references = _references(request, data, None)
    rows = _rows(data, None)
    values = {key: value for key, value in data.items() if key not in _CHILD_KEYS}
    if values["number"] is None:
        values["number"] = editing.next_plan_number(unit, values["year"])
    plan = editing.create_plan(by=request.user, issuing_unit=unit, **rows, **references, **values)
    return Status(201, plan_detail(request, plan.pk))


@router.patch(
    "/{int:plan_id}", response={200: PlanDetail, **WRITE_ERRORS}, summary="Change a draft plan"
)
def patch_plan(request, plan_id: int, payload: PlanPatch):
    plan = visible_or_404(visible_plans(request), plan_id)
    if not editing.may_edit_plan(request.user, plan):
        raise PermissionDenied(_("Only a draft plan can be changed, by its planners."))
    data = payload.dict(exclude_unset=True)
    references = _references(request, data, plan)
    rows = _rows(data, plan)
    values = {key: value for key, value in data.items() if key not in _CHILD_KEYS}
    editing.update_plan(plan, by=request.user, **rows, **references, **values)
    return plan_detail(request, plan.pk)


@router.post(
    "/{int:plan_id}/issue",
    response={200: PlanDetail, **WRITE_ERRORS},
    summary="Issue a draft plan to its target units",
)
def issue_plan(request, plan_id: int):
    plan = visible_or_404(visible_plans(request), plan_id)
    domain.issue_plan(plan, by=request.user)
    return plan_detail(request, plan.pk)


@router.post(
    "/{int:plan_id}/close",
    response={200: PlanDetail, **WRITE_ERRORS},
    summary="Close an issued plan to new dossiers",
)
def close_plan(request, plan_id: int):
    plan = visible_or_404(visible_plans(request), plan_id)
    domain.close_plan(plan, by=request.user)
    return plan_detail(request, plan.pk)


@router.post(
    "/{int:plan_id}/copy",
    response={201: PlanDetail, **WRITE_ERRORS},
    summary="Copy a plan into a new draft (next year's plan)",
)
def copy_plan(request, plan_id: int, payload: PlanCopyIn):
    plan = visible_or_404(visible_plans(request), plan_id)
    copy = domain.copy_plan(plan, by=request.user, number=payload.number, year=payload.year)
    return Status(201, plan_detail(request, copy.pk))

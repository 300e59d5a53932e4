"""Plans (kế hoạch): the list, and the form that creates and edits a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.accounts.scope import top_units, unit_and_ancestors_filter
from dienhinh.core.text import fold
from dienhinh.core.web import add_domain_errors, id_param, once_per_submission, page_query, paginate
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans import editing
from dienhinh.plans.forms import (
    PlanFilterForm,
    PlanForm,
    formset_rows,
    plan_formsets,
)
from dienhinh.plans.models import Plan
from dienhinh.plans.rules import PLANNER_ROLES

# Domain error keys that have a form field of another name.
_FIELD_MAP = {"target_units": "target_codes"}
# Beyond this many units, the "new plan" buttons would clutter the list page.
_MAX_ADD_BUTTONS = 5


@require_GET
@login_required
def plan_list(request):
    user = request.user
    visible = Plan.objects.visible_to(user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    form = PlanFilterForm(request.GET, years=years)
    plans = visible.select_related("issuing_unit")
    if year := form.value("year"):
        plans = plans.filter(year=year)
    if status := form.value("status"):
        plans = plans.filter(status=status)
    for word in fold(form.value("q") or "").split():
        plans = plans.filter(search_text__contains=word)
    page = paginate(request, plans.order_by("-year", "-number", "pk"))
    planner_units = top_units(user, PLANNER_ROLES)
    context = {
        "form": form,
        "page_obj": page,
        "page_query": page_query(request),
        "planner_units": planner_units[:_MAX_ADD_BUTTONS],
    }
    return render(request, "plans/plan_list.html", context)


def _issuing_unit_for_new_plan(request) -> OrgUnit:
    """The unit named by ``?unit=<pk>`` (404 unless it is in or above the user's scope, 403
    unless the user plans for it), or the user's first unit they plan for."""
    user = request.user
    pk = id_param(request, "unit")
    if pk is None:
        units = top_units(user, PLANNER_ROLES)
        if not units:
            raise PermissionDenied
        return units[0]
    # Units above the user's own are found too: they exist for the user (their plans reach
    # the user), so asking to plan for them is refused with 403 rather than hidden.
    unit = get_object_or_404(OrgUnit.objects.filter(unit_and_ancestors_filter(user)), pk=pk)
    if not user.has_perm("plans.add_plan", unit):
        raise PermissionDenied
    return unit


def _save(request, form, formsets, plan: Plan | None, issuing_unit: OrgUnit) -> Plan | None:
    """Save through the domain; return the plan, or None after putting errors on the form."""
    rows = formset_rows(formsets)
    values = form.plan_fields()
    targets = form.cleaned_data["target_codes"]
    try:
        if plan is None:
            return editing.create_plan(
                by=request.user, issuing_unit=issuing_unit, target_units=targets, **rows, **values
            )
        return editing.update_plan(plan, by=request.user, target_units=targets, **rows, **values)
    except ValidationError as error:
        add_domain_errors(form, error, _FIELD_MAP)
        return None


def _form_page(request, *, plan: Plan | None, issuing_unit: OrgUnit):
    user = request.user
    if request.method == "POST":
        form = PlanForm(request.POST, user=user, issuing_unit=issuing_unit)
        formsets = plan_formsets(request.POST)
        valid = [form.is_valid(), *(fs.is_valid() for fs in formsets.values())]
        if all(valid) and (saved := _save(request, form, formsets, plan, issuing_unit)):
            messages.success(request, _("Plan %(ref)s was saved.") % {"ref": saved.reference})
            return redirect("plans:detail", pk=saved.pk)
    elif plan is None:
        initial = {"year": PlanForm.base_fields["year"].initial()}
        initial["number"] = editing.next_plan_number(issuing_unit, initial["year"])
        form = PlanForm(user=user, issuing_unit=issuing_unit, initial=initial)
        formsets = plan_formsets()
    else:
        form = PlanForm(user=user, issuing_unit=issuing_unit, initial=PlanForm.initial_from(plan))
        formsets = plan_formsets(plan=plan)
    has_errors = bool(form.errors) or any(
        fs.is_bound and (fs.total_error_count() or fs.non_form_errors()) for fs in formsets.values()
    )
    context = {
        "form": form,
        "formsets": formsets,
        "plan": plan,
        "issuing_unit": issuing_unit,
        "has_errors": has_errors,
    }
    return render(request, "plans/plan_form.html", context)


@login_required
@once_per_submission
def plan_create(request):
    """A new draft plan of the unit given as ``?unit=<pk>``."""
    return _form_page(request, plan=None, issuing_unit=_issuing_unit_for_new_plan(request))


@login_required
def plan_edit(request, pk: int):
    """Edit a draft plan (403 once it is issued, or for those who do not plan for it)."""
    plans = Plan.objects.visible_to(request.user).select_related("issuing_unit")
    plan = get_object_or_404(plans, pk=pk)
    if not editing.may_edit_plan(request.user, plan):
        raise PermissionDenied
    return _form_page(request, plan=plan, issuing_unit=plan.issuing_unit)

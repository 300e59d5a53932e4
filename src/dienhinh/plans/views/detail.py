"""The plan page, laid out like the paper plan, and its actions: issue, close, copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.accounts.audit import sees_unit_for
from dienhinh.accounts.scope import is_system_admin, scope_key
from dienhinh.core import generations
from dienhinh.core.audit import history_of
from dienhinh.core.history import field_history
from dienhinh.core.web import add_domain_errors, once_per_submission, require_perm
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.plans import domain, editing, reporting
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.plans.forms import CopyPlanForm
from dienhinh.plans.hooks import plan_page
from dienhinh.plans.models import Plan, PlanStatus, TargetMode
from dienhinh.plans.targets import target_units


def _visible_plan(request, pk: int) -> Plan:
    """The plan, if the user sees it (else 404). Whether they do is cached per scope under
    the plans' and units' generations (plans.changes, orgs.changes), which every change of
    what plan visibility reads bumps (status, targets, issuing unit, paths): the rule's
    query with its subqueries was a third of the page's time."""
    user = request.user
    visible = generations.cached(
        f"plan-visible:{pk}",
        (scope_key(user),),
        (PLAN_GENERATION, UNIT_GENERATION),
        lambda: Plan.objects.visible_to(user).filter(pk=pk).exists(),
    )
    if not visible:
        raise Http404
    # The issuing unit for the permission rules and the panels; the page's text, which
    # shows the movement and the plan copied from, is read with them (_document).
    return get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=pk)


def _criteria_groups(plan: Plan) -> list[tuple[str, list]]:
    """Criteria grouped by their group, groups in the order they first appear."""
    groups: dict[str, list] = {}
    for criterion in plan.criteria.all():
        groups.setdefault(criterion.group, []).append(criterion)
    return list(groups.items())


def _render_document(user, pk: int) -> dict:
    # Read here, after the generation tokens of the key (generations.cached): a change
    # committed meanwhile gives a new token, so what is kept is never older than its key.
    plan = get_object_or_404(
        Plan.objects.visible_to(user).select_related(
            "issuing_unit", "movement__launched_by", "copied_from"
        ),
        pk=pk,
    )
    chosen = []
    if plan.target_mode == TargetMode.CHOSEN:
        chosen = list(plan.target_units.order_by("sort_name", "path"))
    context = {
        "plan": plan,
        "bases": list(plan.bases.all()),
        "sections": list(plan.sections.all()),
        "fields": list(plan.plan_fields.all()),
        "criteria_groups": _criteria_groups(plan),
        "chosen_targets": chosen,
        "report_rules": reporting.report_rules(plan),
        "reporting_kinds_text": reporting.reporting_kinds_text(plan),
    }
    copied = plan.copied_from
    return {
        # A plain str in the cache; marked safe again when read (the template escaped it).
        "html": str(render_to_string("plans/_plan_document.html", context)),
        "copied_from": {"reference": copied.reference, "year": copied.year} if copied else None,
    }


def _document(user, pk: int) -> dict:
    """The plan's text (header, sections or parts, fields, criteria, organisation) as HTML,
    and the plan it was copied from: the same for everyone who sees the plan, so rendered
    once per language and kept under the plans' and units' generations. Every row it shows
    bumps one of them when saved or deleted (the plan, its bases, sections, fields,
    criteria and targets, its movement and the plan it was copied from: plans.changes; the
    issuing, launching and target units' names: orgs.changes). The five queries a page
    this saves (six with chosen targets) and their rendering were over half of its time."""
    document = generations.cached(
        f"plan-document:{pk}",
        (get_language(),),
        (PLAN_GENERATION, UNIT_GENERATION),
        lambda: _render_document(user, pk),
    )
    return {**document, "html": mark_safe(document["html"])}  # noqa: S308 (rendered escaped)


@require_GET
@login_required
def plan_detail(request, pk: int):
    user = request.user
    plan = _visible_plan(request, pk)
    can_change = user.has_perm("plans.change_plan", plan)
    context = {
        "plan": plan,
        "document": _document(user, plan.pk),
        "panels": plan_page.panels(request, plan=plan),
        "can_change": can_change,
        "can_edit": editing.may_edit_plan(user, plan),
        "can_issue": can_change and plan.status == PlanStatus.DRAFT,
        "can_close": can_change and plan.status == PlanStatus.ISSUED,
        "field_steps": field_history(plan, fields=editing.PLAN_FIELDS, labels={"movement": "name"}),
        "show_address": is_system_admin(user),
        **history_of(plan, sees_unit=sees_unit_for(user)),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@once_per_submission
def plan_issue(request, pk: int):
    """Ask for confirmation, naming how many units will be told (GET); issue (POST)."""
    plan = _visible_plan(request, pk)
    require_perm(request, "plans.change_plan", plan)
    if plan.status != PlanStatus.DRAFT:
        messages.info(request, _("Plan %(ref)s is already issued.") % {"ref": plan.reference})
        return redirect("plans:detail", pk=plan.pk)
    if request.method == "POST":
        try:
            domain.issue_plan(plan, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("plans:detail", pk=plan.pk)
        messages.success(
            request,
            _("Plan %(ref)s was issued. Its target units' officers will be emailed.")
            % {"ref": plan.reference},
        )
        return redirect("plans:detail", pk=plan.pk)
    context = {"plan": plan, "unit_count": target_units(plan).count()}
    return render(request, "plans/plan_confirm_issue.html", context)


@login_required
@once_per_submission
def plan_close(request, pk: int):
    """Ask for confirmation (GET); close the plan to new dossiers and reports (POST)."""
    plan = _visible_plan(request, pk)
    require_perm(request, "plans.change_plan", plan)
    if plan.status != PlanStatus.ISSUED:
        messages.info(request, _("Only an issued plan can be closed."))
        return redirect("plans:detail", pk=plan.pk)
    if request.method == "POST":
        try:
            domain.close_plan(plan, by=request.user)
        except ValidationError as error:  # closed meanwhile, e.g. by a double click
            messages.info(request, " ".join(error.messages))
            return redirect("plans:detail", pk=plan.pk)
        messages.success(request, _("Plan %(ref)s was closed.") % {"ref": plan.reference})
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_confirm_close.html", {"plan": plan})


@login_required
@once_per_submission
def plan_copy(request, pk: int):
    """Start next year's plan from this one: ask the new number, then edit the copy."""
    plan = _visible_plan(request, pk)
    require_perm(request, "plans.change_plan", plan)
    if request.method == "POST":
        form = CopyPlanForm(request.POST)
        if form.is_valid():
            try:
                copy = domain.copy_plan(plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Plan %(ref)s was copied to a new draft for %(year)s.")
                    % {"ref": plan.reference, "year": copy.year},
                )
                return redirect("plans:edit", pk=copy.pk)
    else:
        year = plan.year + 1
        number = editing.next_plan_number(plan.issuing_unit, year)
        form = CopyPlanForm(initial={"year": year, "number": number})
    return render(request, "plans/plan_copy.html", {"plan": plan, "form": form})

"""Emulation movements (phong trào thi đua): list, add and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.accounts.scope import top_units
from dienhinh.core.text import fold
from dienhinh.core.web import (
    add_domain_errors,
    id_param,
    once_per_submission,
    page_query,
    paginate,
    require_perm,
)
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans import editing
from dienhinh.plans.forms import MovementFilterForm, MovementForm
from dienhinh.plans.models import Movement
from dienhinh.plans.rules import PLANNER_ROLES

_FIELD_MAP = {"launched_by": "launched_by_code"}


@require_GET
@login_required
def movement_list(request):
    user = request.user
    form = MovementFilterForm(request.GET)
    movements = Movement.objects.visible_to(user).select_related("launched_by")
    if kind := form.value("kind"):
        movements = movements.filter(kind=kind)
    for word in fold(form.value("q") or "").split():
        movements = movements.filter(search_text__contains=word)
    page = paginate(request, movements.order_by("-starts_on", "name", "pk"))
    for movement in page.object_list:
        movement.can_change = user.has_perm("plans.add_movement", movement.launched_by)
    context = {
        "form": form,
        "page_obj": page,
        "page_query": page_query(request),
        "can_add": bool(top_units(user, PLANNER_ROLES)),
    }
    return render(request, "plans/movement_list.html", context)


def _save(request, form: MovementForm, movement: Movement | None) -> Movement | None:
    """Save through the domain; return the movement, or None after putting errors on the form."""
    unit = form.cleaned_data["launched_by_code"]
    try:
        if movement is None:
            return editing.create_movement(
                by=request.user, launched_by=unit, **form.movement_fields()
            )
        return editing.update_movement(
            movement, by=request.user, launched_by=unit, **form.movement_fields()
        )
    except ValidationError as error:
        add_domain_errors(form, error, _FIELD_MAP)
        return None


@login_required
@once_per_submission
def movement_create(request):
    """Add a movement; ``?unit=<pk>`` proposes the launching unit."""
    user = request.user
    planner_units = top_units(user, PLANNER_ROLES)
    if not planner_units:
        raise PermissionDenied
    if request.method == "POST":
        form = MovementForm(request.POST, user=user)
        if form.is_valid() and (movement := _save(request, form, None)):
            messages.success(request, _("The movement %(name)s was added.") % {"name": movement})
            return redirect("plans:movement_list")
    else:
        unit = planner_units[0]
        if (pk := id_param(request, "unit")) is not None:
            unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first() or unit
        form = MovementForm(user=user, initial={"launched_by_code": unit.code})
    return render(request, "plans/movement_form.html", {"form": form})


@login_required
def movement_edit(request, pk: int):
    user = request.user
    movement = get_object_or_404(
        Movement.objects.visible_to(user).select_related("launched_by"), pk=pk
    )
    require_perm(request, "plans.add_movement", movement.launched_by)
    if request.method == "POST":
        form = MovementForm(request.POST, user=user)
        if form.is_valid() and (saved := _save(request, form, movement)):
            messages.success(request, _("The movement %(name)s was saved.") % {"name": saved})
            return redirect("plans:movement_list")
    else:
        form = MovementForm(user=user, initial=MovementForm.initial_from(movement))
    return render(request, "plans/movement_form.html", {"form": form, "movement": movement})

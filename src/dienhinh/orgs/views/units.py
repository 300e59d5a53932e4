"""One unit: its page, adding a unit below it, editing (and moving or deactivating) it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dienhinh.core.web import add_domain_errors, once_per_submission, page_query, paginate
from dienhinh.orgs import domain
from dienhinh.orgs.forms import UnitEditForm, UnitForm
from dienhinh.orgs.hooks import unit_page, unit_page_end
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.orgs.queries import (
    groups_of_unit,
    groups_organized_by,
    visible_ancestors,
    visible_children,
)

# Domain error keys that the edit form shows under a differently named field.
_UNIT_FIELD_MAP = {"parent": "parent_code"}
_GROUPS_SHOWN = 20


def _visible_unit(request, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def unit_detail(request, pk: int):
    user = request.user
    unit = _visible_unit(request, pk)
    member_of = list(groups_of_unit(unit, user)[: _GROUPS_SHOWN + 1])
    organised = list(groups_organized_by(unit, user)[: _GROUPS_SHOWN + 1])
    context = {
        "unit": unit,
        "ancestors": visible_ancestors(unit, user),
        "children_page": paginate(request, visible_children(unit, user)),
        "children_query": page_query(request),
        "panels": unit_page.panels(request, unit=unit),
        "member_of": member_of[:_GROUPS_SHOWN],
        "member_of_more": len(member_of) > _GROUPS_SHOWN,
        "organised": organised[:_GROUPS_SHOWN],
        "organised_more": len(organised) > _GROUPS_SHOWN,
        "can_add": user.has_perm("orgs.add_orgunit", unit),
        "can_change": user.has_perm("orgs.change_orgunit", unit),
        "can_invite": user.has_perm("accounts.add_user", unit),
        "can_import": user.has_perm("orgs.import_units", unit),
        "can_add_group": user.has_perm("orgs.add_emulationgroup", unit),
        "end_panels": unit_page_end.panels(request, unit=unit),
    }
    return render(request, "orgs/unit_detail.html", context)


def _default_child_kind(parent: OrgUnit) -> str:
    """A sensible first choice for the kind of a new unit under ``parent``."""
    if parent.kind == UnitKind.GRASSROOTS:
        return UnitKind.GROUP
    if parent.kind in (UnitKind.NATIONAL,):
        return UnitKind.PROVINCE
    return UnitKind.GRASSROOTS


@login_required
@once_per_submission
def unit_add(request, pk: int):
    """Add a unit under the unit ``pk``."""
    parent = _visible_unit(request, pk)
    _require(request, "orgs.add_orgunit", parent)
    if request.method == "POST":
        form = UnitForm(request.POST)
        if form.is_valid():
            try:
                unit = domain.create_unit(parent=parent, by=request.user, **form.unit_fields())
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The unit %(name)s was added.") % {"name": unit.name})
                return redirect("orgs:detail", pk=unit.pk)
    else:
        form = UnitForm(initial={"kind": _default_child_kind(parent), "is_active": True})
    context = {
        "form": form,
        "parent": parent,
        "ancestors": [*visible_ancestors(parent, request.user), parent],
    }
    return render(request, "orgs/unit_form.html", context)


@login_required
def unit_edit(request, pk: int):
    """Change a unit's details; a different parent code moves it with everything below it."""
    unit = _visible_unit(request, pk)
    _require(request, "orgs.change_orgunit", unit)
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    if request.method == "POST":
        form = UnitEditForm(request.POST, user=request.user, unit=unit, parent=parent)
        if form.is_valid():
            try:
                domain.update_unit(
                    unit,
                    by=request.user,
                    parent=form.cleaned_data["parent_code"],
                    **form.unit_fields(),
                )
            except ValidationError as error:
                add_domain_errors(form, error, _UNIT_FIELD_MAP)
                # The domain call rolled back; show the unit as it still is.
                unit.refresh_from_db()
            else:
                messages.success(request, _("The unit %(name)s was saved.") % {"name": unit.name})
                return redirect("orgs:detail", pk=unit.pk)
    else:
        initial = UnitEditForm.initial_from(unit)
        initial["parent_code"] = UnitEditForm.parent_code_initial(request.user, parent)
        form = UnitEditForm(initial=initial, user=request.user, unit=unit, parent=parent)
    context = {
        "form": form,
        "unit": unit,
        # A parent outside the user's scope stays unnamed (see UnitEditForm).
        "parent": None if form.parent_hidden else parent,
        "parent_hidden": form.parent_hidden,
        "ancestors": [*visible_ancestors(unit, request.user), unit],
    }
    return render(request, "orgs/unit_form.html", context)

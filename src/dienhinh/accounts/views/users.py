"""The user list, a user's page (with the administrator's edit form) and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh.accounts.audit import sees_unit_for, user_history
from dienhinh.accounts.domain import update_user
from dienhinh.accounts.forms import (
    AddRoleForm,
    InviteForm,
    UserEditForm,
    UserFilterForm,
)
from dienhinh.accounts.invitations import invite_user, pending_invitations
from dienhinh.accounts.models import User
from dienhinh.accounts.queries import manages_any_unit, visible_roles, visible_users
from dienhinh.accounts.scope import is_system_admin
from dienhinh.core.audit import object_history
from dienhinh.core.web import (
    add_domain_errors,
    id_or_404,
    once_per_submission,
    page_query,
    paginate,
)
from dienhinh.orgs.models import OrgUnit

PAGE_SIZE = 50


@login_required
def user_list(request):
    """Users in the viewer's scope, searchable and filtered by unit and role."""
    viewer = request.user
    users = visible_users(viewer)
    roles = visible_roles(viewer)
    form = UserFilterForm(request.GET, viewer=viewer)
    unit = None
    if request.GET.get("unit"):
        # A link from a unit's page: a unit outside the scope does not exist for the viewer.
        unit = get_object_or_404(
            OrgUnit.objects.visible_to(viewer), pk=id_or_404(request.GET["unit"])
        )
    if form.is_valid():
        if form.cleaned_data["q"]:
            users = users.search(form.cleaned_data["q"])
        unit = form.cleaned_data["code"] or unit
        if form.cleaned_data["role"]:
            roles = roles.filter(role=form.cleaned_data["role"])
    else:
        # A filter that cannot be applied shows its error and no rows, never everyone.
        users = users.none()
    if unit is not None:
        roles = roles.filter(unit=unit)
    if unit is not None or (form.is_valid() and form.cleaned_data["role"]):
        users = users.filter(pk__in=roles.values("user"))
    page = paginate(request, users.order_by("sort_name", "pk"), per_page=PAGE_SIZE)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "unit": unit,
            "page_obj": page,
            "page_query": page_query(request),
            "can_invite": manages_any_unit(viewer),
        },
    )


def render_user_page(request, target: User, *, edit_form=None, role_form=None, status=200):
    viewer = request.user
    can_change = viewer.has_perm("accounts.change_user", target)
    can_add_roles = manages_any_unit(viewer)
    if can_change and edit_form is None:
        edit_form = UserEditForm(initial=UserEditForm.initial_from(target))
    if can_add_roles and role_form is None:
        role_form = AddRoleForm(viewer=viewer)
    assignments = [
        (a, viewer.has_perm("accounts.delete_roleassignment", a)) for a in target.visible_roles
    ]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "assignments": assignments,
            "edit_form": edit_form if can_change else None,
            "role_form": role_form if can_add_roles else None,
            "show_address": is_system_admin(viewer),
            "pending": list(pending_invitations(viewer, user=target)) if can_add_roles else [],
            **object_history(user_history(target, viewer=viewer), sees_unit=sees_unit_for(viewer)),
        },
        status=status,
    )


@login_required
def user_detail(request, pk: int):
    target = get_object_or_404(visible_users(request.user), pk=pk)
    return render_user_page(request, target)


@login_required
@require_POST
def user_edit(request, pk: int):
    """Change another user's name, phone and active flag (their administrators only)."""
    target = get_object_or_404(visible_users(request.user), pk=pk)
    if not request.user.has_perm("accounts.change_user", target):
        raise PermissionDenied
    form = UserEditForm(request.POST)
    if form.is_valid():
        try:
            update_user(target, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The user's details have been saved."))
            return redirect("accounts:user_detail", pk=target.pk)
    # Nothing was saved: show the stored values around the form with what was typed.
    target = get_object_or_404(visible_users(request.user), pk=pk)
    return render_user_page(request, target, edit_form=form)


INVITATIONS_SHOWN = 20


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def invite(request):
    """Invite a person by email to a unit with a role (administrators of some unit only).
    The answer is the same whether the email has an account or not."""
    viewer = request.user
    if not manages_any_unit(viewer):
        raise PermissionDenied
    if request.method == "POST":
        form = InviteForm(request.POST, viewer=viewer)
        if form.is_valid():
            data = form.cleaned_data
            try:
                invite_user(
                    email=data["email"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    unit=data["unit_code"],
                    role=data["role"],
                    covers_subtree=data["covers_subtree"],
                    by=viewer,
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The invitation was sent."))
                return redirect(f"{reverse('accounts:invite')}?unit={data['unit_code'].pk}")
    else:
        initial = {}
        if request.GET.get("unit"):
            unit = get_object_or_404(
                OrgUnit.objects.managed_by(viewer), pk=id_or_404(request.GET["unit"])
            )
            initial["unit_code"] = unit.code
        form = InviteForm(initial=initial, viewer=viewer)
    pending = list(pending_invitations(viewer)[: INVITATIONS_SHOWN + 1])
    context = {
        "form": form,
        "pending": pending[:INVITATIONS_SHOWN],
        "pending_more": len(pending) > INVITATIONS_SHOWN,
    }
    return render(request, "accounts/invite.html", context)

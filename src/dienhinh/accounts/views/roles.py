"""Granting a role to a user and removing one (with a confirmation page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh.accounts.domain import assign_role, revoke_role
from dienhinh.accounts.forms import AddRoleForm
from dienhinh.accounts.queries import manages_any_unit, visible_roles, visible_users
from dienhinh.accounts.views.users import render_user_page
from dienhinh.core.web import add_domain_errors, once_per_submission


@login_required
@require_POST
@once_per_submission
def role_add(request, pk: int):
    """Give the user ``pk`` a role at a unit the viewer manages."""
    target = get_object_or_404(visible_users(request.user), pk=pk)
    if not manages_any_unit(request.user):
        raise PermissionDenied
    form = AddRoleForm(request.POST, viewer=request.user)
    if form.is_valid():
        try:
            assignment = assign_role(
                user=target,
                unit=form.cleaned_data["unit_code"],
                role=form.cleaned_data["role"],
                covers_subtree=form.cleaned_data["covers_subtree"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s at %(unit)s.")
                % {
                    "name": target,
                    "role": assignment.get_role_display(),
                    "unit": assignment.unit.name,
                },
            )
            return redirect("accounts:user_detail", pk=target.pk)
    return render_user_page(request, target, role_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request, pk: int):
    """GET asks for confirmation; POST removes the role assignment ``pk``."""
    assignment = get_object_or_404(visible_roles(request.user).select_related("user"), pk=pk)
    if not request.user.has_perm("accounts.delete_roleassignment", assignment):
        raise PermissionDenied
    target = assignment.user
    if request.method == "GET":
        return render(request, "accounts/role_remove.html", {"assignment": assignment})
    try:
        revoke_role(assignment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accounts:user_detail", pk=target.pk)
    messages.success(
        request,
        _("%(name)s is no longer %(role)s at %(unit)s.")
        % {"name": target, "role": assignment.get_role_display(), "unit": assignment.unit.name},
    )
    # Without that role the user may have left the viewer's scope.
    if visible_users(request.user).filter(pk=target.pk).exists():
        return redirect("accounts:user_detail", pk=target.pk)
    return redirect("accounts:user_list")

"""Resending a pending invitation, and accepting the role an invitation offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh.accounts.invitations import (
    accept_invitation,
    invitation_of_token,
    pending_invitations,
    resend_invitation,
)
from dienhinh.core.web import once_per_submission


@login_required
@require_POST
@once_per_submission
def invitation_resend(request, pk: int):
    # Only pending invitations at units the viewer manages exist for them.
    invitation = get_object_or_404(pending_invitations(request.user), pk=pk)
    try:
        resend_invitation(invitation, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The invitation was sent."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("accounts:invite")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link of an invitation to a new role: the page says what is offered; accepting
    (POST) grants it. Only the invited person, logged in, reaches it."""
    invitation = invitation_of_token(token, user=request.user)
    if invitation is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            assignment = accept_invitation(invitation, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("You are now %(role)s at %(unit)s.")
                % {"role": assignment.get_role_display(), "unit": assignment.unit.name},
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )

"""The user's own page: name and phone, roles, password change link and API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienhinh.accounts.forms import ProfileForm, TokenForm
from dienhinh.accounts.models import ApiToken, RoleAssignment
from dienhinh.accounts.profile import update_own_profile
from dienhinh.core.web import add_domain_errors


def render_profile(request, *, form=None, token_form=None, new_key=None, status=200):
    """The profile page; ``new_key`` is a token's clear key, shown on this response only."""
    user = request.user
    response = render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(initial=ProfileForm.initial_from(user)),
            "token_form": token_form or TokenForm(),
            "assignments": RoleAssignment.objects.filter(user=user)
            .select_related("unit")
            .order_by("unit__path", "role"),
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"),
            "new_key": new_key,
        },
        status=status,
    )
    if new_key:
        # The key must not survive in any cache, nor come back with the browser's history.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method == "GET":
        return render_profile(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            update_own_profile(
                request.user,
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render_profile(request, form=form)

"""The user's own page: name and phone, roles, password change link and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienhinh.accounts import second_factor, sessions
from dienhinh.accounts.forms import ProfileForm, TokenForm
from dienhinh.accounts.forms_auth import CodeForm
from dienhinh.accounts.models import ApiToken, RoleAssignment
from dienhinh.accounts.profile import update_own_profile
from dienhinh.core.web import add_domain_errors

TOKENS_SHOWN = 50


def render_profile(
    request,
    *,
    form=None,
    token_form=None,
    otp_form=None,
    renew_form=None,
    new_key=None,
    status=200,
):
    """The profile page; ``new_key`` is a token's clear key, shown on this response only."""
    user = request.user
    has_device = second_factor.has_device(user)
    response = render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(initial=ProfileForm.initial_from(user)),
            "token_form": token_form or TokenForm(),
            "assignments": RoleAssignment.objects.filter(user=user)
            .select_related("unit")
            .order_by("unit__path", "role"),
            # Revoked and expired tokens stay listed a while, newest first.
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")[
                :TOKENS_SHOWN
            ],
            "new_key": new_key,
            "now": timezone.now(),
            "token_cap": settings.API_LOGIN_TOKEN_CAP,
            "sessions": sessions.live_sessions(user),
            "current_session": request.session.session_key,
            "has_device": has_device,
            "codes_left": second_factor.recovery_codes_left(user) if has_device else 0,
            "otp_required": second_factor.requires_second_factor(user),
            "otp_form": otp_form or CodeForm(auto_id="id_disable_%s"),
            "renew_form": renew_form or CodeForm(auto_id="id_renew_%s"),
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

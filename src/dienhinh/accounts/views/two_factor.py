"""Turning two-factor authentication on (QR code, first code, recovery codes shown once),
off, and making new recovery codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh.accounts import login_flow, second_factor, sessions
from dienhinh.accounts.forms_auth import CodeForm, SetupCodeForm
from dienhinh.accounts.views.profile import render_profile


def _codes_page(request, codes: list[str], *, first: bool):
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "first": first})
    # Shown once: never kept in a cache nor brought back by the browser's history.
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator app: the QR code of a new key, then its first code."""
    user = request.user
    if second_factor.has_device(user):
        if login_flow.second_factor_due(request) == "code":
            return redirect("login_code")
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:profile")
    device = second_factor.pending_device(user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.enable(user, code=form.cleaned_data["code"])
        if codes is not None:
            login_flow.mark_verified(request)
            # Sessions opened with the password alone must not outlive the new factor.
            sessions.end_other_sessions(
                user, keep=request.session.session_key, by=user, why="two_factor"
            )
            return _codes_page(request, codes, first=True)
        form.add_error(
            "code",
            _("The code is not correct. Check that the phone's clock is right and try again."),
        )
    context = {
        "form": form,
        "qr": second_factor.qr_data_uri(device),
        "key": second_factor.manual_key(device),
        "required": second_factor.requires_second_factor(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@require_POST
def disable(request):
    form = CodeForm(request.POST)
    if form.is_valid() and second_factor.disable(request.user, code=form.cleaned_data["code"]):
        request.session.pop(login_flow.STATE_KEY, None)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:profile")
    if form.is_valid():
        form.add_error("code", _("The code is not correct, or it was used already."))
    return render_profile(request, otp_form=form, status=400)


@login_required
@require_POST
def renew_codes(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        codes = second_factor.renew_recovery_codes(request.user, code=form.cleaned_data["code"])
        if codes is not None:
            return _codes_page(request, codes, first=False)
        form.add_error("code", _("The code is not correct, or it was used already."))
    return render_profile(request, renew_form=form, status=400)

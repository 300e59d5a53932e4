"""Logging in (password, then the code when the person has an authenticator app), the
unlock link, logging out, and the password pages that end the other sessions."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from dienhinh.accounts import login_flow, second_factor, sessions, throttle
from dienhinh.accounts.authentication import check_second_factor
from dienhinh.accounts.forms_auth import CodeForm, EmailLoginForm, InviteeAwarePasswordResetForm
from dienhinh.accounts.security import PASSWORD_CHANGE, PASSWORD_RESET, record_event
from dienhinh.accounts.tasks import send_password_reset_email
from dienhinh.accounts.unlock import unlock, user_of_token
from dienhinh.core import throttle as rate_limit


class LoginView(auth_views.LoginView):
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        next_url = self.get_success_url()
        if second_factor.has_device(user):
            login_flow.start_pending_login(self.request, user, next_url=next_url)
            return redirect("login_code")
        login_flow.finish_login(self.request, user, method="password")
        return redirect(next_url)


def _safe_next(request, url: str) -> str:
    """``url`` when it points at this site, else the home page."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: the code from the app (or a recovery code). Serves both a login
    waiting after its password and a signed-in session that has not given a code yet."""
    if request.user.is_authenticated:
        user, next_url = request.user, request.GET.get("next", "")
        if not second_factor.has_device(user):
            return redirect(_safe_next(request, next_url))
    else:
        user, next_url = login_flow.pending_login(request)
        if user is None:
            messages.info(request, _("Log in again: the time to enter the code has run out."))
            return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = check_second_factor(request, user, form.cleaned_data["code"])
        if result.user is not None:
            login_flow.finish_login(request, user, method=result.method)
            if result.method == "recovery":
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)s are left. Make new ones on your "
                        "profile page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_safe_next(request, next_url))
        form.add_error("code", result.error)
        status = 429 if result.retry_after else 200
    return render(request, "registration/login_code.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def login_unlock(request, token: str):
    """The link emailed at a lockout: confirm (POST) to clear the account's login throttles.
    A GET changes nothing, so that mail scanners opening links unlock nothing."""
    user = user_of_token(token)
    if user is None:
        return render(request, "registration/unlock.html", {"invalid": True}, status=400)
    if request.method == "POST":
        unlock(user)
        messages.success(request, _("Your account is unlocked: you can log in again."))
        return redirect("login")
    return render(request, "registration/unlock.html", {"account": user})


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        sessions.forget_session(request)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session of the person."""

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session (with a new key)
        user = form.user
        sessions.end_other_sessions(
            user, keep=self.request.session.session_key, by=user, why="password"
        )
        sessions.record_session(self.request)
        record_event(PASSWORD_CHANGE, actor=user, target=user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an emailed link ends every session of the person."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        sessions.end_other_sessions(user, keep=None, by=user, why="password_reset")
        record_event(PASSWORD_RESET, actor=user, target=user)
        return response


def _reset_rates():
    return (
        rate_limit.Rate(settings.PASSWORD_RESET_PER_ADDRESS, settings.PASSWORD_RESET_WINDOW),
        rate_limit.Rate(settings.PASSWORD_RESET_PER_EMAIL, settings.PASSWORD_RESET_WINDOW),
    )


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot password": the same answer whatever the email, throttled per client address
    (told so) and per target email (silently: at most PASSWORD_RESET_PER_EMAIL links an hour).
    The email goes out from the task queue, so the answer takes as long whether an account
    exists or not."""

    form_class = InviteeAwarePasswordResetForm

    def form_valid(self, form):
        per_address, per_email = _reset_rates()
        address = throttle.client_address(self.request)
        taken = rate_limit.take(f"reset:address:{address}", per_address)
        if not taken.allowed:
            form.add_error(
                None,
                _("Too many requests were made from this address. Try again after %(time)s.")
                % {"time": time_format(localtime(taken.retry_at), "H:i")},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = throttle.normal_email(form.cleaned_data["email"])
        if rate_limit.take(f"reset:email:{email}", per_email).allowed:
            language = self.request.LANGUAGE_CODE
            for user in form.get_users(email):
                user_id, nonce = user.pk, uuid.uuid4().hex
                transaction.on_commit(
                    lambda u=user_id, n=nonce: send_password_reset_email.enqueue(u, language, n)
                )
        return redirect(self.get_success_url())

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.authentication import login_with_password


class EmailLoginForm(AuthenticationForm):
    """The login form with per-account and per-address throttling of failures."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            result = login_with_password(self.request, email=email, password=password)
            if result.user is None:
                raise forms.ValidationError(result.error, code="invalid_login")
            self.confirm_login_allowed(result.user)
            self.user_cache = result.user
        return self.cleaned_data


class InviteeAwarePasswordResetForm(PasswordResetForm):
    """Django skips accounts without a usable password; invited people who never chose one
    (their invitation link expired) must still be able to get a link by "forgot password"."""

    def get_users(self, email):
        yield from super().get_users(email)
        invited = get_user_model().objects.filter(
            email__iexact=email, is_active=True, last_login__isnull=True
        )
        for user in invited:
            if not user.has_usable_password():
                yield user

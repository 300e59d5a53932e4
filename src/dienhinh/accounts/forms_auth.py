from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.authentication import login_with_password
from dienhinh.core.web import CleanTextMixin, Form


class EmailLoginForm(AuthenticationForm):
    """The login form with throttling per account-and-address pair and per address."""

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
                code = "throttled" if result.retry_after else "invalid_login"
                raise forms.ValidationError(result.error, code=code)
            self.confirm_login_allowed(result.user)
            self.user_cache = result.user
        return self.cleaned_data


class InviteeAwarePasswordResetForm(CleanTextMixin, PasswordResetForm):
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


class CodeForm(Form):
    """The code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


class SetupCodeForm(Form):
    """The first code of a new authenticator app, which confirms it."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

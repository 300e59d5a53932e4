"""Forms for the account pages. They turn typed text into objects inside the viewer's scope;
the rules themselves are checked by accounts.domain (and accounts.profile)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.models import ApiToken, Role, User
from dienhinh.accounts.queries import unit_by_code
from dienhinh.core.text import nfc
from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit


def _full_name_field():
    return forms.CharField(label=_("Full name"), max_length=150)


def _phone_field():
    return forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


def _role_field(viewer):
    """The role select; "System administrator" only for those who may grant it, so that a
    forged value is an invalid choice rather than a silent grant."""
    choices = [
        (value, label)
        for value, label in Role.choices
        if value != Role.SYSTEM_ADMIN or viewer.has_perm("accounts.grant_system_admin")
    ]
    return forms.ChoiceField(label=_("Role"), choices=choices, initial=Role.OFFICER)


def _covers_subtree_field():
    return forms.BooleanField(
        label=_("Also in every unit below"),
        required=False,
        initial=True,
        help_text=_("The role also applies to every unit below this one."),
    )


def _unit_code_field():
    return forms.CharField(
        label=_("Unit code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "spellcheck": "false",
                "data-unit-picker": "managed",
            }
        ),
        help_text=_("The code of a unit you manage, for example TV-CL."),
    )


def visible_unit_or_error(viewer, code) -> OrgUnit | None:
    """The unit with ``code`` among those ``viewer`` sees, None for no code, or a field error
    (the same for a code that does not exist and one outside the scope)."""
    code = nfc(code)
    if not code:
        return None
    unit = unit_by_code(OrgUnit.objects.visible_to(viewer), code)
    if unit is None:
        raise ValidationError(
            _("No unit you can see has the code %(code)s."), params={"code": code}
        )
    return unit


class _ManagedUnitMixin:
    """Resolve ``unit_code`` to a unit the viewer manages, or say that there is none."""

    def clean_unit_code(self) -> OrgUnit:
        code = nfc(self.cleaned_data.get("unit_code"))
        unit = unit_by_code(OrgUnit.objects.managed_by(self.viewer), code)
        if unit is None:
            # The same message for unknown codes and units outside the viewer's scope, so
            # that nothing about other branches leaks.
            raise ValidationError(
                _("There is no unit with the code %(code)s among the units you manage."),
                params={"code": code},
                code="unknown_unit",
            )
        return unit


class UserFilterForm(Form):
    """The search box and filters of the user list (all optional)."""

    q = forms.CharField(label=_("Search by name or email"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    code = forms.CharField(
        label=_("Unit code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]

    def clean_code(self) -> OrgUnit | None:
        return visible_unit_or_error(self.viewer, self.cleaned_data.get("code"))


class UserEditForm(Form):
    """Another user's name, phone and active flag, changed by an administrator."""

    full_name = _full_name_field()
    phone = _phone_field()
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Untick to stop this user from logging in. Their records are kept."),
    )

    @staticmethod
    def initial_from(user: User) -> dict:
        return {"full_name": user.full_name, "phone": user.phone, "is_active": user.is_active}


class AddRoleForm(_ManagedUnitMixin, Form):
    """Give an existing user a role at a unit the viewer manages."""

    unit_code = _unit_code_field()

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["role"] = _role_field(viewer)
        self.fields["covers_subtree"] = _covers_subtree_field()


class InviteForm(_ManagedUnitMixin, Form):
    """Invite a person by email to a unit with a role."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = _full_name_field()
    phone = _phone_field()
    unit_code = _unit_code_field()

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["role"] = _role_field(viewer)
        self.fields["covers_subtree"] = _covers_subtree_field()

    def clean_email(self) -> str:
        return nfc(self.cleaned_data.get("email")).lower()


class ProfileForm(Form):
    """The user's own name and phone."""

    full_name = _full_name_field()
    phone = _phone_field()

    @staticmethod
    def initial_from(user: User) -> dict:
        return {"full_name": user.full_name, "phone": user.phone}


TOKEN_DAYS = (30, 90, 180, 365)


class TokenForm(Form):
    """The name of a new API token and how long it lives."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("Say where the token is used, for example “Monthly report script”."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        required=False,
        empty_value=90,
        choices=[(days, _("%(days)s days") % {"days": days}) for days in TOKEN_DAYS],
    )

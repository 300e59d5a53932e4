"""Forms for the unit and emulation group pages. They turn typed text into objects within
the user's scope; the rules themselves are checked by orgs.domain."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.scope import covers
from dienhinh.core.params import MAX_ID
from dienhinh.core.text import nfc
from dienhinh.core.web import Form
from dienhinh.orgs.domain import UNIT_FIELDS
from dienhinh.orgs.models import GroupKind, OrgUnit, UnitKind
from dienhinh.orgs.queries import units_from_code_list, visible_units_by_code

MAX_MEMBER_CODES = 2000


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Day/month/year, for example 01/07/2025."),
    )


class UnitForm(Form):
    """The details of a unit, for adding a unit under a parent."""

    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Unique in the whole tree; imports update units by this code."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Untick to deactivate the unit; its history is kept."),
    )
    valid_from = _date_field(_("Valid from"))
    valid_to = _date_field(_("Valid to"))

    def unit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in UNIT_FIELDS}

    @staticmethod
    def initial_from(unit: OrgUnit) -> dict:
        return {name: getattr(unit, name) for name in UNIT_FIELDS}


class UnitEditForm(UnitForm):
    """The details of a unit plus the code of its parent: a different parent moves it."""

    parent_code = forms.CharField(
        label=_("Parent unit code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"data-unit-picker": "managed"}),
        help_text=_(
            "Type the code of another unit you manage to move this unit and everything "
            "below it there."
        ),
    )

    field_order = ["parent_code"]

    def __init__(self, *args, user, unit: OrgUnit, parent: OrgUnit | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.unit = unit
        self.parent = parent
        # A parent outside the user's scope is neither named nor coded on the form: the
        # field starts empty, and left empty it keeps the unit where it is.
        self.parent_hidden = parent is not None and not covers(user, parent)
        self.fields["parent_code"].required = parent is not None and not self.parent_hidden
        if self.parent_hidden:
            self.fields["parent_code"].help_text = _(
                "The unit's parent is outside your scope. Leave this empty to keep it there, "
                "or type the code of a unit you manage to move it."
            )

    @staticmethod
    def parent_code_initial(user, parent: OrgUnit | None) -> str:
        """What the field shows at first: the parent's code, if the user may see it."""
        return parent.code if parent is not None and covers(user, parent) else ""

    def clean_parent_code(self) -> OrgUnit | None:
        code = nfc(self.cleaned_data.get("parent_code"))
        if not code:
            return self.parent if self.parent_hidden else None
        if self.parent is not None and code == self.parent.code:
            # Keeping the current parent is always allowed, even one outside the user's scope.
            return self.parent
        parent = OrgUnit.objects.managed_by(self.user).filter(code=code).first()
        if parent is None:
            raise ValidationError(
                _("There is no unit with the code %(code)s among the units you manage."),
                params={"code": code},
                code="unknown_parent",
            )
        return parent


class UnitSearchForm(Form):
    q = forms.CharField(label=_("Search units"), max_length=200, required=False)


def _year_now() -> int:
    return datetime.date.today().year


class GroupForm(Form):
    """An emulation group: name, kind, year, member unit codes and the leader's code."""

    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_year_now)
    member_codes = forms.CharField(
        label=_("Member unit codes"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "autocapitalize": "characters",
                "data-unit-picker": "visible",
                "data-unit-picker-list": "",
            }
        ),
        help_text=_("One unit code per line. Every unit must be inside the organising unit."),
    )
    leader_code = forms.CharField(
        label=_("Leader unit code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"data-unit-picker": "visible"}),
        help_text=_("The unit that leads the group; it becomes a member too."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_member_codes(self) -> list[OrgUnit]:
        return units_from_code_list(
            self.user,
            self.cleaned_data.get("member_codes", ""),
            limit=MAX_MEMBER_CODES,
            too_many=_("A group can list at most %(max)s units."),
        )

    def clean_leader_code(self) -> OrgUnit | None:
        code = nfc(self.cleaned_data.get("leader_code"))
        if not code:
            return None
        leader = visible_units_by_code(self.user, [code]).get(code)
        if leader is None:
            raise ValidationError(
                _("The code %(code)s matches no unit you can see."), params={"code": code}
            )
        return leader

    @staticmethod
    def initial_from(group) -> dict:
        codes = group.members.order_by("sort_name", "path").values_list("code", flat=True)
        return {
            "name": group.name,
            "kind": group.kind,
            "year": group.year,
            "member_codes": "\n".join(codes),
            "leader_code": group.leader.code if group.leader else "",
        }

    def group_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "year": data["year"],
            "leader": data["leader_code"],
        }


class GroupFilterForm(Form):
    q = forms.CharField(label=_("Name"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *GroupKind.choices]
    )
    organizer = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def value(self, name):
        """The cleaned value of ``name``, or None when it was missing or not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


class CopyGroupsForm(Form):
    """Which organiser's groups of which year to copy to which year."""

    organizer = forms.TypedChoiceField(label=_("Organising unit"), coerce=int)
    from_year = forms.TypedChoiceField(label=_("Copy the groups of"), coerce=int)
    to_year = forms.IntegerField(
        label=_("To the year"), min_value=2000, max_value=2100, initial=_year_now
    )

    def __init__(self, *args, organizers: list[OrgUnit], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.organizers = {unit.pk: unit for unit in organizers}
        self.fields["organizer"].choices = [(u.pk, u.display_name) for u in organizers]
        self.fields["from_year"].choices = [(year, year) for year in years]

    def clean_organizer(self) -> OrgUnit:
        return self.organizers[self.cleaned_data["organizer"]]

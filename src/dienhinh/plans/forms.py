"""Forms for the movement and plan pages. They turn typed text into objects within the
user's scope; the rules themselves are checked by plans.editing and plans.domain."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.scope import unit_filter
from dienhinh.core.text import nfc
from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.orgs.queries import units_from_code_list
from dienhinh.plans.editing import (
    BasisInput,
    CriterionInput,
    FieldInput,
    SectionInput,
    nfc_text,
    plan_values_for_form,
)
from dienhinh.plans.models import (
    Movement,
    MovementKind,
    PlanStatus,
    ReviewRoute,
    TargetMode,
)
from dienhinh.plans.rules import PLANNER_ROLES

MAX_TARGET_CODES = 2000


def _date_field(label, *, required: bool = True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Day/month/year, for example 29/06/2017."),
    )


def _this_year() -> int:
    return datetime.date.today().year


# --- Movements ---------------------------------------------------------------------------


class MovementForm(Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=MovementKind.choices, widget=forms.RadioSelect
    )
    launched_by_code = forms.CharField(
        label=_("Launching unit code"),
        max_length=40,
        widget=forms.TextInput(attrs={"data-unit-picker": "planner"}),
        help_text=_("The code of a unit for which you may launch movements."),
    )
    starts_on = _date_field(_("Starts on"))
    ends_on = _date_field(_("Ends on"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean_description(self) -> str:
        return nfc_text(self.cleaned_data.get("description"))

    def clean_launched_by_code(self) -> OrgUnit:
        code = nfc(self.cleaned_data["launched_by_code"])
        unit = OrgUnit.objects.filter(unit_filter(self.user, PLANNER_ROLES), code=code).first()
        if unit is None or not self.user.has_perm("plans.add_movement", unit):
            raise ValidationError(
                _("There is no unit with the code %(code)s among the units you plan for."),
                params={"code": code},
                code="unknown_unit",
            )
        return unit

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned

    @staticmethod
    def initial_from(movement: Movement) -> dict:
        return {
            "name": movement.name,
            "kind": movement.kind,
            "launched_by_code": movement.launched_by.code,
            "starts_on": movement.starts_on,
            "ends_on": movement.ends_on,
            "description": movement.description,
        }

    def movement_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "description": data["description"],
        }


class MovementFilterForm(Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MovementKind.choices]
    )

    def value(self, name):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


# --- Plans -------------------------------------------------------------------------------


class PlanForm(Form):
    """A plan's own fields plus the chosen target unit codes."""

    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99999)
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=40,
        initial="KH-LĐLĐ",
        help_text=_('Shown after the number, as in "57/KH-LĐLĐ".'),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    issued_on = _date_field(_("Date"), required=False)
    place = forms.CharField(
        label=_("Place"),
        max_length=100,
        required=False,
        help_text=_('Written before the date, as in "Trà Vinh, ngày 29 tháng 6 năm 2017".'),
    )
    movement = forms.ModelChoiceField(
        label=_("Movement"), queryset=Movement.objects.none(), required=False
    )
    purposes = forms.CharField(
        label=_("Purposes and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    allow_collective = forms.BooleanField(
        label=_("Collectives may be nominated"), required=False, initial=True
    )
    allow_individual = forms.BooleanField(
        label=_("Individuals may be nominated"), required=False, initial=True
    )
    review_route = forms.ChoiceField(
        label=_("Review route"),
        choices=ReviewRoute.choices,
        initial=ReviewRoute.EVERY_LEVEL,
        widget=forms.RadioSelect,
    )
    target_mode = forms.ChoiceField(
        label=_("Target units"),
        choices=TargetMode.choices,
        initial=TargetMode.SUBTREE,
        widget=forms.RadioSelect,
    )
    target_codes = forms.CharField(
        label=_("Chosen target unit codes"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "autocapitalize": "characters",
                "data-unit-picker": "visible",
                "data-unit-picker-list": "",
            }
        ),
        help_text=_(
            "Only with chosen units: one unit code per line. Each unit must be under the "
            "issuing unit; the units under it are reached too."
        ),
    )
    nomination_deadline = _date_field(_("Nomination deadline"), required=False)
    report_deadline = _date_field(_("Report deadline"))
    report_grace_days = forms.IntegerField(
        label=_("Grace days"),
        min_value=0,
        max_value=60,
        initial=0,
        required=False,
        help_text=_("Days after the deadline during which a report still counts as on time."),
    )
    report_cutoff = _date_field(_("Last day for late reports"), required=False)
    reporting_kinds = forms.MultipleChoiceField(
        label=_("Unit kinds that report"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: every target unit down to grassroots unions reports; union groups "
            "only when ticked."
        ),
    )

    superior_name = forms.CharField(
        label=_("Superior body in the header"),
        max_length=255,
        required=False,
        help_text=_(
            "As documents name it above the issuing unit, for example a district federation's "
            "province federation. Leave empty when the issuing unit stands alone."
        ),
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One per line, each starting with "- ", the last "- Lưu: VT, …".'),
    )
    authority_line = forms.CharField(
        label=_("Authority line"),
        max_length=120,
        required=False,
        help_text=_('For example "TM. BAN THƯỜNG VỤ"; empty when the head signs himself.'),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)

    def __init__(self, *args, user, issuing_unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.issuing_unit = issuing_unit
        self.fields["movement"].queryset = Movement.objects.visible_to(user).select_related(
            "launched_by"
        )

    def clean_symbol(self) -> str:
        return nfc(self.cleaned_data["symbol"])

    def clean_title(self) -> str:
        return nfc(self.cleaned_data["title"])

    def clean_place(self) -> str:
        return nfc(self.cleaned_data.get("place"))

    def clean_purposes(self) -> str:
        return nfc_text(self.cleaned_data.get("purposes"))

    def clean_recipients(self) -> str:
        return nfc_text(self.cleaned_data.get("recipients"))

    def clean_target_codes(self) -> list[OrgUnit]:
        units = units_from_code_list(
            self.user,
            self.cleaned_data.get("target_codes", ""),
            limit=MAX_TARGET_CODES,
            too_many=_("A plan can list at most %(max)s units."),
        )
        root = self.issuing_unit
        outside = [
            unit.code for unit in units if not unit.path.startswith(root.path) or unit.pk == root.pk
        ]
        if outside:
            raise ValidationError(
                _("These units are not under the issuing unit: %(codes)s"),
                params={"codes": ", ".join(outside)},
                code="outside_codes",
            )
        return units

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("target_mode") == TargetMode.CHOSEN
            and "target_codes" in cleaned
            and not cleaned["target_codes"]
        ):
            self.add_error("target_codes", _("Choose at least one target unit."))
        if not (cleaned.get("allow_collective") or cleaned.get("allow_individual")):
            self.add_error("allow_individual", _("Allow collectives, individuals or both."))
        return cleaned

    @staticmethod
    def initial_from(plan) -> dict:
        initial = plan_values_for_form(plan)
        codes = plan.target_units.order_by("path").values_list("code", flat=True)
        initial["target_codes"] = "\n".join(codes)
        return initial

    def plan_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("target_codes", None)
        data["reporting_kinds"] = list(data.get("reporting_kinds") or [])
        if data.get("report_grace_days") is None:
            data["report_grace_days"] = 0
        return data


class _RowForm(Form):
    """A row of an inline list; ``id`` names the stored row it edits (blank for a new one)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BasisForm(_RowForm):
    text = forms.CharField(
        label=_("Legal basis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FieldForm(_RowForm):
    name = forms.CharField(label=_("Field"), max_length=255)


class CriterionForm(_RowForm):
    group = forms.CharField(label=_("Group"), max_length=255, required=False)
    text = forms.CharField(
        label=_("Criterion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,
    )


class SectionForm(_RowForm):
    heading = forms.CharField(label=_("Heading"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One paragraph per line; **words** between two stars are bold."),
    )


def _formset(form, extra: int):
    return forms.formset_factory(
        form, extra=extra, can_order=True, can_delete=True, max_num=200, validate_max=True
    )


BasisFormSet = _formset(BasisForm, 2)
FieldFormSet = _formset(FieldForm, 3)
CriterionFormSet = _formset(CriterionForm, 3)
SectionFormSet = _formset(SectionForm, 2)


def plan_formsets(data=None, plan=None) -> dict:
    """The inline lists of a plan form, bound to ``data`` or filled from ``plan``."""
    if data is not None:
        return {
            "bases": BasisFormSet(data, prefix="bases"),
            "fields": FieldFormSet(data, prefix="fields"),
            "criteria": CriterionFormSet(data, prefix="criteria"),
            "sections": SectionFormSet(data, prefix="sections"),
        }
    rows = {"bases": [], "fields": [], "criteria": [], "sections": []}
    if plan is not None:
        rows["bases"] = [
            {"id": b.pk, "text": b.text, "ORDER": i} for i, b in enumerate(plan.bases.all(), 1)
        ]
        rows["fields"] = [
            {"id": f.pk, "name": f.name, "ORDER": i}
            for i, f in enumerate(plan.plan_fields.all(), 1)
        ]
        rows["criteria"] = [
            {"id": c.pk, "group": c.group, "text": c.text, "max_points": c.max_points, "ORDER": i}
            for i, c in enumerate(plan.criteria.all(), 1)
        ]
        rows["sections"] = [
            {"id": s.pk, "heading": s.heading, "body": s.body, "ORDER": i}
            for i, s in enumerate(plan.sections.all(), 1)
        ]
    return {
        "bases": BasisFormSet(prefix="bases", initial=rows["bases"]),
        "fields": FieldFormSet(prefix="fields", initial=rows["fields"]),
        "criteria": CriterionFormSet(prefix="criteria", initial=rows["criteria"]),
        "sections": SectionFormSet(prefix="sections", initial=rows["sections"]),
    }


def formset_rows(formsets: dict) -> dict:
    """The rows of valid formsets, in the order the user gave, as domain inputs."""

    def rows(name):
        return [f.cleaned_data for f in formsets[name].ordered_forms]

    return {
        "bases": [BasisInput(text=nfc(r["text"]), pk=r.get("id")) for r in rows("bases")],
        "fields": [FieldInput(name=nfc(r["name"]), pk=r.get("id")) for r in rows("fields")],
        "criteria": [
            CriterionInput(
                text=nfc(r["text"]),
                group=nfc(r.get("group")),
                max_points=r.get("max_points"),
                pk=r.get("id"),
            )
            for r in rows("criteria")
        ],
        "sections": [
            SectionInput(heading=nfc(r.get("heading")), body=r.get("body") or "", pk=r.get("id"))
            for r in rows("sections")
            if r.get("heading") or r.get("body")
        ],
    }


class PlanFilterForm(Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *PlanStatus.choices],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def value(self, name):
        """The cleaned value of ``name``, or None when it was missing or not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


class CopyPlanForm(Form):
    number = forms.IntegerField(
        label=_("Number of the new plan"),
        min_value=1,
        max_value=99999,
        help_text=_("The new plan keeps the symbol; choose a number not used that year."),
    )
    year = forms.IntegerField(label=_("Year of the new plan"), min_value=2000, max_value=2100)

"""Forms of the dossier edit page. They turn typed text into values; the rules themselves live
in nominations.editing (``subject_errors`` is called here so that every error shows at once)."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.core.widgets import RichTextarea
from dienhinh.nominations import editing
from dienhinh.nominations.editing import MAX_HEADCOUNT
from dienhinh.nominations.enums import Gender, PeopleConsent
from dienhinh.nominations.forms_subject import SubjectForm
from dienhinh.nominations.models import Nomination
from dienhinh.plans.models import Movement, Plan, SubjectKind

# Above this many units a select list gets unwieldy on a phone: the unit code is typed instead.
UNIT_SELECT_LIMIT = 300
# From this many units the select (or code input) gets the unit picker's search and tree.
UNIT_PICKER_FROM = 10
_YEAR = {"inputmode": "numeric", "autocomplete": "off"}
# Whole đồng, optionally grouped by dots, commas or spaces: 15.000.000, 15,000,000, 15000000.
_MONEY = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$|^\d+$")


def _year_field(label, help_text=""):
    return forms.IntegerField(
        label=label, required=False, widget=forms.NumberInput(attrs=_YEAR), help_text=help_text
    )


def format_dong(value) -> str:
    """15000000 → "15.000.000" (how Vietnamese write amounts of money)."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


class NominationForm(SubjectForm):
    """The dossier's own fields. ``units`` is given when creating (choose the nominating unit).
    The subject's details and past awards come from forms_subject.SubjectForm."""

    field_order = [
        "nominating_unit",
        "subject_kind",
        *editing.INDIVIDUAL_FIELDS,
        *editing.COLLECTIVE_FIELDS,
    ]

    nominating_unit = forms.ModelChoiceField(
        label=_("Nominating unit"),
        queryset=None,
        error_messages={"required": _("Choose the unit that files the dossier.")},
    )
    subject_kind = forms.ChoiceField(
        label=_("The dossier is about"), widget=forms.RadioSelect, required=False
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect, required=False
    )
    birth_year = _year_field(_("Year of birth"))
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    member_since = _year_field(_("Union member since (year)"))
    collective_name = forms.CharField(
        label=_("Name of the collective"), max_length=255, required=False
    )
    headcount = forms.IntegerField(
        label=_("Headcount"),
        required=False,
        max_value=MAX_HEADCOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=None, required=False)
    movement = forms.ModelChoiceField(label=_("Movement"), queryset=None, required=False)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=255,
        required=False,
        help_text=_(
            "One sentence on why this is an example to follow, as it could head a news item."
        ),
    )
    achievements = forms.CharField(
        label=_("Achievements"),
        required=False,
        max_length=100_000,
        widget=RichTextarea(attrs={"rows": 10}),
        help_text=_(
            "What the subject did and achieved, with figures and dates: results of the "
            "movement, titles and awards received, how others can learn from it. Use the "
            "buttons for bold, lists and links; text pasted from Word keeps only those."
        ),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=150,
        required=False,
        help_text=_("Who the reviewers can call to check the dossier, usually the union officer."),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args, plan: Plan, user, units=None, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.bind_past_awards(nomination)
        self.fields["subject_kind"].choices = [
            (kind, SubjectKind(kind).label) for kind in plan.subject_kinds
        ]
        self.fields["field"].queryset = plan.plan_fields.all()
        self.fields["field"].empty_label = _("Choose a field")
        self.fields["movement"].empty_label = _("No movement")
        keep = [pk for pk in (plan.movement_id, getattr(nomination, "movement_id", None)) if pk]
        self.fields["movement"].queryset = (
            Movement.objects.visible_to(user) | Movement.objects.filter(pk__in=keep)
        ).distinct()
        if units is None:
            del self.fields["nominating_unit"]
        else:
            unit_field = self.fields["nominating_unit"]
            unit_field.queryset = units
            count = units.count()
            if count > UNIT_SELECT_LIMIT:
                unit_field.to_field_name = "code"
                unit_field.widget = forms.TextInput()
                unit_field.help_text = _("Type the code of the unit that files the dossier.")
            if count > UNIT_PICKER_FROM:
                # The search and the tree of unit-picker.js, among the same units.
                unit_field.widget.attrs.update(
                    {"data-unit-picker": "nominating", "data-unit-picker-params": f"plan={plan.pk}"}
                )

    def clean(self):
        cleaned = super().clean()
        for key, messages in editing.subject_errors(self.plan, cleaned).items():
            if key in self.fields and key not in self.errors:
                for message in messages:
                    self.add_error(key, message)
        return cleaned

    @staticmethod
    def initial_from(nomination: Nomination) -> dict:
        return {name: getattr(nomination, name) for name in editing.DOSSIER_FIELDS}


class InitiativeForm(Form):
    """One sáng kiến row. A row left completely empty is ignored."""

    title = forms.CharField(label=_("Initiative"), max_length=255, required=False)
    year = _year_field(_("Year"))
    benefit = forms.CharField(
        label=_("Benefit (đồng)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    recognised_by = forms.CharField(label=_("Recognised by"), max_length=255, required=False)

    def clean_benefit(self):
        text = " ".join(self.cleaned_data["benefit"].split())
        if not text:
            return None
        if not _MONEY.match(text):
            raise forms.ValidationError(
                _("Write the benefit in whole đồng, for example 15.000.000.")
            )
        return Decimal(re.sub(r"\D", "", text))

    def clean(self):
        cleaned = super().clean()
        filled = any(
            cleaned.get(name) not in (None, "") for name in self.fields if name != "DELETE"
        )
        if filled and not cleaned.get("DELETE") and not cleaned.get("title"):
            self.add_error("title", _("Give the initiative a title."))
        return cleaned

    def item(self) -> dict | None:
        """The row as domain data, or None when it is empty or marked for removal."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("title"):
            return None
        return {name: data.get(name) for name in ("title", "year", "benefit", "recognised_by")}


InitiativeFormSet = forms.formset_factory(
    InitiativeForm,
    extra=3,
    can_delete=True,
    max_num=editing.MAX_INITIATIVES,
    validate_max=True,
    absolute_max=editing.MAX_INITIATIVES + 10,
)


def initiative_initial(nomination: Nomination) -> list[dict]:
    return [
        {
            "title": i.title,
            "year": i.year,
            "benefit": format_dong(i.benefit),
            "recognised_by": i.recognised_by,
        }
        for i in nomination.initiatives.all()
    ]


class AssessmentForm(Form):
    """The self-assessment of one criterion of the plan."""

    met = forms.BooleanField(label=_("Met"), required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Figures, and the number and date of the decision, certificate of merit or minutes "
            "that prove it; attach the documents below."
        ),
    )

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, prefix=f"criterion-{criterion.pk}", **kwargs)
        self.criterion = criterion

    def item(self) -> dict:
        return {
            "criterion": self.criterion,
            "met": self.cleaned_data.get("met", False),
            "evidence": self.cleaned_data.get("evidence", ""),
        }


def assessment_forms(criteria, data=None, nomination: Nomination | None = None):
    """One AssessmentForm per criterion, bound to ``data`` or filled from the dossier."""
    existing = {}
    if nomination is not None and data is None:
        existing = {a.criterion_id: a for a in nomination.assessments.all()}
    result = []
    for criterion in criteria:
        saved = existing.get(criterion.pk)
        initial = {"met": saved.met, "evidence": saved.evidence} if saved else None
        result.append(AssessmentForm(data, criterion=criterion, initial=initial))
    return result


def dossier_data(form: NominationForm, formset, assessments) -> dict:
    """Everything typed, as ``data`` for editing.create_nomination / update_nomination."""
    data = {name: form.cleaned_data.get(name) for name in editing.DOSSIER_FIELDS}
    data["initiatives"] = [item for item in (f.item() for f in formset.forms) if item]
    awards = form.past_award_items()
    if awards is not None:
        data["past_awards"] = awards
    data["assessments"] = [f.item() for f in assessments]
    return data


class PhotoUploadForm(Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"}
        ),
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels."),
        error_messages={"required": _("Choose a photo to upload.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    alt_text = forms.CharField(
        label=_("Description for screen readers"),
        max_length=255,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    people_consent = forms.ChoiceField(
        label=_("The people in the photo"),
        choices=PeopleConsent.choices,
        initial=PeopleConsent.NOT_RECORDED,
        required=False,
    )


class AttachmentUploadForm(Form):
    file = forms.FileField(
        label=_("Document"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
        help_text=_("PDF or DOCX, at most 20 MB."),
        error_messages={"required": _("Choose a document to upload.")},
    )
    title = forms.CharField(label=_("Title"), max_length=255, required=False)


class ConsentForm(Form):
    scan = forms.FileField(
        label=_("Scan of the signed consent (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,image/jpeg,image/png,image/webp"}),
        help_text=_("A PDF or a photo, at most 10 MB. Kept private: never published."),
    )


class ConsentWithdrawForm(Form):
    reason = forms.CharField(
        label=_("Why is the consent withdrawn? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

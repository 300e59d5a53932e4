"""The subject's details on the dossier form (Decree 98/2023/NĐ-CP, Mẫu số 01 and 02) and its
past titles and awards, a small repeatable group that works without JavaScript.

``SubjectForm`` is the base of ``forms.NominationForm``: it declares the fields and owns the
past awards formset (``form.past_awards``), bound with the form and checked by
``is_valid``. The rules are in nominations.editing.subject; the template is
``nominations/_edit_subject.html``.

"Add another row" is a submit button (``ADD_AWARD``): the page comes back with what was
typed and one more empty row, nothing saved and no error shown, since nothing was sent to be
saved yet.
"""

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.nominations.editing import MAX_PAST_AWARDS
from dienhinh.nominations.ethnicities import ETHNIC_GROUPS

AWARDS_PREFIX = "awards"
ADD_AWARD = "awards-add"
_YEAR = {"inputmode": "numeric", "autocomplete": "off"}
_DATE = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
_DATE_HELP = _("Day/month/year, for example 01/07/2025.")


def _line(label, max_length=255, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text)


def _date(label, help_text=_DATE_HELP):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs=_DATE), help_text=help_text
    )


def _number(label, **attrs):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **attrs}),
    )


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class SubjectForm(Form):
    """The subject's details beyond name, gender, year of birth, position and workplace."""

    date_of_birth = _date(
        _("Date of birth"),
        help_text=_("Day/month/year. When given, the year of birth is taken from it."),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"),
        required=False,
        choices=[("", _("Not recorded")), *ETHNIC_GROUPS],
    )
    home_town = _line(_("Home town"), help_text=_("Commune, district, province."))
    residence = _line(_("Place of residence"))
    party_position = _line(_("Position in the Party"))
    government_position = _line(_("Position in the government"))
    union_position = _line(_("Position in the unions and associations"))
    professional_level = _line(_("Professional qualification"))
    political_theory_level = _line(_("Political theory level"), max_length=100)
    academic_titles = _line(_("Academic titles and degrees"))
    party_member = forms.NullBooleanField(
        label=_("Member of the Communist Party of Vietnam"),
        required=False,
        widget=forms.RadioSelect(
            choices=[("", _("Not recorded")), ("True", _("Yes")), ("False", _("No"))]
        ),
    )
    party_joined_on = _date(_("Date of admission to the Party"))
    collective_address = _line(_("Address"))
    collective_phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    collective_email = forms.EmailField(label=_("Email"), required=False)
    founded_year = forms.IntegerField(
        label=_("Year founded"), required=False, widget=forms.NumberInput(attrs=_YEAR)
    )
    women_count = _number(_("Of whom women"))
    organisation_structure = _text(
        _("Organisational structure"), help_text=_("Departments, union groups, branches.")
    )
    functions_and_tasks = _text(_("Functions and tasks"))

    def bind_past_awards(self, nomination=None) -> None:
        """The past awards formset, bound with the form (and one row more when the person
        asked for it), or filled from ``nomination``."""
        self.awards_sent = self.is_bound and f"{AWARDS_PREFIX}-TOTAL_FORMS" in self.data
        if self.awards_sent:
            data = self.data
            if self.adds_award_row:
                data = data.copy()
                key = f"{AWARDS_PREFIX}-TOTAL_FORMS"
                try:
                    total = int(data.get(key, 0))
                except (TypeError, ValueError):
                    total = 0
                data[key] = str(min(total, MAX_PAST_AWARDS - 1) + 1)
            self.past_awards = PastAwardFormSet(data, prefix=AWARDS_PREFIX)
            if self.adds_award_row:
                _quiet(self, self.past_awards)
        else:
            # Unbound, or a post without the group at all (a client that predates it): the
            # dossier's past awards are then left as they are.
            initial = past_award_initial(nomination) if nomination is not None else []
            self.past_awards = PastAwardFormSet(initial=initial, prefix=AWARDS_PREFIX)

    @property
    def adds_award_row(self) -> bool:
        return self.is_bound and ADD_AWARD in self.data

    def is_valid(self) -> bool:
        # Both parts are checked so that every error shows at once; a press on "add another
        # row" is never a save.
        valid = super().is_valid()
        awards_valid = self.past_awards.is_valid() if self.awards_sent else True
        return valid and awards_valid and not self.adds_award_row

    def past_award_items(self) -> list[dict] | None:
        """The rows as domain data; None when the post had no past awards group."""
        if not self.awards_sent:
            return None
        return [item for item in (row.item() for row in self.past_awards.forms) if item]


def _quiet(form, formset) -> None:
    """Show what was typed without checking it (the "add another row" button)."""
    for part in (form, *formset.forms):
        part._errors = ErrorDict()
        part.cleaned_data = {}
    formset._errors = [ErrorDict() for _row in formset.forms]
    formset._non_form_errors = ErrorList()


class PastAwardForm(Form):
    """One past title or award. A row left completely empty is ignored."""

    title = _line(_("Title or award"), help_text=_("For example: Lao động tiên tiến."))
    year = forms.IntegerField(
        label=_("Year"), required=False, widget=forms.NumberInput(attrs=_YEAR)
    )
    decision_number = _line(_("Decision number"), max_length=100)
    decision_date = _date(_("Decision date"), help_text="")
    issued_by = _line(_("Issued by"))

    FIELDS = ("title", "year", "decision_number", "decision_date", "issued_by")

    def clean(self):
        cleaned = super().clean()
        filled = any(cleaned.get(name) not in (None, "") for name in self.FIELDS)
        if filled and not cleaned.get("DELETE") and not cleaned.get("title"):
            self.add_error("title", _("Name the title or award."))
        return cleaned

    def item(self) -> dict | None:
        """The row as domain data, or None when it is empty or marked for removal."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("title"):
            return None
        return {name: data.get(name) for name in self.FIELDS}


PastAwardFormSet = forms.formset_factory(
    PastAwardForm,
    extra=1,
    can_delete=True,
    max_num=MAX_PAST_AWARDS,
    validate_max=True,
    absolute_max=MAX_PAST_AWARDS + 10,
)


def past_award_initial(nomination) -> list[dict]:
    return [
        {name: getattr(award, name) for name in PastAwardForm.FIELDS}
        for award in nomination.past_awards.all()
    ]


def past_award_summary(form) -> list[tuple[str, str]]:
    """The past awards' errors as (field id, "Label: message"), for the page's summary."""
    summary = []
    formset = getattr(form, "past_awards", None)
    if formset is None or not form.awards_sent or form.adds_award_row:
        return summary
    for number, row in enumerate(formset.forms, start=1):
        label = gettext("Past title or award %(number)s") % {"number": number}
        for name, field in row.fields.items():
            prefix = label if name == "title" else f"{label} ({field.label})"
            summary += [(row[name].auto_id, f"{prefix}: {m}") for m in row.errors.get(name, [])]
    summary += [("", str(m)) for m in formset.non_form_errors()]
    return summary

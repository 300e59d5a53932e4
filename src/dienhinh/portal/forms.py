"""The story list's filters (GET): only values that name something public are accepted."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core import generations
from dienhinh.core.web import Form
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.plans.models import Movement, SharedField
from dienhinh.portal.caching import GENERATION as PORTAL_GENERATION
from dienhinh.publishing.models import Story


def _has_stories(name: str) -> Exists:
    return Exists(Story.objects.public().filter(**{name: OuterRef("pk")}))


def _years() -> list[int]:
    """The years from the first publication to the last, newest first (two index lookups)."""
    public = Story.objects.public().values_list("published_at", flat=True)
    last = public.order_by("-published_at").first()
    if last is None:
        return []
    first = public.order_by("published_at").first()
    return list(range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1))


def _choices() -> dict:
    """What the filters offer, as plain rows: the shared fields, units and movements with
    public stories and the years, kept under the portal's, the units' and the plans'
    generations (a publication, a unit or movement renamed: built again at the next page).
    Built, it costs six queries and a hundred model instances: a quarter of the list page.
    One EXISTS per choice (an index probe each) rather than a scan of every public story."""
    return {
        "fields": list(
            SharedField.objects.filter(_has_stories("field")).values_list("slug", "name", "pk")
        ),
        "units": list(
            OrgUnit.objects.filter(_has_stories("unit"))
            .order_by("sort_name")
            .values_list("code", "name", "pk")
        ),
        "movements": list(
            Movement.objects.filter(_has_stories("movement")).values_list("pk", "name")
        ),
        "years": _years(),
    }


def filter_choices() -> dict:
    return generations.cached(
        "portal:filters", [], [PORTAL_GENERATION, UNIT_GENERATION, PLAN_GENERATION], _choices
    )


class StoryFilterForm(Form):
    field = forms.ChoiceField(label=_("Field"), required=False)
    # Any plausible year (an address may name one without stories: an empty list), offered
    # as the years that have stories.
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1945, max_value=2100, widget=forms.Select
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    movement = forms.TypedChoiceField(
        label=_("Movement"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data=None):
        super().__init__(data)
        everything = [("", _("All"))]
        choices = filter_choices()
        self.field_ids = {slug: pk for slug, _name, pk in choices["fields"]}
        self.unit_ids = {code: pk for code, _name, pk in choices["units"]}
        self.movement_ids = {pk for pk, _name in choices["movements"]}
        self.fields["field"].choices = everything + [
            (slug, name) for slug, name, _pk in choices["fields"]
        ]
        self.fields["year"].widget.choices = everything + [
            (str(y), str(y)) for y in choices["years"]
        ]
        self.fields["unit"].choices = everything + [
            (code, name) for code, name, _pk in choices["units"]
        ]
        self.fields["movement"].choices = everything + [
            (str(pk), name) for pk, name in choices["movements"]
        ]

    def filters(self) -> dict:
        """The filters to apply (ids, as ``filter_stories`` takes them): those that were
        given and valid (a wrong one is shown as an error on the form and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        movement = data.get("movement")
        found = {
            "field": self.field_ids.get(data.get("field") or ""),
            "year": data.get("year"),
            "unit": self.unit_ids.get(data.get("unit") or ""),
            "movement": movement if movement in self.movement_ids else None,
        }
        return {name: value for name, value in found.items() if value is not None}

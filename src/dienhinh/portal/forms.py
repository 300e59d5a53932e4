"""The story list's filters (GET): only values that name something public are accepted."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, SharedField
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
        # EXISTS per choice (an index probe each) rather than a scan of every public story.
        self.fields_by_slug = {f.slug: f for f in SharedField.objects.filter(_has_stories("field"))}
        self.units_by_code = {
            u.code: u for u in OrgUnit.objects.filter(_has_stories("unit")).order_by("sort_name")
        }
        self.movements_by_id = {m.pk: m for m in Movement.objects.filter(_has_stories("movement"))}
        self.fields["field"].choices = everything + [
            (slug, f.name) for slug, f in self.fields_by_slug.items()
        ]
        years = _years()
        self.fields["year"].widget.choices = everything + [(str(y), str(y)) for y in years]
        self.fields["unit"].choices = everything + [
            (code, u.name) for code, u in self.units_by_code.items()
        ]
        self.fields["movement"].choices = everything + [
            (str(pk), m.name) for pk, m in self.movements_by_id.items()
        ]

    def filters(self) -> dict:
        """The filters to apply: those that were given and valid (a wrong one is shown as
        an error on the form and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {
            "field": self.fields_by_slug.get(data.get("field") or ""),
            "year": data.get("year"),
            "unit": self.units_by_code.get(data.get("unit") or ""),
            "movement": self.movements_by_id.get(data.get("movement") or 0),
        }
        return {name: value for name, value in found.items() if value is not None}

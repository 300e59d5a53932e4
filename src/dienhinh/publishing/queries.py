"""Which stories a list shows: the filters shared by the editors' list page and the API.
Every query starts from ``Story.objects.visible_to(user)``, the single visibility rule."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core.text import fold, nfc
from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import SharedField
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story


class StoryFilterForm(Form):
    """The story list's filters, read from the query string; a bad value is left out."""

    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    state = forms.MultipleChoiceField(
        label=gettext_lazy("State"), choices=StoryState.choices, required=False
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("A unit code; the units under it are included."),
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Field"), queryset=SharedField.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = SharedField.objects.visible_to(user).only("pk", "name")
        self.fields["field"].empty_label = gettext_lazy("All fields")

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"])

    def value(self, name):
        """The cleaned value of one filter, or None when absent or not understood."""
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)


# What every list row shows, in one query; the versions' long columns are left behind.
LIST_RELATED = ("unit", "draft_version", "live_version", "field")
_LONG = (
    "draft_version__body",
    "draft_version__photos",
    "live_version__body",
    "live_version__photos",
)


def for_list(stories):
    return stories.select_related(*LIST_RELATED).defer(*_LONG)


def stories_for(user, data) -> tuple[StoryFilterForm, object]:
    """The filter form bound to ``data`` and the stories it selects, newest change first.
    A filter that is not understood is left out and shows an error on the form."""
    form = StoryFilterForm(data, user=user)
    stories = Story.objects.visible_to(user)
    if states := form.value("state"):
        stories = stories.filter(state__in=states)
    if field := form.value("field"):
        stories = stories.filter(field=field)
    if code := form.value("unit"):
        unit = OrgUnit.objects.visible_to(user).filter(code=code).first()
        if unit is None:
            form.add_error("unit", _("No unit with this code in your scope."))
        else:
            stories = stories.filter(unit__path__startswith=unit.path)
    for word in fold(form.value("q") or "").split():
        stories = stories.filter(draft_search_text__contains=word)
    return form, for_list(stories).order_by("-updated_at", "-pk")

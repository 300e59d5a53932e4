"""Forms of the editors' story pages. They turn typed text into values within the user's
scope; the rules themselves live in publishing.editing, photos and workflow."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh.core.web import FastSelect, Form
from dienhinh.core.widgets import RichTextarea
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.plans.models import Movement, SharedField
from dienhinh.publishing.editing import BODY_MAX, HEADLINE_MAX, LEAD_MAX, PhotoItem, story_units
from dienhinh.publishing.enums import ProposalAction, StoryState


def _field_choices(user):
    return (
        SharedField.objects.visible_to(user)
        .select_related("unit")
        .only("pk", "name", "unit__short_name", "unit__name")
    )


class StoryForm(Form):
    """A story's text and where it belongs. ``units`` is given when creating."""

    unit = forms.ModelChoiceField(
        label=_("Publishing unit"),
        queryset=None,
        required=False,
        help_text=_("The story appears on this unit's page."),
    )
    headline = forms.CharField(label=pgettext_lazy("story", "Headline"), max_length=HEADLINE_MAX)
    lead = forms.CharField(
        label=_("Lead"),
        max_length=LEAD_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and when the story is shared."),
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=BODY_MAX,
        required=False,
        widget=RichTextarea(attrs={"rows": 16}),
        help_text=_(
            "Use the buttons for bold, italic, headings, lists and links; text pasted from "
            "Word keeps only those."
        ),
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=None, required=False)
    movement = forms.ModelChoiceField(label=_("Movement"), queryset=None, required=False)
    note = forms.CharField(
        label=_("What changed (optional)"),
        max_length=255,
        required=False,
        help_text=_("Kept with this version, for the other editors."),
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["unit"].queryset = story_units(user).order_by("path")
            self.fields["unit"].required = True
            self.fields["unit"].error_messages["required"] = _("Choose the publishing unit.")
        else:
            del self.fields["unit"]
        self.fields["field"].queryset = _field_choices(user)
        self.fields["field"].label_from_instance = lambda f: f"{f.name} ({f.unit.display_name})"
        self.fields["movement"].queryset = Movement.objects.visible_to(user).only("pk", "name")

    def clean_body(self) -> str:
        # Paragraphs are kept; nh3 runs in the domain (publishing.editing).
        return self.cleaned_data.get("body", "")


class PhotoMetaForm(Form):
    """One photo's line in the edit form: its caption, description, consent, place, cover."""

    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    alt_text = forms.CharField(
        label=_("Description for screen readers"),
        max_length=255,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it. Needed to publish."),
    )
    people_consent = forms.ChoiceField(
        label=_("The people in the photo"), choices=PeopleConsent.choices
    )
    people = forms.CharField(
        label=_("Who is in the photo, left to right"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One person a line: full name – position (for the newspaper's caption; the "
            "portal does not show it)."
        ),
    )
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=999)

    def item(self, photo_id: int, *, cover: bool) -> PhotoItem:
        data = self.cleaned_data
        return PhotoItem(
            photo_id=photo_id,
            caption=data["caption"],
            alt_text=data["alt_text"],
            cover=cover,
            people_consent=data["people_consent"],
            people=data["people"],
        )


class StoryPhotoUploadForm(Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
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
    )


class ActForm(Form):
    """One workflow action; the hidden fields carry what the user saw (a conflict if the
    story changed since)."""

    seen_state = forms.ChoiceField(choices=StoryState.choices, widget=forms.HiddenInput)
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "07:00", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("seen_state", "seen_version")):
            raise ValidationError(
                _("The page was incomplete. Reload the story and try again."), code="seen"
            )
        return cleaned

    def moment(self) -> datetime.datetime | None:
        """The scheduled moment as typed, in the site's time zone (None when not given)."""
        day, time = self.cleaned_data.get("day"), self.cleaned_data.get("time")
        if day is None or time is None:
            return None
        return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


class PreviewLinkForm(Form):
    label = forms.CharField(
        label=_("For whom"),
        max_length=150,
        required=False,
        help_text=_("For example the person the story is about; shown in the list of links."),
    )


class SettingsForm(Form):
    requires_review = forms.BooleanField(
        label=_("A second editor approves every story"),
        required=False,
        help_text=_(
            "When ticked, a story (or a change to a published story) is published only by "
            "another editor than the one who wrote its version."
        ),
    )


# --- The newspaper column ---------------------------------------------------------------


class ProposeForm(Form):
    column = forms.ModelChoiceField(
        label=_("Column"), queryset=None, empty_label=None, widget=FastSelect
    )
    note = forms.CharField(
        label=_("Note to the column's editors"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns


class ProposalActForm(Form):
    action = forms.ChoiceField(choices=ProposalAction.choices, widget=forms.HiddenInput)
    issue_number = forms.CharField(label=_("Issue number"), max_length=40, required=False)
    issue_date = forms.DateField(
        label=_("Issue date"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBatchForm(Form):
    proposals = forms.TypedMultipleChoiceField(
        label=_("Stories to send"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the stories to send.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = choices


class ColumnForm(Form):
    newspaper = forms.CharField(
        label=_("Newspaper"),
        max_length=150,
        help_text=_("As the paper is called today (its title may change with a merger)."),
    )
    name = forms.CharField(label=_("Column"), max_length=150)
    is_active = forms.BooleanField(label=_("Takes proposals"), required=False, initial=True)

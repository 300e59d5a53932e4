"""The activity form: every choice comes from the user's visible objects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.scope import unit_filter
from dienhinh.activities.domain import ActivityInput
from dienhinh.activities.models import ActivityKind
from dienhinh.activities.rules import ACTIVITY_WRITER_ROLES
from dienhinh.core.web import Form
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.publishing.models import Story


class ActivityForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit that held it"),
        queryset=OrgUnit.objects.none(),
        help_text=_("For a seminar: the host unit."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Day/month/year, for example 15/09/2017."),
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=1_000_000)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    group = forms.ModelChoiceField(
        label=_("Emulation cluster or block"),
        queryset=EmulationGroup.objects.none(),
        required=False,
        help_text=_("Seminars only."),
    )
    participating_units = forms.ModelMultipleChoiceField(
        label=_("Participating units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Seminars only: members of the group that took part."),
    )
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Examples featured"), queryset=Nomination.objects.none(), required=False
    )
    stories = forms.ModelMultipleChoiceField(
        label=_("Stories featured"), queryset=Story.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    minutes = forms.FileField(
        label=_("Minutes (PDF or DOCX)"), required=False, help_text=_("Seminars usually have one.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            unit_filter(user, ACTIVITY_WRITER_ROLES)
        ).order_by("path")
        self.fields["plan"].queryset = (
            Plan.objects.visible_to(user).exclude(status=PlanStatus.DRAFT).order_by("-year")
        )
        groups = EmulationGroup.objects.visible_to(user)
        self.fields["group"].queryset = groups.order_by("-year", "sort_name")
        self.fields["participating_units"].queryset = (
            OrgUnit.objects.filter(group_memberships__group__in=groups).distinct().order_by("path")
        )
        self.fields["dossiers"].queryset = (
            Nomination.objects.visible_to(user).filter(state=State.SELECTED).order_by("-pk")
        )
        self.fields["stories"].queryset = (
            Story.objects.visible_to(user)
            .filter(first_published_at__isnull=False)
            .select_related("draft_version", "live_version")
            .order_by("-published_at")
        )

    def activity_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            kind=data["kind"],
            unit=data["unit"],
            title=data["title"],
            held_on=data["held_on"],
            participants=data["participants"],
            notes=data.get("notes", ""),
            plan=data.get("plan"),
            group=data.get("group"),
            participating_units=list(data.get("participating_units") or []),
            stories=list(data.get("stories") or []),
            dossiers=list(data.get("dossiers") or []),
        )


class PhotoForm(Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


class FilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=EmulationGroup.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).exclude(
            status=PlanStatus.DRAFT
        )
        self.fields["group"].queryset = EmulationGroup.objects.visible_to(user)

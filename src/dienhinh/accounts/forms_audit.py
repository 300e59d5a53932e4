"""The filters of the audit list and its CSV export (all optional)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.forms import visible_unit_or_error
from dienhinh.accounts.models import User
from dienhinh.accounts.security import security_events
from dienhinh.core.audit import action_choices
from dienhinh.core.context import Channel
from dienhinh.core.text import nfc
from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit

SECURITY = "security"
# Dates outside this range would overflow once turned into UTC times (and mean nothing here).
_FIRST_YEAR, _LAST_YEAR = 1900, 2999


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the site's time zone (Asia/Ho_Chi_Minh), as an aware time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilterForm(Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Done by (name or email)"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    subtree = forms.BooleanField(label=_("Also the units below"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    date_from = _date_field(_("From date"))
    date_to = _date_field(_("Until date"))

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["action"].choices = [
            ("", _("All actions")),
            (SECURITY, _("All security events")),
            *action_choices(),
        ]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]

    def clean_actor(self) -> str:
        return nfc(self.cleaned_data.get("actor"))

    def clean_unit(self) -> OrgUnit | None:
        return visible_unit_or_error(self.viewer, self.cleaned_data.get("unit"))

    def _clean_day(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not _FIRST_YEAR <= day.year <= _LAST_YEAR:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                params={"first": _FIRST_YEAR, "last": _LAST_YEAR},
            )
        return day

    def clean_date_from(self) -> datetime.date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> datetime.date | None:
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, entries: QuerySet) -> QuerySet:
        """``entries`` narrowed by the valid filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        if data["action"] == SECURITY:
            entries = entries.filter(security_events())
        elif data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            # By today's name or email of the account, or by the name kept in the entry
            # (accounts deleted since, the import command's system actor).
            entries = entries.filter(
                Q(actor__in=User.objects.search(data["actor"]))
                | Q(actor_label__icontains=data["actor"])
            )
        unit = data["unit"]
        if unit is not None:
            if data["subtree"]:
                entries = entries.filter(Q(unit_path__startswith=unit.path) | Q(unit_id=unit.pk))
            else:
                entries = entries.filter(unit_id=unit.pk)
        if data["channel"]:
            entries = entries.filter(channel=data["channel"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return entries

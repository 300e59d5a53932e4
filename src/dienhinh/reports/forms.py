"""Forms of the report pages; the rules are in reports.domain and reports.workflow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.reports.enums import ExemptReason


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
    )


def _date(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Day/month/year, for example 15/12/2017."),
    )


class NarrativeForm(Form):
    work_done = _text(_("What was done"), _("How the plan was carried out in the unit."))
    results = _text(_("Results"))
    difficulties = _text(_("Difficulties"))
    proposals = _text(_("Proposals"))
    # The report as an issued document (its DOCX and PDF).
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_("Leave empty to write it by hand on the printed report."),
    )
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=40,
        required=False,
        help_text=_('Shown after the number, as in "05/BC-CĐCS".'),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=100,
        required=False,
        help_text=_('Written before the date, as in "Càng Long, ngày 15 tháng 12 năm 2017".'),
    )
    issued_on = _date(_("Date"), required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One per line, each starting with "- ", the last "- Lưu VT."'),
    )
    authority_line = forms.CharField(label=_("Authority line"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptForm(ReasonForm):
    exempt_reason = forms.ChoiceField(label=_("Why"), choices=ExemptReason.choices)


class ReceivedForm(Form):
    received_on = _date(_("Date received"))
    file = forms.FileField(label=_("The report received (PDF or DOCX)"))


class UploadForm(Form):
    file = forms.FileField(label=_("Document (PDF or DOCX)"))


class ScanForm(Form):
    file = forms.FileField(label=_("Signed and stamped scan (PDF or photo)"))


class DatesForm(Form):
    report_deadline = _date(_("Report deadline"))
    report_grace_days = forms.IntegerField(label=_("Grace days"), min_value=0, max_value=60)
    report_cutoff = _date(_("Last day for late reports"), required=False)

"""Forms of the documents pages; the rules are in documents.fields and documents.templates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.documents.models import DocumentKind


class PlanDocumentFieldsForm(Form):
    """Number and symbol, place and date, recipients and signature block of a summary or a
    score table."""

    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_("Leave empty to write it by hand on the printed document."),
    )
    symbol = forms.CharField(label=_("Symbol"), max_length=40)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Empty: the day the document is downloaded."),
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One per line, each starting with "- ", the last "- Lưu: VT, …".'),
    )
    authority_line = forms.CharField(label=_("Authority line"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)


class TemplateUploadForm(Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Template (DOCX)"),
        help_text=_("Start from the built-in template: download it, edit it in Word, upload it."),
    )

"""The upload form: the file and the unit that receives rows without a parent code."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core.text import nfc
from dienhinh.core.web import Form
from dienhinh.orgs.importing.reader import (
    MAX_ROWS,
    ImportFileError,
    check_size,
    max_bytes,
    read_rows,
)
from dienhinh.orgs.models import OrgUnit


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("File (XLSX or CSV)"),
    )
    parent_code = forms.CharField(
        label=gettext_lazy("Place rows without a parent code under the unit with code"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "New units whose parent code is empty go under this unit. "
            "Leave it empty if every row has a parent code."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["file"].help_text = _("At most %(mb)d MB and %(rows)s rows.") % {
            "mb": max_bytes() // (1024 * 1024),
            "rows": number_format(MAX_ROWS, force_grouping=True),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            data = upload.read()
            self.parsed = read_rows(data)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.data_bytes = data
        return upload

    def clean_parent_code(self) -> OrgUnit | None:
        code = nfc(self.cleaned_data.get("parent_code"))
        if not code:
            return None
        unit = OrgUnit.objects.managed_by(self.user).filter(code=code).first()
        if unit is None:
            # Same message whether the code exists elsewhere or not: nothing leaks.
            raise forms.ValidationError(
                _("You do not manage a unit with the code %(code)s.") % {"code": code}
            )
        return unit

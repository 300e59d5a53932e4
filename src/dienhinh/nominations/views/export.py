"""The filtered dossier list as an XLSX workbook: the list's filters, the list's visibility."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from dienhinh.nominations.queries import nominations_for

MAX_ROWS = 50_000
FILENAME = "ho-so-dien-hinh.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("No."),
        _("Name of the person or collective"),
        _("Subject"),
        _("Year of birth"),
        _("Position"),
        _("Workplace"),
        _("Field"),
        _("Headline"),
        _("Nominating unit"),
        _("Plan"),
        _("State"),
        _("Now reviewed at"),
        _("Last updated"),
    ]


def _text(sheet, value) -> WriteOnlyCell:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl stores a text starting with "=" as a formula; typed text must stay text.
    cell.data_type = "s"
    return cell


def _row(sheet, number: int, nomination) -> list:
    updated = WriteOnlyCell(sheet, value=timezone.localdate(nomination.updated_at))
    updated.number_format = "DD/MM/YYYY"
    return [
        number,
        _text(sheet, nomination.subject_name),
        _text(sheet, nomination.get_subject_kind_display()),
        nomination.birth_year,
        _text(sheet, nomination.position),
        _text(sheet, nomination.workplace),
        _text(sheet, nomination.field.name if nomination.field else ""),
        _text(sheet, nomination.headline),
        _text(sheet, nomination.nominating_unit.name),
        _text(sheet, nomination.plan.reference),
        _text(sheet, nomination.get_state_display()),
        _text(sheet, nomination.current_unit.name if nomination.current_unit else ""),
        updated,
    ]


def build_workbook(nominations) -> bytes:
    """The rows of ``nominations`` (at most MAX_ROWS, then a note row) as an XLSX file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Dossiers")[:31])
    bold = Font(bold=True)
    header = []
    for title in _headers():
        cell = _text(sheet, title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for count, nomination in enumerate(nominations[: MAX_ROWS + 1].iterator(2000), start=1):
        if count > MAX_ROWS:
            sheet.append(
                [
                    _text(
                        sheet,
                        _(
                            "Only the first %(max)s dossiers are exported. Narrow the filters "
                            "to export the others."
                        )
                        % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                    )
                ]
            )
            break
        sheet.append(_row(sheet, count, nomination))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@require_GET
@login_required
def export_xlsx(request):
    form, nominations = nominations_for(request.user, request.GET)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        )
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(build_workbook(nominations), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response

"""Building XLSX workbooks for exports: dossier lists now, reports and scores later.

A workbook is written in openpyxl's write-only mode (rows stream out, memory stays flat
however long the list). Cells are typed: numbers stay numbers, dates are real date cells
shown dd/mm/yyyy, and text is always text — a name starting with "=" is never a formula,
and characters XML cannot hold (control characters) are dropped rather than failing the
whole export.
"""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

from dienhinh.core.serving import PRIVATE_CACHE, content_disposition, mark_personal_data

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Excel's limit on a sheet's name.
MAX_SHEET_TITLE = 31


class Sheet:
    """One worksheet of an XlsxBuilder: a bold header row, then ``append`` rows of values."""

    def __init__(self, worksheet, header: Iterable[str]):
        self._worksheet = worksheet
        bold = Font(bold=True)
        cells = []
        for title in header:
            cell = self.text(title)
            cell.font = bold
            cells.append(cell)
        if cells:
            worksheet.append(cells)

    def text(self, value) -> Cell:
        """A text cell, whatever ``value`` looks like."""
        cell = WriteOnlyCell(self._worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        # openpyxl stores a text starting with "=" as a formula; typed text must stay text.
        cell.data_type = "s"
        return cell

    def cell(self, value):
        """A cell typed after ``value``: None stays empty, numbers and dates keep their type
        (dates shown dd/mm/yyyy, aware datetimes in local time), anything else is text."""
        if value is None or isinstance(value, Cell):
            return value
        if isinstance(value, bool | int | float | Decimal):
            return value
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(self._worksheet, value=value)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(self._worksheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return self.text(value)

    def append(self, values: Iterable) -> None:
        self._worksheet.append([self.cell(value) for value in values])


class XlsxBuilder:
    """A write-only workbook: ``add_sheet(title, header)``, rows, then ``content()``."""

    def __init__(self):
        self._workbook = Workbook(write_only=True)

    def add_sheet(self, title: str, header: Iterable[str] = ()) -> Sheet:
        clean_title = ILLEGAL_CHARACTERS_RE.sub("", str(title))
        # Excel refuses these in sheet names.
        for char in "[]:*?/\\":
            clean_title = clean_title.replace(char, " ")
        clean_title = " ".join(clean_title.split())
        worksheet = self._workbook.create_sheet(title=clean_title[:MAX_SHEET_TITLE] or "Sheet")
        return Sheet(worksheet, header)

    def content(self) -> bytes:
        """The workbook as XLSX bytes (a write-only workbook can be saved once)."""
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An XLSX download named ``filename`` (UTF-8 names allowed). Exports hold what only
    the caller may see, so they are never kept in a cache."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename, as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE_CACHE
    mark_personal_data(response, "export", filename)
    return response

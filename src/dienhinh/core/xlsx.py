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
from openpyxl.utils import get_column_letter

from dienhinh.core.serving import PRIVATE_CACHE, content_disposition, mark_personal_data

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Excel's limit on a sheet's name.
MAX_SHEET_TITLE = 31


class Sheet:
    """One worksheet of an XlsxBuilder, laid out to be printed by an office: optional title
    lines, then a bold header row that stays frozen on screen and repeats on every printed
    page, then ``append`` rows of values, an autofilter over them, column widths fitted to
    the content and landscape pages one page wide.

    Column widths must be written before the first row (a write-only sheet streams out),
    so the first rows are kept until ``SAMPLE_ROWS`` have come, their widths measured, and
    then written; memory stays bounded however long the sheet.
    """

    SAMPLE_ROWS = 500
    MIN_WIDTH, MAX_WIDTH = 6, 60

    def __init__(self, worksheet, header: Iterable[str], title_lines: Iterable[str] = ()):
        self._worksheet = worksheet
        self._titles = [str(line) for line in title_lines]
        self._header = [str(title) for title in header]
        self._pending: list[list] = []
        self._written = 0
        self._started = False

    # --- cells ---

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

    # --- rows ---

    def append(self, values: Iterable) -> None:
        values = list(values)
        if not self._started:
            self._pending.append(values)
            if len(self._pending) >= self.SAMPLE_ROWS:
                self._start()
            return
        self._write(values)

    def _write(self, values: list) -> None:
        self._worksheet.append([self.cell(value) for value in values])
        self._written += 1

    @staticmethod
    def _shown_width(value) -> int:
        if value is None:
            return 0
        if isinstance(value, datetime.datetime):
            return 16
        if isinstance(value, datetime.date):
            return 10
        return max((len(line) for line in str(value).splitlines()), default=0)

    def _start(self) -> None:
        """Measure the kept rows, lay the sheet out and write what was kept."""
        self._started = True
        sheet = self._worksheet
        columns = max([len(self._header), *(len(row) for row in self._pending)], default=1)
        for index in range(columns):
            seen = [self._shown_width(row[index]) for row in self._pending if index < len(row)]
            if index < len(self._header):
                seen.append(len(self._header[index]))
            width = min(max([self.MIN_WIDTH, *seen]) + 2, self.MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        header_row = len(self._titles) + 1
        if self._header:
            sheet.freeze_panes = f"A{header_row + 1}"
            sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        title_font, bold = Font(bold=True, size=13), Font(bold=True)
        for number, line in enumerate(self._titles):
            cell = self.text(line)
            if number == 0:
                cell.font = title_font
            sheet.append([cell])
        if self._header:
            cells = []
            for title in self._header:
                cell = self.text(title)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        pending, self._pending = self._pending, []
        for row in pending:
            self._write(row)
        self._columns = columns

    def close(self) -> None:
        """Write what is still kept and put the autofilter over the header and the rows."""
        if not self._started:
            self._start()
        if self._header:
            first = len(self._titles) + 1
            last_column = get_column_letter(max(self._columns, len(self._header)))
            self._worksheet.auto_filter.ref = f"A{first}:{last_column}{first + self._written}"


class XlsxBuilder:
    """A write-only workbook: ``add_sheet(title, header)``, rows, then ``content()``."""

    def __init__(self):
        self._workbook = Workbook(write_only=True)
        self._sheets: list[Sheet] = []

    def add_sheet(
        self, title: str, header: Iterable[str] = (), *, title_lines: Iterable[str] = ()
    ) -> Sheet:
        clean_title = ILLEGAL_CHARACTERS_RE.sub("", str(title))
        # Excel refuses these in sheet names.
        for char in "[]:*?/\\":
            clean_title = clean_title.replace(char, " ")
        clean_title = " ".join(clean_title.split())
        worksheet = self._workbook.create_sheet(title=clean_title[:MAX_SHEET_TITLE] or "Sheet")
        sheet = Sheet(worksheet, header, title_lines)
        self._sheets.append(sheet)
        return sheet

    def content(self) -> bytes:
        """The workbook as XLSX bytes (a write-only workbook can be saved once)."""
        for sheet in self._sheets:
            sheet.close()
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


def xlsx_response(content: bytes, filename: str, *, sensitive=()) -> HttpResponse:
    """An XLSX download named ``filename`` (UTF-8 names allowed). Exports hold what only
    the caller may see, so they are never kept in a cache. ``sensitive``: the sensitive
    personal data in it (field names), for the audit entry of the export."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename, as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE_CACHE
    mark_personal_data(response, "export", filename, sensitive)
    return response

"""Turn an uploaded file (bytes) into normalised rows of unit data.

The format is decided by the content, never by the file name: an XLSX file is a zip holding
``[Content_Types].xml`` and ``xl/workbook.xml``; a CSV file is UTF-8 text. Everything else
is refused before any parser sees it.

Every cell goes through ``clean_text``, the one cleaning step for typed text. A cell holding
a character it refuses (NUL, another control character, a bidirectional override) is not a
file error but a row error on that cell, so the report says where it is; the import being
all or nothing, such a file imports nothing until the cell is fixed.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dienhinh.core.text import UnsafeText, clean_text, fold, unsafe_char

XLSX = "xlsx"
CSV = "csv"
MAX_ROWS = 20_000
# A real workbook of MAX_ROWS rows is a few megabytes once unzipped; anything far beyond that
# (or compressed better than deflate manages on real data) is a zip bomb, refused before
# openpyxl inflates it. zipfile never inflates an entry past its declared size.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 500
# A UTF-8 text with NUL bytes is a CSV with a bad cell (reported on its row) unless NUL is
# this large a share of it: then it is UTF-16 or binary data, refused as a whole.
MAX_NUL_SHARE = 0.1

# The columns an import understands, and the header texts (folded) that name each of them.
COLUMNS = ("code", "name", "short_name", "parent_code", "kind", "email")
REQUIRED_COLUMNS = ("code", "name")
_HEADER_ALIASES = {
    "code": ("code", "unit code", "ma", "ma don vi"),
    "name": ("name", "unit name", "ten", "ten don vi"),
    "short_name": ("short name", "ten viet tat", "ten tat"),
    "parent_code": (
        "parent code",
        "parent",
        "parent unit code",
        "ma don vi cap tren",
        "ma cap tren",
    ),
    "kind": ("kind", "type", "loai", "loai don vi"),
    "email": ("email", "e mail", "thu dien tu"),
}
HEADER_LOOKUP = {alias: column for column, names in _HEADER_ALIASES.items() for alias in names}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


@dataclass
class Row:
    """One data row: ``number`` is the row number as the spreadsheet shows it (header = 1).

    ``refused`` maps a column to clean_text's message when its cell holds a refused
    character; ``values`` then holds the cell without those characters, for the report.
    """

    number: int
    values: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class ParsedFile:
    format: str
    columns: list[str]
    rows: list[Row]


def header_key(text: str) -> str:
    """Fold a header cell so that "Mã đơn vị cấp trên", "parent_code" and "Parent Code" match."""
    return " ".join(fold(text.replace("_", " ").replace("-", " ")).split())


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    """Refuse a file over IMPORT_MAX_BYTES before anything reads it."""
    if size > max_bytes():
        raise ImportFileError(
            _("The file is too large: the limit is %(limit)d MB.")
            % {"limit": max_bytes() // (1024 * 1024)}
        )


def detect_format(data: bytes) -> str:
    """Return XLSX or CSV from the content, or raise ImportFileError."""
    not_supported = ImportFileError(_("This file is not an XLSX or CSV file."))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise not_supported from None
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise not_supported
        unzipped = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries)
        if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * max(compressed, 1):
            raise ImportFileError(_("This XLSX file unpacks to an unreasonable size; refused."))
        return XLSX
    nuls = data.count(b"\x00")
    if nuls and (nuls > MAX_NUL_SHARE * len(data) or not _is_utf8(data)):
        raise not_supported
    return CSV


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Split it into smaller files.")
        % {"max": number_format(MAX_ROWS, force_grouping=True)}
    )


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("The XLSX file is damaged and cannot be read.")) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_cell_text(value) for value in cells]
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_("The XLSX file is damaged and cannot be read.")) from None
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _('This CSV file is not in UTF-8. Save it again as "CSV UTF-8" and upload it again.')
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Quoted cells may span lines, so the file row number is the reader's line count.
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
        ) from None


def _clean_cell(text: str) -> tuple[str, str | None]:
    """The cell through clean_text, and None; or, when it refuses the cell, the cell without
    the refused characters and clean_text's message."""
    try:
        return clean_text(text), None
    except UnsafeText as error:
        kept = "".join(char for char in text if unsafe_char(char) is None)
        return clean_text(kept), error.message


def read_rows(data: bytes) -> ParsedFile:
    """Parse an uploaded file into rows keyed by column name, every cell through clean_text.

    Raises ImportFileError for a file that is too large, of another format, damaged, without
    the required columns, with a refused character in its header row, or with more than
    MAX_ROWS data rows. Empty rows are skipped; refused cells are in ``Row.refused``.
    """
    check_size(len(data))
    kind = detect_format(data)
    source = _xlsx_rows(data) if kind == XLSX else _csv_rows(data)
    positions: dict[int, str] | None = None
    rows: list[Row] = []
    for number, cells in source:
        cleaned = [_clean_cell(cell) for cell in cells]
        texts = [text for text, _refusal in cleaned]
        if not any(texts):
            continue
        if positions is None:
            refusal = next((message for _text, message in cleaned if message), None)
            if refusal:
                raise ImportFileError(
                    _("Row %(row)d (the header row): %(message)s")
                    % {"row": number, "message": refusal}
                )
            positions = _read_header(texts)
            continue
        row = Row(number)
        for index, column in positions.items():
            if index < len(cleaned):
                text, refusal = cleaned[index]
                row.values[column] = text.lower() if column == "email" else text
                if refusal:
                    row.refused[column] = refusal
        if not any(row.values.values()) and not row.refused:
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        rows.append(row)
    if positions is None:
        raise ImportFileError(_("The file is empty."))
    return ParsedFile(kind, sorted(set(positions.values()), key=COLUMNS.index), rows)


def _read_header(texts: list[str]) -> dict[int, str]:
    """Map column positions to column names; unknown headers are ignored."""
    positions: dict[int, str] = {}
    for index, text in enumerate(texts):
        column = HEADER_LOOKUP.get(header_key(text))
        if column is None:
            continue
        if column in positions.values():
            raise ImportFileError(
                _("The column “%(header)s” appears twice in the header row.") % {"header": text}
            )
        positions[index] = column
    missing = [column for column in REQUIRED_COLUMNS if column not in positions.values()]
    if missing:
        raise ImportFileError(
            _(
                "The first row must be a header row with at least the columns "
                "code and name (Mã, Tên)."
            )
        )
    return positions

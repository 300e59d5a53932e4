"""Fill a DOCX template with docxtpl, in Jinja's sandbox with autoescaping on.

A unit may upload its own template, so the template is untrusted code: the sandbox keeps it
from reaching Python internals, autoescaping keeps an "&" or "<" in a unit's name from
breaking the XML, and undefined names are errors (a misspelt placeholder is named to the
user rather than printed as nothing). Every failure becomes DocumentTemplateError with a
message a person can act on; nothing reaches the user as a 500.
"""

import io
import re
import zipfile
from copy import deepcopy as copy_element
from xml.sax.saxutils import escape as xml_escape

from django.utils.translation import gettext as _
from docx.oxml.ns import nsmap, qn
from docxtpl import DocxTemplate, RichText
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from dienhinh.plans.document import inline_runs


class DocumentTemplateError(Exception):
    """A template that cannot be filled; ``message`` says which placeholder or line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def rich(text: str) -> RichText:
    """A paragraph with its ``**bold**`` words as bold runs (autoescaped by RichText)."""
    value = RichText()
    for piece, bold in inline_runs(text):
        value.add(piece, bold=bold)
    return value


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _near(error) -> str:
    """The template's text around the failing line, as docxtpl gathers it."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in getattr(error, "docx_context", [])]
    return " / ".join(line for line in lines if line)[:200]


def _message(error: Exception) -> str:
    if isinstance(error, UndefinedError):
        name = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(error))
        placeholder = next((g for g in name.groups() if g), str(error)) if name else str(error)
        return _(
            "The template uses the placeholder “%(name)s”, which this document does not have."
        ) % {"name": placeholder}
    if isinstance(error, SecurityError):
        return _("The template tries something templates may not do: %(error)s") % {
            "error": str(error)
        }
    if isinstance(error, TemplateSyntaxError):
        return _("The template has a mistake in a placeholder near “%(near)s”: %(error)s") % {
            "near": _near(error) or "?",
            "error": error.message,
        }
    return _("The template cannot be filled: %(error)s") % {"error": str(error)}


def _stable(data: bytes) -> bytes:
    """The same DOCX with fixed entry times: the same document gives the same bytes, so its
    content hash finds the PDF converted before (documents.pdf caches by it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# docxtpl needs about 0.3 s per hundred table rows (Jinja over the row's XML, then its
# table fixes): a province's summary or score table would take seconds. Tables longer than
# this are rendered with their first row only, and the other rows are copies of that
# rendered row (the template's formatting kept) with their cells' text replaced.
FAST_TABLE_ROWS = 20
_MARK = "\u2063\u2063"
W_NS = nsmap["w"]  # invisible separators: the first row's first cell, found after


def _shorten_tables(context: dict) -> tuple[dict, dict[str, list[list[str]]]]:
    """A copy of ``context`` whose long tables keep only their first row, marked; the
    rest by marker."""
    rest: dict[str, list[list[str]]] = {}
    sections = []
    for section in context.get("sections") or []:
        tables = []
        for table in section.get("tables") or []:
            rows = table.get("rows") or []
            if len(rows) > FAST_TABLE_ROWS and all(len(r) == len(rows[0]) for r in rows):
                marker = f"{_MARK}{len(rest)}{_MARK}"
                rest[marker] = [[str(cell) for cell in row] for row in rows[1:]]
                first = [marker + str(rows[0][0]), *rows[0][1:]]
                table = {**table, "rows": [first]}
            tables.append(table)
        sections.append({**section, "tables": tables})
    return {**context, "sections": sections}, rest


def _row_pattern(row) -> tuple[str, int]:
    """The row's XML with a slot in place of each cell's text (its first text run; the
    cell's other runs emptied)."""
    pattern = copy_element(row)
    cells = pattern.findall(qn("w:tc"))
    for index, cell in enumerate(cells):
        texts = cell.findall(".//" + qn("w:t"))
        for extra in texts[1:]:
            extra.text = ""
        if texts:
            texts[0].text = f"\u2063{index}\u2063"
            texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(pattern, encoding="unicode"), len(cells)


def _rows_xml(row, values: list[list[str]]) -> list:
    """Copies of ``row`` holding ``values``: written as text and parsed once (building
    them element by element through python-docx's classes is ten times slower)."""
    pattern, count = _row_pattern(row)
    slot = re.compile("\u2063(\\d+)\u2063")
    rows = [
        slot.sub(lambda m, cells=cells: xml_escape(cells[int(m.group(1))]), pattern)
        for cells in values
        if len(cells) == count
    ]
    # A plain parser: the rows join python-docx's tree, whose classes apply once there.
    return list(etree.fromstring(f'<w:rows xmlns:w="{W_NS}">{"".join(rows)}</w:rows>'))


def _fill_tables(body, rest: dict[str, list[list[str]]]) -> bool:
    """Add the remaining rows after each marked row; False when a marker is not where a
    table row's first cell would hold it (a template that shows rows otherwise)."""
    found = {}
    for text in body.iter(qn("w:t")):
        for marker in rest:
            if text.text and marker in text.text:
                if marker in found:
                    return False
                found[marker] = text
    if set(found) != set(rest):
        return False
    for marker, text in found.items():
        row = next((a for a in text.iterancestors(qn("w:tr"))), None)
        if row is None or len(row.findall(qn("w:tc"))) != len(rest[marker][0]):
            return False
        text.text = text.text.replace(marker, "")
        anchor = row
        for copy in _rows_xml(row, rest[marker]):
            anchor.addnext(copy)
            anchor = copy
    return True


def _render(template: bytes, context: dict) -> bytes:
    short, rest = _shorten_tables(context)
    document = DocxTemplate(io.BytesIO(template))
    document.render(short if rest else context, jinja_env=_environment(), autoescape=True)
    if rest and not _fill_tables(document.docx.element.body, rest):
        document = DocxTemplate(io.BytesIO(template))  # the slow way, whatever it shows
        document.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(template: bytes, context: dict) -> bytes:
    """The DOCX of ``template`` filled with ``context``; DocumentTemplateError if it fails."""
    try:
        rendered = _render(template, context)
    except (TemplateError, SecurityError) as error:
        raise DocumentTemplateError(_message(error)) from error
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as error:
        raise DocumentTemplateError(
            _("The template is not a Word document that can be filled (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    return _stable(rendered)

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

from django.utils.translation import gettext as _
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


def render_docx(template: bytes, context: dict) -> bytes:
    """The DOCX of ``template`` filled with ``context``; DocumentTemplateError if it fails."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=_environment(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except (TemplateError, SecurityError) as error:
        raise DocumentTemplateError(_message(error)) from error
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as error:
        raise DocumentTemplateError(
            _("The template is not a Word document that can be filled (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    return _stable(out.getvalue())

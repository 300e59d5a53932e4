"""Documents of a report: attachments of the draft, the file of a report received by email,
and the signed and stamped scan of a submitted version. Checked by content with the dossier
uploads' checks (nominations.files): PDF or DOCX documents; the scan may also be a photo."""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from dienhinh.nominations.editing.uploads import safe_filename
from dienhinh.nominations.files import clean_consent_scan, clean_document
from dienhinh.reports.models import ReportAttachment, ReportVersion

MAX_ATTACHMENTS = 10


def _name(upload, extension: str) -> str:
    original = safe_filename(getattr(upload, "name", ""), f"document.{extension}")
    stem, ext = os.path.splitext(original)
    if ext.lower() != f".{extension}":
        # The name must not promise another type than the content has.
        original = f"{stem[:240]}.{extension}"
    return original


def new_attachment(report, upload) -> ReportAttachment:
    """Check ``upload`` (PDF or DOCX) and store it as an attachment of ``report``'s draft.
    Side effects: one file in the default storage and one ReportAttachment row."""
    cleaned = clean_document(upload)
    attachment = ReportAttachment(
        report=report,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        original_name=_name(upload, cleaned.extension),
    )
    attachment.file.save(f"document.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    attachment.save()
    return attachment


def store_received_file(version: ReportVersion, upload) -> ReportAttachment:
    """The file of a report received by email, attached to the version recording it."""
    attachment = new_attachment(version.report, upload)
    version.attachments.add(attachment)
    return attachment


def store_scan(version: ReportVersion, upload) -> None:
    """Check the signed and stamped scan (PDF or photo) and put it on ``version``."""
    try:
        cleaned = clean_consent_scan(upload)
    except ValidationError as error:
        # The checks are the consent scan's; their messages name a consent form.
        if error.code == "bad_type":
            raise ValidationError(
                _("The signed scan must be a PDF or a photo (JPEG, PNG or WebP)."), code="bad_type"
            ) from error
        if error.code == "too_large":
            raise ValidationError(
                _("A signed scan may be at most 10 MB."), code="too_large"
            ) from error
        raise
    version.scan.save(f"scan.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    version.scan_name = _name(upload, cleaned.extension)
    version.scan_type = cleaned.content_type

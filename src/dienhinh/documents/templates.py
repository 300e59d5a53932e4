"""A unit's own DOCX templates: uploaded, checked like every upload, tried before kept.

The checks: a real DOCX of reasonable size without macros or content loaded from outside
(the same check as dossier attachments, nominations.files), and a trial fill with sample
data, so that a misspelt placeholder or a broken tag is refused at upload with its name
rather than found later when someone needs the document.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.documents.common import Section, Table, frame
from dienhinh.documents.models import DocumentKind, UnitTemplate
from dienhinh.documents.rendering import DocumentTemplateError, render_docx
from dienhinh.nominations.files import check_docx
from dienhinh.orgs.models import OrgUnit

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def sample_context() -> dict:
    """Every placeholder a template may use, filled with sample values."""
    return frame(
        superior="Tổng Liên đoàn Lao động Việt Nam",
        issuer="Liên đoàn Lao động tỉnh Trà Vinh",
        number=1,
        symbol="KH-LĐLĐ",
        place="Trà Vinh",
        day=datetime.date(2026, 1, 5),
        title="Mẫu",
        sections=[Section("I. MẪU", ["Đoạn **mẫu**."], [Table("Biểu", ["A", "B"], [["1", "2"]])])],
        recipients=["- Lưu VT."],
        authority_line="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        countersign="THỦ TRƯỞNG ĐƠN VỊ",
    )


def check_template(data: bytes) -> None:
    """Raise ValidationError unless ``data`` is a DOCX template that can be filled."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("A template may be at most 5 MB."), code="too_big")
    check_docx(data)
    try:
        render_docx(data, sample_context())
    except DocumentTemplateError as error:
        raise ValidationError(error.message, code="broken_template") from error


@transaction.atomic
def upload_template(unit: OrgUnit, kind: str, *, name: str, data: bytes, by: User) -> UnitTemplate:
    """Keep ``data`` as the unit's template for ``kind`` (replacing its previous one).

    Side effects: writes (or replaces) the unit's UnitTemplate row. Refused for those who do
    not issue the unit's plans (PermissionDenied) and for a template that fails the checks.
    """
    if not by.has_perm("plans.add_plan", unit):
        raise PermissionDenied(_("You may not change this unit's document templates."))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    check_template(data)
    template, _created = UnitTemplate.objects.update_or_create(
        unit=unit, kind=kind, defaults={"name": name[:255], "content": data, "uploaded_by": by}
    )
    return template

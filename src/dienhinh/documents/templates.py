"""A unit's own DOCX templates: uploaded, checked like every upload, tried before kept.

The checks: a real DOCX of reasonable size without macros or content loaded from outside
(the same check as dossier attachments, nominations.files), no link to anything outside
it (a template is copied into every document the unit issues, so unlike an attachment it
may not even carry a hyperlink), and a trial fill with sample data, so that a misspelt
placeholder or a broken tag is refused at upload with its name rather than found later
when someone needs the document.

A unit's template serves the documents it issues and those of the units under it that
have none of their own (documents.service.template_for). Its subtree administrators
upload, download and remove it (``manages_templates``).
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.accounts.models import User
from dienhinh.accounts.scope import ADMIN_ROLES, covers
from dienhinh.documents.builtin import builtin_path
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


def manages_templates(user, unit: OrgUnit) -> bool:
    """The unit's subtree administrators (and the system administrators)."""
    return covers(user, unit, ADMIN_ROLES)


def _no_external_links(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".rels") and re.search(rb'TargetMode="External"', archive.read(name)):
                raise ValidationError(
                    _(
                        "The template links to something outside it (%(part)s). Remove the "
                        "links and upload it again."
                    )
                    % {"part": name},
                    code="external_link",
                )


def check_template(data: bytes) -> None:
    """Raise ValidationError unless ``data`` is a DOCX template that can be filled."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("A template may be at most 5 MB."), code="too_big")
    check_docx(data)
    _no_external_links(data)
    try:
        render_docx(data, sample_context())
    except DocumentTemplateError as error:
        raise ValidationError(error.message, code="broken_template") from error


@transaction.atomic
def upload_template(unit: OrgUnit, kind: str, *, name: str, data: bytes, by: User) -> UnitTemplate:
    """Keep ``data`` as the unit's template for ``kind`` (replacing its previous one).

    Side effects: writes (or replaces) the unit's UnitTemplate row. Refused for those who do
    not administer the unit (PermissionDenied) and for a template that fails the checks.
    """
    if not manages_templates(by, unit):
        raise PermissionDenied(_("You may not change this unit's document templates."))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    check_template(data)
    template, _created = UnitTemplate.objects.update_or_create(
        unit=unit, kind=kind, defaults={"name": name[:255], "content": data, "uploaded_by": by}
    )
    return template


@transaction.atomic
def revert_template(unit: OrgUnit, kind: str, *, by: User) -> bool:
    """Remove the unit's own template for ``kind``: its documents use the nearest one
    above, else the built-in one. Side effects: deletes the UnitTemplate row; False when
    there was none."""
    if not manages_templates(by, unit):
        raise PermissionDenied(_("You may not change this unit's document templates."))
    deleted, _rows = UnitTemplate.objects.filter(unit=unit, kind=kind).delete()
    return bool(deleted)


@dataclass
class CurrentTemplate:
    kind: str
    label: str
    own: UnitTemplate | None  # the unit's own upload
    inherited: UnitTemplate | None  # else the nearest unit's above it

    @property
    def source(self) -> str:
        return "own" if self.own else "inherited" if self.inherited else "builtin"


def current_templates(unit: OrgUnit) -> list[CurrentTemplate]:
    """For every kind of document, the template the unit's documents use (one query)."""
    paths = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    nearest: dict[str, UnitTemplate] = {}
    rows = (
        UnitTemplate.objects.filter(unit__path__in=paths)
        .select_related("unit", "uploaded_by")
        .defer("content")
        .order_by("unit__depth")
    )
    for row in rows:
        nearest[row.kind] = row  # the deepest unit wins
    return [
        CurrentTemplate(
            kind,
            str(label),
            nearest[kind] if kind in nearest and nearest[kind].unit_id == unit.pk else None,
            nearest[kind] if kind in nearest and nearest[kind].unit_id != unit.pk else None,
        )
        for kind, label in DocumentKind.choices
    ]


def template_file(unit: OrgUnit, kind: str, *, builtin: bool = False) -> tuple[bytes, str]:
    """The DOCX the unit's documents of ``kind`` use (or the built-in one) and its name."""
    from dienhinh.documents.service import template_for

    if builtin:
        return builtin_path(kind).read_bytes(), builtin_path(kind).name
    own = next(t for t in current_templates(unit) if t.kind == kind)
    found = own.own or own.inherited
    name = found.name if found else builtin_path(kind).name
    return template_for(kind, unit), name

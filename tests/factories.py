"""Factories for tests: units (through treebeard, so paths stay consistent), users and roles,
small real files, dossiers."""

import functools
import io
import itertools

import factory
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfWriter

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.nominations.models import Attachment, Nomination, Photo
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.plans.models import Plan, SubjectKind

_codes = itertools.count(1)


def make_unit(
    name: str,
    *,
    parent: OrgUnit | None = None,
    kind: str = UnitKind.GRASSROOTS,
    code: str | None = None,
    **fields,
) -> OrgUnit:
    unit = OrgUnit(name=name, kind=kind, code=code or f"U{next(_codes):05d}", **fields)
    if parent is None:
        return OrgUnit.objects.add_root(instance=unit)
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, instance=unit)


@functools.cache
def password_hash() -> str:
    # Hashing with the real PBKDF2 hasher costs about a second; every persona shares one hash
    # so that building the world stays fast while logins still check a real hash.
    return make_password("secret-pass-123")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    password = factory.LazyFunction(password_hash)


def grant(user: User, unit: OrgUnit, role: str = Role.OFFICER, *, subtree: bool = True):
    return RoleAssignment.objects.create(user=user, unit=unit, role=role, covers_subtree=subtree)


# --- Small real files ----------------------------------------------------------------------


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 16, height: int = 12) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes(width: int = 595, height: int = 842) -> bytes:
    """A one-page PDF (A4 by default)."""
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Dossiers ------------------------------------------------------------------------------


def make_photo(nomination: Nomination, **fields) -> Photo:
    """A small JPEG photo of ``nomination`` (and its thumbnail), written straight to the
    database."""
    return Photo.objects.create(
        nomination=nomination,
        image=ContentFile(jpeg_bytes(), "a.jpg"),
        thumbnail=ContentFile(jpeg_bytes(), "t.jpg"),
        content_type="image/jpeg",
        width=16,
        height=12,
        **fields,
    )


def make_nomination(
    plan: Plan,
    unit: OrgUnit,
    *,
    by: User,
    photo: bool = True,
    attachment: bool = False,
    **fields,
) -> Nomination:
    """A draft dossier of ``unit`` written straight to the database (the editing functions
    are tested on their own), by default about a person, with one small JPEG photo (the
    workflow wants one before submitting) and optionally one PDF attachment."""
    values = {
        "subject_kind": SubjectKind.INDIVIDUAL,
        "full_name": "Nguyễn Thị Mai",
        "birth_year": 1985,
        "headline": "Giáo viên dạy giỏi nhiều năm liền",
        "created_by": by,
        **fields,
    }
    nomination = Nomination.objects.create(plan=plan, nominating_unit=unit, **values)
    if photo:
        make_photo(nomination)
    if attachment:
        content = pdf_bytes(72, 72)
        Attachment.objects.create(
            nomination=nomination,
            file=ContentFile(content, "d.pdf"),
            content_type="application/pdf",
            size=len(content),
            original_name="Báo cáo thành tích.pdf",
        )
    return nomination

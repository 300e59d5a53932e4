"""Helpers for the dossier edit pages: English pages, files to upload, a submitted dossier."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from dienhinh.nominations.enums import Action
from dienhinh.nominations.models import Attachment
from dienhinh.nominations.workflow import Decision, transition_nomination
from tests.factories import pdf_bytes


@pytest.fixture
def page_language():
    """English pages: assertions read the English msgids whatever translations exist."""
    return "en"


def jpeg_with_gps(width: int = 64, height: int = 48) -> bytes:
    image = Image.new("RGB", (width, height), (10, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 20.0, 30.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def media_files() -> list:
    """Every file stored under MEDIA_ROOT (the test's own temporary folder)."""
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def draft(make_nomination):
    """A draft of unit A with one photo and one attachment."""
    nomination = make_nomination()
    Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), "x.pdf"),
        content_type="application/pdf",
        size=len(pdf_bytes()),
        title="Biên bản họp",
        original_name="Biên bản họp công đoàn.pdf",
    )
    return nomination


@pytest.fixture
def submitted(world, make_nomination):
    """A dossier of unit A submitted to the district, with one photo and one attachment."""
    nomination = make_nomination(full_name="Trần Văn Nộp")
    Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), "x.pdf"),
        content_type="application/pdf",
        size=len(pdf_bytes()),
        original_name="hồ sơ.pdf",
    )
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a, decision=Decision())
    nomination.refresh_from_db()
    return nomination

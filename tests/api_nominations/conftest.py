"""Fixtures for the dossier, plan and movement API tests: token clients, an issued plan,
dossiers in a few states and small real files (a JPEG made with Pillow, a one-page PDF)."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation
from PIL import Image

from dienhinh.accounts.domain import issue_token
from dienhinh.nominations.models import Attachment, Nomination, Photo
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.models import SubjectKind


def jpeg_bytes(width: int = 16, height: int = 12) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def api_client(db):
    """``api_client(user)``: an English-speaking client sending ``user``'s bearer token
    (anonymous for None)."""

    def _client(user) -> Client:
        headers = {}
        if user is not None:
            _token, key = issue_token(user=user, name="tests")
            headers["Authorization"] = f"Bearer {key}"
        client = Client(headers=headers)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _client


@pytest.fixture
def make_nomination(world, plan):
    def _make(unit=None, *, photo: bool = True, **fields) -> Nomination:
        values = {
            "subject_kind": SubjectKind.INDIVIDUAL,
            "full_name": "Nguyễn Thị Mai",
            "birth_year": 1985,
            "headline": "Giáo viên dạy giỏi nhiều năm liền",
            "field": plan.plan_fields.get(),
            "created_by": world.officer_a,
            **fields,
        }
        nomination = Nomination.objects.create(
            plan=plan, nominating_unit=unit or world.unit_a, **values
        )
        if photo:
            Photo.objects.create(
                nomination=nomination,
                image=ContentFile(jpeg_bytes(), "a.jpg"),
                thumbnail=ContentFile(jpeg_bytes(), "t.jpg"),
                content_type="image/jpeg",
                width=16,
                height=12,
            )
        Attachment.objects.create(
            nomination=nomination,
            file=ContentFile(pdf_bytes(), "d.pdf"),
            content_type="application/pdf",
            size=100,
            original_name="Báo cáo thành tích.pdf",
        )
        return nomination

    return _make


@pytest.fixture
def draft_a(make_nomination):
    """A draft of unit A: only A's officers (and administrators) see it."""
    return make_nomination(full_name="Trần Văn Nháp", birth_year=1980)


@pytest.fixture
def submitted_a(world, make_nomination):
    """A dossier of unit A, submitted: waiting for the district's reviewer."""
    nomination = make_nomination(full_name="Lê Thị Nộp", birth_year=1990)
    transition_nomination(nomination, action="submit", by=world.officer_a)
    nomination.refresh_from_db()
    return nomination

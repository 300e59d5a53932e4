"""Helpers for the import tests: files made on the fly with openpyxl and csv."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from dienhinh.accounts.models import Role
from tests.factories import UserFactory, grant

HEADER = ["code", "name", "short_name", "parent_code", "kind", "email"]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_upload(data: bytes, name: str = "units.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English messages, whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    """Keep uploaded files of the tests out of the real var/ folder."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    return settings.VAR_DIR / "imports"


@pytest.fixture
def english(login):
    """``english(user)``: a logged-in client that asks for English pages."""

    def _client(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _client


@pytest.fixture
def admin_b(world):
    """A subtree administrator of unit_b only (sibling of unit_a)."""
    user = UserFactory(email="admin_b@example.vn", full_name="Trương Văn Bé")
    grant(user, world.unit_b, Role.SUBTREE_ADMIN)
    return user

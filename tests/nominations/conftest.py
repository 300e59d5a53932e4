import io

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from dienhinh.nominations.models import Nomination, Photo
from dienhinh.plans.models import SubjectKind


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def make_nomination(world, plan):
    def _make(unit=None, *, photo: bool = True, **fields) -> Nomination:
        values = {
            "subject_kind": SubjectKind.INDIVIDUAL,
            "full_name": "Nguyễn Thị Mai",
            "birth_year": 1985,
            "headline": "Giáo viên dạy giỏi nhiều năm liền",
            "created_by": world.officer_a,
            **fields,
        }
        nomination = Nomination.objects.create(
            plan=plan, nominating_unit=unit or world.unit_a, **values
        )
        if photo:
            Photo.objects.create(
                nomination=nomination,
                image=ContentFile(png_bytes(), "a.png"),
                content_type="image/png",
                width=8,
                height=8,
            )
        return nomination

    return _make


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English here; one test checks the Vietnamese."""
    with translation.override("en"):
        yield

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from dienhinh.nominations.models import Nomination, Photo
from dienhinh.plans.models import Criterion, Plan, PlanField, PlanStatus, SubjectKind


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def plan(world):
    plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2017,
        number=57,
        symbol="KH-LĐLĐ",
        title="Tuyên truyền các điển hình tiên tiến",
        issued_on=datetime.date(2017, 6, 29),
        place="Trà Vinh",
        nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
        report_deadline=datetime.date.today() + datetime.timedelta(days=60),
        status=PlanStatus.ISSUED,
    )
    PlanField.objects.create(plan=plan, name="Lao động sản xuất")
    Criterion.objects.create(plan=plan, group="Tiêu chí chung", text="Có sáng kiến", max_points=10)
    return plan


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

"""Fixtures of the audit tests: English pages, dossiers ready to submit, a draft plan."""

import datetime

import pytest
from django.utils import translation

from dienhinh.core.models import AuditEntry
from dienhinh.plans.models import Criterion, Plan, PlanField, PlanStatus


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def draft_plan(world):
    """A draft plan of the province, ready to be issued."""
    plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2026,
        number=12,
        symbol="KH-LĐLĐ",
        title="Tuyên truyền điển hình tiên tiến năm 2026",
        nomination_deadline=datetime.date.today() + datetime.timedelta(days=20),
        report_deadline=datetime.date.today() + datetime.timedelta(days=40),
        status=PlanStatus.DRAFT,
    )
    PlanField.objects.create(plan=plan, name="Giáo dục")
    Criterion.objects.create(plan=plan, text="Có sáng kiến", max_points=10)
    return plan


def only_entry(**filters) -> AuditEntry:
    """The one audit entry matching ``filters`` (fails when there are none or several)."""
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]
